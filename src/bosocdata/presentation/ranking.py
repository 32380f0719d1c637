"""The ranking in words a board can act on (docs/concepts/assessment.md, "Reading the
ranking"): the rank interval as a plain sentence, why an area is not ranked, and what one
indicator adds to an area's index. Danish first, English second; numbers as on screen.
"""

from __future__ import annotations

import math

from bosocdata.presentation.numbers import format_count, format_number, format_value
from bosocdata.presentation.vocabulary import Vocabulary


def _ok(x: float | None) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def rank_in_words(low: float | None, high: float | None, n: float | None, language: str) -> str:
    """Where the area stands under other reasonable weights and normalisations (the
    Monte-Carlo's 90 % rank interval `low`-`high` among `n` ranked areas).

    1-3 of 22: "blandt de 3 mest udsatte"; 20-22: "blandt de 3 mindst udsatte"; 2-2:
    "nr. 2 ved alle vægte"; otherwise "mellem nr. 4 og nr. 8".
    """
    t = Vocabulary(language)
    if not (_ok(low) and _ok(high)):
        return "–"
    lo, hi = round(float(low)), round(float(high))  # type: ignore[arg-type]
    total = round(float(n)) if _ok(n) else None  # type: ignore[arg-type]
    if lo == hi:
        return t("rank_words_fixed", rank=lo)
    if lo == 1:
        return t("rank_words_most", count=hi)
    if total is not None and hi == total:
        return t("rank_words_least", count=total - lo + 1)
    return t("rank_words_between", low=lo, high=hi)


def unranked_reason(
    residents: float | None,
    min_residents: int | None,
    has_index: bool,
    language: str,
) -> str:
    """Why an area has no rank: too few residents (the minimum size), or too few
    indicators with a published value for an index."""
    t = Vocabulary(language)
    if not _ok(residents):
        return t("unranked_residents_unpublished")
    if min_residents is not None and float(residents) < min_residents:  # type: ignore[arg-type]
        count, least = format_count(residents, language), format_count(min_residents, language)
        return t("unranked_too_few_residents", count=count, least=least)
    if not has_index:
        return t("unranked_too_few_indicators")
    return t("not_ranked")


def _distance(normalised: float, normalisation: str, t: Vocabulary) -> str:
    """The normalised value in words, for the index's normalisation."""
    worse = normalised > 0
    if normalisation == "percentile":
        return t("distance_percentile", share=format_number(normalised, 0, t.language))
    if normalisation == "ratio":
        size = format_number(abs(100 * normalised), 0, t.language)
        return t("distance_ratio_more" if worse else "distance_ratio_less", size=size)
    size = format_number(abs(normalised), 1, t.language)
    if normalisation == "zscore":
        return t("distance_zscore_above" if worse else "distance_zscore_below", size=size)
    return t("distance_sd_more" if worse else "distance_sd_less", size=size)


def contribution_sentence(
    *,
    name: str,
    value: float | None,
    benchmark: float | None,
    unit: str | None,
    normalised: float | None,
    weight: float | None,
    contribution: float | None,
    normalisation: str,
    language: str,
) -> str:
    """One indicator's part of an area's index, as a sentence:

    "Udsættelser: 2,1 mod 0,3 i kommunen, 1,8 standardafvigelser mere udsat end kommunen;
    med vægten 4,8 % lægger det 0,09 til indekset."
    """
    t = Vocabulary(language)
    if not (_ok(value) and _ok(normalised) and _ok(contribution)):
        return t("contribution_no_value", name=name)
    c = float(contribution)  # type: ignore[arg-type]
    words = {
        "name": name,
        "shown": format_value(value, unit, language),
        "bench": format_value(benchmark, unit, language),
        "where": _distance(float(normalised), normalisation, t),  # type: ignore[arg-type]
    }
    if format_number(c, 2, language).strip("-−0,.") == "":
        return t("contribution_nothing", **words)
    return t(
        "contribution_adds" if c > 0 else "contribution_takes",
        share=format_number(100 * float(weight or 0.0), 1, language),
        part=format_number(abs(c), 2, language),
        **words,
    )
