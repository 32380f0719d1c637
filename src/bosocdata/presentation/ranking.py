"""The ranking in words a board can act on (docs/concepts/assessment.md, "Reading the
ranking"): the rank interval as a plain sentence, why an area is not ranked, and what one
indicator adds to an area's index. Danish first, English second; numbers as on screen.
"""

from __future__ import annotations

import math

from bosocdata.presentation.numbers import format_count, format_number, format_value


def _ok(x: float | None) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def rank_in_words(low: float | None, high: float | None, n: float | None, language: str) -> str:
    """Where the area stands under other reasonable weights and normalisations (the
    Monte-Carlo's 90 % rank interval `low`-`high` among `n` ranked areas).

    1-3 of 22: "blandt de 3 mest udsatte"; 20-22: "blandt de 3 mindst udsatte"; 2-2:
    "nr. 2 ved alle vægte"; otherwise "mellem nr. 4 og nr. 8".
    """
    da = language != "en"
    if not (_ok(low) and _ok(high)):
        return "–"
    lo, hi = round(float(low)), round(float(high))  # type: ignore[arg-type]
    total = round(float(n)) if _ok(n) else None  # type: ignore[arg-type]
    if lo == hi:
        return f"nr. {lo} ved alle vægte" if da else f"rank {lo} under every weighting"
    if lo == 1:
        return f"blandt de {hi} mest udsatte" if da else f"among the {hi} most vulnerable"
    if total is not None and hi == total:
        k = total - lo + 1
        return f"blandt de {k} mindst udsatte" if da else f"among the {k} least vulnerable"
    return f"mellem nr. {lo} og nr. {hi}" if da else f"between rank {lo} and rank {hi}"


def unranked_reason(
    residents: float | None,
    min_residents: int | None,
    has_index: bool,
    language: str,
) -> str:
    """Why an area has no rank: too few residents (the minimum size), or too few
    indicators with a published value for an index."""
    da = language != "en"
    if not _ok(residents):
        return "antal beboere ikke offentliggjort" if da else "number of residents not published"
    if min_residents is not None and float(residents) < min_residents:  # type: ignore[arg-type]
        count, least = format_count(residents, language), format_count(min_residents, language)
        return (
            f"for få beboere: {count}, mindst {least}"
            if da
            else f"too few residents: {count}, at least {least}"
        )
    if not has_index:
        return (
            "for få indikatorer med offentliggjorte tal til et indeks"
            if da
            else "too few indicators with published values for an index"
        )
    return "ikke rangeret" if da else "not ranked"


def _distance(normalised: float, normalisation: str, language: str) -> str:
    """The normalised value in words, for the index's normalisation."""
    da = language != "en"
    worse = normalised > 0
    if normalisation == "percentile":
        share = format_number(normalised, 0, language)
        return (
            f"mere udsat end {share} % af områderne"
            if da
            else f"more vulnerable than {share} % of the areas"
        )
    if normalisation == "ratio":
        size = format_number(abs(100 * normalised), 0, language)
        if da:
            return f"{size} % {'mere' if worse else 'mindre'} udsat end kommunen"
        return f"{size} % {'more' if worse else 'less'} vulnerable than the municipality"
    size = format_number(abs(normalised), 1, language)
    if normalisation == "zscore":
        if da:
            return f"{size} standardafvigelser {'over' if worse else 'under'} områdernes gennemsnit"
        return f"{size} standard deviations {'above' if worse else 'below'} the areas' mean"
    if da:
        return f"{size} standardafvigelser {'mere' if worse else 'mindre'} udsat end kommunen"
    return (
        f"{size} standard deviations {'more' if worse else 'less'} vulnerable than the municipality"
    )


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
    da = language != "en"
    if not (_ok(value) and _ok(normalised) and _ok(contribution)):
        return (
            f"{name}: intet offentliggjort tal, så indikatoren indgår ikke i år."
            if da
            else f"{name}: no published value, so the indicator is left out this year."
        )
    z = float(normalised)  # type: ignore[arg-type]
    c = float(contribution)  # type: ignore[arg-type]
    shown = format_value(value, unit, language)
    bench = format_value(benchmark, unit, language)
    where = _distance(z, normalisation, language)
    share = format_number(100 * float(weight or 0.0), 1, language)
    part = format_number(abs(c), 2, language)
    if format_number(c, 2, language).strip("-−0,.") == "":
        tail = "bidrager ikke til indekset" if da else "adds nothing to the index"
        return (
            f"{name}: {shown} mod {bench} i kommunen, {where}; {tail}."
            if da
            else (f"{name}: {shown} against {bench} in the municipality, {where}; {tail}.")
        )
    if da:
        effect = f"lægger det {part} til" if c > 0 else f"trækker det {part} fra"
        return (
            f"{name}: {shown} mod {bench} i kommunen, {where}; med vægten {share} % "
            f"{effect} indekset."
        )
    effect = f"adds {part} to" if c > 0 else f"takes {part} from"
    return (
        f"{name}: {shown} against {bench} in the municipality, {where}; with the weight "
        f"{share} % it {effect} the index."
    )
