"""Published tables as people read them (the Excel workbook and the CSV for a Danish
spreadsheet): named columns in the reader's language, names instead of ids, words
instead of codes, and numbers rounded as on screen. The machine-readable exports keep
the contract's columns and full precision (docs/concepts/web.md, "Exports").

Each table has a chosen list of columns; a column not chosen (internal: funnel limits,
denominator groups, Monte-Carlo draws) is left out of the people's version.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from bosocdata.presentation.alerts import alert_sentence
from bosocdata.presentation.cells import trend_arrow
from bosocdata.presentation.numbers import DECIMALS_BY_UNIT
from bosocdata.presentation.vocabulary import Vocabulary

Kind = Literal["text", "value", "count", "fine", "year", "yesno", "percent", "estimate"]


@dataclass(frozen=True)
class Column:
    source: str  # the published column (or a derived one: indicator, theme)
    header: str  # vocabulary key of the header
    kind: Kind = "text"
    words: str = ""  # vocabulary prefix that turns a code into words (cmp_, trend_, ...)


def _c(source: str, header: str, kind: Kind = "text", words: str = "") -> Column:
    return Column(source, header, kind, words)


AREA = _c("area_name", "area")
YEAR = _c("period", "year", "year")
INDICATOR = _c("indicator", "indicator")
COLUMNS: Mapping[str, tuple[Column, ...]] = {
    "indicator_table": (
        AREA, YEAR, INDICATOR, _c("unit", "unit", words="unit_"),
        _c("value", "value", "value"), _c("ci_low", "col_ci_low", "value"),
        _c("ci_high", "col_ci_high", "value"), _c("benchmark", "benchmark", "value"),
        _c("comparison", "comparison", words="cmp_"), _c("trend", "trend", words="trend_"),
        _c("trend_change", "col_trend_change", "value"), _c("numerator", "numerator", "count"),
        _c("denominator", "denominator", "count"), _c("suppressed", "col_suppressed", "yesno"),
    ),
    "index": (
        AREA, YEAR, _c("residents", "residents", "count"), _c("index", "index_name", "fine"),
        _c("rank", "rank", "count"), _c("n_ranked", "col_n_ranked", "count"),
        _c("rank_low", "col_rank_low", "count"), _c("rank_high", "col_rank_high", "count"),
        _c("coverage", "col_coverage", "percent"),
    ),
    "priorities": (
        AREA, YEAR, _c("residents", "residents", "count"), _c("index", "index_name", "fine"),
        _c("rank_index", "rank", "count"), _c("rank_index_low", "col_rank_low", "count"),
        _c("rank_index_high", "col_rank_high", "count"), _c("need", "need", "count"),
        _c("need_low", "col_need_low", "count"), _c("need_high", "col_need_high", "count"),
        _c("rank_need", "rank_need", "count"),
    ),
    "categorisation": (
        AREA, YEAR, _c("residents", "residents", "count"), _c("points", "points_col", "count"),
        _c("max_points", "col_max_points", "count"), _c("category", "category", words="cat_"),
    ),
    "dynamics": (
        AREA, YEAR, _c("index", "index_name", "fine"), _c("status", "col_status", words="status_"),
        _c("dynamics", "col_dynamics", words="dyn_"), _c("attention", "attention", "yesno"),
    ),
    "contributions": (
        AREA, YEAR, INDICATOR, _c("theme", "theme", words="theme_"),
        _c("value", "value", "value"), _c("benchmark", "benchmark", "value"),
        _c("normalised", "normalised", "fine"), _c("effective_weight", "weight", "percent"),
        _c("contribution", "contribution", "fine"), _c("points", "points_col", "count"),
        _c("excess", "excess", "count"),
    ),
    "alerts": (
        AREA, YEAR, _c("kind", "alert_kind", words="kind_"), INDICATOR,
        _c("message", "alert_message"),
    ),
    "criteria": (
        AREA, _c("year", "year", "year"), _c("population", "residents", "count"),
        _c("category", "official_category", words="off_"),
    ),
    "population": (
        AREA, YEAR, _c("age_band", "age_band"), _c("sex", "col_sex", words="sex_"),
        _c("residents", "residents", "count"),
    ),
    "evaluation": (
        _c("intervention_name", "eval_col_intervention"), AREA, INDICATOR,
        _c("method", "eval_col_method", words="eval_method_"),
        _c("estimand", "eval_col_estimand", words="eval_estimand_"),
        _c("group", "eval_col_group", "year"), _c("period", "eval_col_period", "year"),
        _c("base_period", "eval_col_base_period", "year"),
        _c("donor_name", "eval_col_donor"), _c("estimate", "eval_col_estimate", "estimate"),
        _c("se", "eval_col_se", "fine"), _c("ci_low", "col_ci_low", "fine"),
        _c("ci_high", "col_ci_high", "fine"), _c("n_treated", "eval_col_n_treated", "count"),
        _c("n_control", "eval_col_n_control", "count"),
        _c("suppressed", "col_suppressed", "yesno"), _c("note", "eval_col_note"),
    ),
    "flows": (
        AREA, YEAR, INDICATOR, _c("stayers", "flows_col_stayers", "count"),
        _c("in_movers", "flows_col_in_movers", "count"),
        _c("out_movers", "flows_col_out_movers", "count"),
        _c("deaths", "flows_col_deaths", "count"),
        _c("rate_stayers", "flows_col_rate_stayers", "value"),
        _c("rate_in_movers", "flows_col_rate_in_movers", "value"),
        _c("rate_out_movers", "flows_col_rate_out_movers", "value"),
        _c("suppressed", "col_suppressed", "yesno"),
    ),
    "targets": (
        AREA, YEAR, INDICATOR, _c("target", "col_target", "value"),
        _c("source", "col_target_source"), _c("value", "value", "value"),
        _c("ci_low", "col_ci_low", "value"), _c("ci_high", "col_ci_high", "value"),
        _c("status", "col_target_status", words="target_status_"),
    ),
}  # fmt: skip

EXCEL_FORMATS: Mapping[str, str] = {
    "count": "#,##0",
    "fine": "#,##0.000",
    "year": "0",
    "percent": "0.0%",
}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@dataclass(frozen=True)
class PeopleTable:
    """Headers, and per row the cells (a number, a text or None) with their Excel
    display format (None for text)."""

    headers: list[str]
    rows: list[list[tuple[object, str | None]]]


def value_format(unit: str | None) -> str:
    decimals = DECIMALS_BY_UNIT.get(unit or "", 1)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def people_table(
    table: str,
    rows: Sequence[Mapping[str, Any]],
    t: Vocabulary,
    indicator_name: Callable[[str], str],
    area_name: Callable[[str, str | None], str],
) -> PeopleTable:
    """`rows` of the published `table` for people, in `t`'s language. A table without
    a layout of its own here shows its published columns as they are."""
    columns = COLUMNS.get(table) or tuple(
        _c(name, f"col_{name}") for name in (rows[0].keys() if rows else ())
    )
    headers = [t.maybe(c.header, c.source) for c in columns]
    out = []
    for row in rows:
        cells: list[tuple[object, str | None]] = []
        for c in columns:
            cells.append(_cell(c, row, t, indicator_name, area_name))
        out.append(cells)
    return PeopleTable(headers, out)


def _cell(
    c: Column,
    row: Mapping[str, Any],
    t: Vocabulary,
    indicator_name: Callable[[str], str],
    area_name: Callable[[str, str | None], str],
) -> tuple[object, str | None]:
    if c.source == "area_name":
        return area_name(str(row.get("area_id")), row.get("area_name")), None
    if c.source == "indicator":
        found = row.get("indicator_id") or row.get("criterion")
        return (indicator_name(str(found)) if found else None), None
    if c.source == "message":
        area = area_name(str(row.get("area_id")), row.get("area_name"))
        return alert_sentence(row, t, indicator_name, area), None
    value: Any = row.get(c.source)
    if _missing(value):
        return None, None
    if c.kind == "estimate":  # a group's size (`n_...`) is a count, other estimates fine
        counted = str(row.get("estimand") or "").startswith("n_")
        c = replace(c, kind="count" if counted else "fine")
    if c.words:
        if c.words == "unit_" and value == "pct":
            return "%", None
        if c.words == "sex_":
            return t({"M": "men", "F": "women"}.get(str(value), "no_data")), None
        if c.words == "trend_":  # the words of the pages (no_significant_change too)
            return trend_arrow(value, row.get("direction"), t)[1] or str(value), None
        return t.maybe(c.words + str(value), str(value)), None
    if c.kind == "yesno":
        return t("yes" if value else "no"), None
    if c.kind == "value":
        return float(value), value_format(row.get("unit"))
    if c.kind in ("count", "year"):
        number = float(value)
        return (round(number) if c.kind == "year" else number), EXCEL_FORMATS[c.kind]
    if c.kind in EXCEL_FORMATS:
        return float(value), EXCEL_FORMATS[c.kind]
    return value, None


def csv_text(value: object, number_format: str | None, decimal: str) -> str:
    """A cell as the CSV for people writes it: rounded as on screen (the Excel format's
    decimals), counts as whole numbers, no thousands separator."""
    if value is None:
        return ""
    if number_format is None or not isinstance(value, int | float):
        return str(value)
    number = float(value)
    if number_format.endswith("%"):
        number, decimals = 100 * number, 1
    else:
        decimals = len(number_format.split(".")[1]) if "." in number_format else 0
    rounded = Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{rounded:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]  # never "-0,0"
    return text.replace(".", decimal)
