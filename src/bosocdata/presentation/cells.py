"""From published cells to what a page shows: formatted text, comparison, trend arrow."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bosocdata.presentation.numbers import MISSING, format_count, format_interval, format_value
from bosocdata.presentation.queries import ALL_ID, REST_ID, Area, Cell
from bosocdata.presentation.vocabulary import Vocabulary
from bosocdata.registers import REGISTER_NAMES

COMPARISONS = ("better", "similar", "worse")

# Trend values as the statistics stage may write them, to an arrow direction.
_TREND_UP = {"up", "rising", "increasing", "stigende", "increase"}
_TREND_DOWN = {"down", "falling", "decreasing", "faldende", "decrease"}
_TREND_FLAT = {"flat", "stable", "uaendret"}
_TREND_NO_CHANGE = {"no_significant_change", "no_change", "no_trend", "none", "similar"}


@dataclass(frozen=True)
class ShownCell:
    value: str
    interval: str
    benchmark: str
    numerator: str
    denominator: str
    comparison: str  # better / similar / worse / none / benchmark
    comparison_label: str
    suppressed: bool
    missing: bool
    trend_arrow: str
    trend_label: str


def show_cell(cell: Cell | None, t: Vocabulary, *, is_benchmark_row: bool = False) -> ShownCell:
    lang = t.language
    if cell is None:
        return ShownCell(
            MISSING, MISSING, MISSING, MISSING, MISSING, "none", t("no_data"), False, True, "", ""
        )
    if is_benchmark_row:
        comparison, label = "benchmark", t("cmp_benchmark")
    elif cell.comparison in COMPARISONS and not cell.suppressed:
        comparison, label = cell.comparison, t(f"cmp_{cell.comparison}")
    else:
        comparison, label = "none", t("suppressed_title") if cell.suppressed else t("cmp_none")
    arrow, trend_label = trend_arrow(cell.trend, cell.direction, t)
    return ShownCell(
        value=format_value(cell.value, cell.unit, lang),
        interval=format_interval(cell.ci_low, cell.ci_high, cell.unit, lang),
        benchmark=format_value(cell.benchmark, cell.unit, lang),
        numerator=format_count(cell.numerator, lang),
        denominator=format_count(cell.denominator, lang),
        comparison=comparison,
        comparison_label=label,
        suppressed=cell.suppressed,
        missing=cell.value is None,
        trend_arrow="" if cell.suppressed else arrow,
        trend_label="" if cell.suppressed else trend_label,
    )


def trend_arrow(trend: Any, direction: str | None, t: Vocabulary) -> tuple[str, str]:
    """An arrow (which way the value moves) and words for a `trend` value.

    The statistics stage writes `improving`, `worsening` or `no_significant_change`
    (bosocdata.statistics.trend); a worsening of an `up_is_worse` indicator is a rise.
    Plain directions (`increasing`, ...) and a signed number are understood too.
    """
    if trend is None:
        return "", ""
    arrows = {1: "↑", -1: "↓", 0: "→"}
    if isinstance(trend, int | float):
        sign = (trend > 0) - (trend < 0)
        return arrows[sign], t({1: "trend_up", -1: "trend_down", 0: "trend_flat"}[sign])
    word = str(trend).strip().lower()
    if word in {"improving", "worsening"}:
        rises = (word == "worsening") == (direction != "down_is_worse")
        return arrows[1 if rises else -1], t(f"trend_{word}")
    if word in _TREND_NO_CHANGE:
        return arrows[0], t("trend_no_change")
    if word in _TREND_UP:
        return arrows[1], t("trend_up")
    if word in _TREND_DOWN:
        return arrows[-1], t("trend_down")
    if word in _TREND_FLAT:
        return arrows[0], t("trend_flat")
    return "", str(trend)


def area_name(area_id: str, areas: dict[str, Area], t: Vocabulary) -> str:
    if area_id == ALL_ID:
        return t("all_name")
    if area_id == REST_ID:
        return t("rest_name")
    area = areas.get(area_id)
    return (area.name or area_id) if area else area_id


_DANISH_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}", "Æ": "{", "Ø": "|", "Å": "}"})


def danish_sort_key(name: str) -> str:
    """Sort key putting æ, ø, å after z, as a Danish reader expects."""
    return name.casefold().translate(_DANISH_ORDER)


def ordered_area_ids(areas: dict[str, Area]) -> list[str]:
    """`__all__` first, the housing areas by name, `__rest__` last: those of `areas` only
    (a partner's `areas` hold neither `__rest__` nor another organisation's areas)."""
    housing = sorted(
        (a for a in areas if a not in (ALL_ID, REST_ID)),
        key=lambda a: danish_sort_key(areas[a].name),
    )
    return [a for a in (ALL_ID,) if a in areas] + housing + [a for a in (REST_ID,) if a in areas]


_PARENTHESES = re.compile(r"\s*\(([^()]*)\)")


def readable_source(text: str) -> str:
    """An indicator's source without the parentheses that only list register names
    ("(health_exams)", "(persons, residences)"): those are the contract's file names,
    which a reader of the page does not have."""

    def keep(match: re.Match[str]) -> str:
        words = [w.strip() for w in match.group(1).split(",")]
        return "" if words and all(w in REGISTER_NAMES for w in words) else match.group(0)

    return _PARENTHESES.sub(keep, text)
