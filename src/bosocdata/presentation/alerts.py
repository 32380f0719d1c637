"""The sentence of an early warning, made from the codes and numbers the assessment
publishes in its `alerts` table (`bosocdata.assessment.alerts`).

Words come from the one vocabulary (indicator names from the published `indicators`
table, criteria and kinds from `vocabulary.toml`), numbers from the one formatter
(`numbers.py`): no raw id and no number format of its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from bosocdata.presentation.numbers import format_count, format_number, format_value
from bosocdata.presentation.vocabulary import Vocabulary

# The kinds of alert, in the order the assessment sorts them (assessment/alerts.py).
ALERT_KINDS: tuple[str, ...] = ("red_red", "index_worsening", "criterion_near", "target_not_met")


def _missing(x: Any) -> bool:
    """None, NaN or pandas' NA (a row read from a frame or from the zone)."""
    return x is None or (isinstance(x, float) and math.isnan(x)) or str(x) == "<NA>"


def _text(x: Any) -> str:
    return "" if _missing(x) or str(x) == "<NA>" else str(x)


def _with_unit(x: Any, unit: str | None, t: Vocabulary) -> str:
    number = format_value(None if _missing(x) else float(x), unit, t.language)
    word = t.unit(unit)
    return f"{number} {word}" if word else number


def _in_sentence(name: str) -> str:
    """An indicator's name inside a sentence: its first letter small."""
    return name[:1].lower() + name[1:]


def criterion_name(criterion: str, t: Vocabulary) -> str:
    """A criterion id in words (the id itself when the vocabulary has no name for it)."""
    return t.maybe("crit_" + criterion, criterion)


def alert_sentence(
    row: Mapping[str, Any],
    t: Vocabulary,
    indicator_name: Callable[[str], str],
    area: str | None = None,
) -> str:
    """One alert as a sentence in `t`'s language. `indicator_name` gives an indicator's
    name in that language; `area` the area's name (default: the row's `area_name`)."""
    kind = _text(row.get("kind"))
    area = area or _text(row.get("area_name")) or _text(row.get("area_id"))
    unit = _text(row.get("unit")) or None
    indicator = _in_sentence(indicator_name(_text(row.get("indicator_id"))))
    if kind == "red_red":
        sentence = t(
            "alert_sentence_red_red",
            area=area,
            indicator=indicator,
            value=_with_unit(row.get("value"), unit, t),
            benchmark=_with_unit(row.get("benchmark"), unit, t),
        )
        change: Any = row.get("change")
        if _missing(change):
            return sentence
        sign = "+" if float(change) >= 0 else ""
        key = "alert_change_points" if unit == "pct" else "alert_change_per_year"
        return sentence + t(key, change=sign + format_value(float(change), unit, t.language))
    if kind == "index_worsening":
        end = int(row["period"])
        start: Any = row.get("from_period")
        return t(
            "alert_sentence_index_worsening",
            area=area,
            start=end if _missing(start) else int(start),
            end=end,
            size=format_number(float(row["change"]), 1, t.language),
        )
    if kind == "criterion_near":
        return t(
            "alert_sentence_criterion_near",
            area=area,
            criterion=criterion_name(_text(row.get("criterion")), t),
            persons=format_count(float(row["value"]), t.language),
        )
    if kind == "target_not_met":
        floor = _text(row.get("direction")) == "down_is_worse"
        return t(
            "alert_sentence_target_floor" if floor else "alert_sentence_target_ceiling",
            area=area,
            indicator=indicator,
            value=_with_unit(row.get("value"), unit, t),
            target=_with_unit(row.get("benchmark"), unit, t),
            source=_text(row.get("source")),
        )
    return f"{area}: {t.maybe('kind_' + kind, kind)}"


def alerts_text(
    rows: Iterable[Mapping[str, Any]],
    t: Vocabulary,
    indicator_name: Callable[[str], str],
    year: int | None = None,
) -> str:
    """The alerts of `year` (default: the latest) as text, grouped by area: what
    `bosoc alerts` prints."""
    rows = list(rows)
    if not rows:
        return t("no_alerts")
    year = max(int(r["period"]) for r in rows) if year is None else year
    chosen = [r for r in rows if int(r["period"]) == year]
    if not chosen:
        return t("no_alerts_for_year", year=year)
    lines = [t("alerts_text_heading", year=year, count=len(chosen))]
    for area in sorted({_text(r.get("area_name")) for r in chosen}):
        lines += ["", area]
        lines += [
            f"  - {alert_sentence(r, t, indicator_name)}"
            for r in chosen
            if _text(r.get("area_name")) == area
        ]
    return "\n".join(lines)
