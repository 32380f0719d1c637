"""Disclosure control of the indicator table before it leaves the secure zone.

`apply_disclosure_control` is what the pipeline calls. It suppresses

1. every cell that breaks the threshold rule (primary suppression,
   `disclosure_rules.primary_unsafe`), and
2. as many further cells as the table's additivity needs so that no hidden count can be
   worked out, or narrowed to an interval less than k wide, from the published ones
   (secondary suppression, `disclosure_secondary`),

and then withholds every number of a suppressed cell, and every number elsewhere that
was computed from it. `bosocdata.disclosure.audit` checks the result independently with
linear programming. The rules and the reasoning: docs/concepts/disclosure-control.md.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from bosocdata.disclosure.ages import IndicatorAges
from bosocdata.disclosure.dominance import CONTRIBUTOR_COLUMNS, dominance_p, dominance_unsafe
from bosocdata.disclosure.relations import build_cells, denominator_groups
from bosocdata.disclosure.rules import (
    ALL_AREA,
    BENCHMARK_COLUMN_PREFIXES,
    CROSS_AREA_COLUMN_PREFIXES,
    IDENTIFYING_COLUMNS,
    SERIES_COLUMN_PREFIXES,
    check_columns,
    check_k,
    primary_unsafe,
)
from bosocdata.disclosure.secondary import protect

logger = logging.getLogger("bosocdata.disclosure.control")

#: The trend window of the statistics stage (statistics.add_statistics, trend_periods).
TREND_PERIODS = 5

BoolArray = npt.NDArray[np.bool_]


def apply_disclosure_control(
    table: pd.DataFrame,
    *,
    k: int = 5,
    denominator_groups_of: Mapping[str, str] | None = None,
    ages_of: Mapping[str, IndicatorAges] | None = None,
    area_groups: Mapping[str, Sequence[str]] | None = None,
    p: float | None = None,
) -> pd.DataFrame:
    """The indicator table as it may be published: suppressed cells withheld.

    A row whose numerator, denominator or denominator - numerator is below `k` is
    suppressed (for `dkk` and `ratio` the denominator only, for `per100hh`/`per1000`
    numerator and denominator), and so are the further cells the additivity of the
    table requires. `suppressed` is True on those rows and every column but the
    identifying ones (`disclosure_rules.IDENTIFYING_COLUMNS`) is missing there.

    `denominator_groups_of` maps indicator_id -> a name shared by the indicators with
    the same population; without it a `denominator_group` column is used if present,
    else the groups are inferred from equal denominators. The result carries the
    groups in a `denominator_group` column, which the audit reads.

    `ages_of` (`metadata.age_structure(catalogue)`) says which populations and numerators
    are residents of an age range alone; the counts of different ages are then related
    (18+ = all - 0-17) and protected together.

    `area_groups` (group id -> its areas' ids): rows whose area_id is a group of areas,
    computed from the same persons; each is protected as the sum of its areas, so that
    no hidden area cell can be read back from its group and the group's other areas.

    A sum cell (numerator kind `sum`) whose largest contributions dominate it is primary
    too (the p% rule, dominance.py; `p` None reads BOSOC_DOMINANCE_P), when the table
    carries the contributor columns `top1`/`top2`, which are dropped from the result.

    The input is not changed; rows keep their order and index.
    """
    check_k(k)
    check_columns(table, "the indicator table")
    result = table.copy()
    groups = denominator_groups(result, denominator_groups_of)
    cells = build_cells(result, groups, ages_of, area_groups)

    already = _already_suppressed(result)
    dominated = dominance_unsafe(result, dominance_p() if p is None else p)
    primary = primary_unsafe(cells.unit, cells.numerator, cells.denominator, k) | already
    primary |= dominated
    hidden = protect(cells, primary, k)
    logger.info(
        "disclosure control k=%d: %d of %d cells suppressed (%d by the threshold rule)",
        k,
        int(hidden.sum()),
        len(hidden),
        int(primary.sum()),
    )
    result["denominator_group"] = groups
    # The contributions (secure zone only) never leave it, not even blanked.
    return withhold(result.drop(columns=list(CONTRIBUTOR_COLUMNS), errors="ignore"), hidden)


def _already_suppressed(table: pd.DataFrame) -> BoolArray:
    if "suppressed" not in table.columns:
        return np.zeros(len(table), dtype=bool)
    return table["suppressed"].fillna(False).astype(bool).to_numpy()


def withhold(table: pd.DataFrame, hidden: BoolArray) -> pd.DataFrame:
    """Set `suppressed` and blank every number of, or computed from, a hidden cell."""
    result = table.copy()
    result["suppressed"] = hidden
    keys = result[["area_id", "period", "indicator_id"]].reset_index(drop=True)
    keys["hidden"] = hidden

    _blank(result, hidden, [c for c in result.columns if c not in IDENTIFYING_COLUMNS])

    _blank(result, _window_hidden(keys), _with_prefix(result, SERIES_COLUMN_PREFIXES))

    hidden_total = (keys["hidden"] & (keys["area_id"].astype(str) == ALL_AREA)).to_numpy()
    keys["total_hidden"] = hidden_total
    total_hidden = keys.groupby(["period", "indicator_id"])["total_hidden"].transform("any")
    _blank(result, total_hidden.to_numpy(), _with_prefix(result, BENCHMARK_COLUMN_PREFIXES))

    any_hidden = keys.groupby(["period", "indicator_id"])["hidden"].transform("any")
    _blank(result, any_hidden.to_numpy(), _with_prefix(result, CROSS_AREA_COLUMN_PREFIXES))
    return result


def _window_hidden(keys: pd.DataFrame, periods: int = TREND_PERIODS) -> BoolArray:
    """True where a hidden cell lies in the row's trend window (its last `periods` periods).

    A trend is computed from the cells of the periods ending at its row, so it is
    withheld exactly where one of those cells is; a trend over published cells only is a
    function of published numbers and gives nothing away.
    """
    order = keys.sort_values(["area_id", "indicator_id", "period"], kind="stable")
    series = order.groupby(["area_id", "indicator_id"], sort=False).ngroup().to_numpy()
    hidden = order["hidden"].to_numpy(dtype=np.int64)
    before = np.concatenate([[0], np.cumsum(hidden)])  # hidden cells before each position
    position = np.arange(len(order))
    start = np.maximum(position - periods + 1, 0)
    # the window may not reach back past the first row of its own series
    first_of_series = np.flatnonzero(np.r_[True, series[1:] != series[:-1]])
    series_start = first_of_series[np.searchsorted(first_of_series, position, side="right") - 1]
    start = np.maximum(start, series_start)
    in_window = before[position + 1] - before[start] > 0
    result = np.zeros(len(keys), dtype=bool)
    result[keys.index.get_indexer(order.index)] = in_window
    return result


def _with_prefix(table: pd.DataFrame, prefixes: tuple[str, ...]) -> list[str]:
    return [c for c in table.columns if str(c).startswith(prefixes) and c != "suppressed"]


def _blank(table: pd.DataFrame, rows: BoolArray, columns: list[str]) -> None:
    """Set `columns` missing on `rows`, widening a column's type where it cannot hold NA."""
    if not rows.any():
        return
    for column in columns:
        series = table[column]
        if pd.api.types.is_bool_dtype(series.dtype):
            series = series.astype("boolean")
        elif pd.api.types.is_integer_dtype(series.dtype):
            series = series.astype("float64")
        elif not (
            pd.api.types.is_float_dtype(series.dtype) or pd.api.types.is_object_dtype(series.dtype)
        ) and not pd.api.types.is_string_dtype(series.dtype):
            series = series.astype(object)
        series = series.copy()
        series.iloc[np.flatnonzero(rows)] = None
        table[column] = series
