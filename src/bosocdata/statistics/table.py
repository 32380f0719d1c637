"""`add_statistics`: intervals, benchmark comparison, trend and funnel limits on every cell."""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from bosocdata.errors import BosocError
from bosocdata.statistics.comparison import compare_with_benchmark
from bosocdata.statistics.funnel import FUNNEL_COLUMNS, funnel_denominator_grid, funnel_limits
from bosocdata.statistics.intervals import (
    mean_interval,
    proportion_interval,
    rate_interval,
    sample_variance,
    wilson_interval,
)
from bosocdata.statistics.trend import (
    MIN_TREND_PERIODS,
    TrendResult,
    cochran_armitage,
    mean_trend,
    poisson_trend,
    trend_direction,
)
from bosocdata.statistics.units import (
    CONFIDENCE_95,
    CONFIDENCE_998,
    DKK,
    MULTIPLIER,
    PCT,
    RATE_UNITS,
    RATIO,
    UNITS,
    FloatArray,
    as_float_array,
)
from bosocdata.statistics.validation import given_value_rows, validate_table

ALL_AREAS: Final = "__all__"

INTERVAL_COLUMNS: Final = ("value", "ci_low", "ci_high", "ci99_low", "ci99_high")
ADDED_COLUMNS: Final = (
    *INTERVAL_COLUMNS,
    "benchmark",
    "comparison",
    "trend",
    "trend_p",
    "trend_change",
    *FUNNEL_COLUMNS,
)

_LEVELS: Final = ((CONFIDENCE_95, "ci_low", "ci_high"), (CONFIDENCE_998, "ci99_low", "ci99_high"))


def add_statistics(table: pd.DataFrame, *, trend_periods: int = 5) -> pd.DataFrame:
    """The indicator table with value, intervals, benchmark, comparison, trend and funnel limits.

    See docs/concepts/statistics.md for every added column, its method and reference.
    The rows, their order and index and every input column are kept. Rows that come in
    with a `value` (`ratio` rows, and the official criteria whose value is a two-year mean
    or a share of an outside reference) keep it, and their interval where given.
    """
    if trend_periods < MIN_TREND_PERIODS:
        raise BosocError(
            f"trend_periods must be at least {MIN_TREND_PERIODS}, got {trend_periods}",
            hint="a trend needs at least three periods",
        )
    validate_table(table)
    out = table.copy()
    cells = _cell_statistics(out)
    for name in INTERVAL_COLUMNS:
        out[name] = cells[name]

    is_benchmark_row = out["area_id"].to_numpy(dtype=object) == ALL_AREAS
    benchmark = _benchmark_of(out, cells["value"], is_benchmark_row)
    out["benchmark"] = benchmark
    comparison = compare_with_benchmark(
        cells["ci_low"], cells["ci_high"], benchmark, out["direction"].to_numpy(dtype=object)
    )
    comparison[is_benchmark_row | np.isnan(cells["value"])] = None
    out["comparison"] = pd.Series(comparison, index=out.index, dtype=object)

    trend, trend_p, trend_change = _trends(out, cells, trend_periods)
    out["trend"] = pd.Series(trend, index=out.index, dtype=object)
    out["trend_p"] = trend_p
    out["trend_change"] = trend_change

    benchmark_sd = _benchmark_of(out, _dkk_sd(out), is_benchmark_row)
    for name, values in _funnels(out, benchmark, benchmark_sd).items():
        out[name] = values
    return out


def funnel_curves(statistics: pd.DataFrame, points: int = 100) -> pd.DataFrame:
    """Control-limit curves for plotting: one per indicator and period, `points` rows each.

    Input: the output of `add_statistics`. The denominators run over the range of the
    areas' denominators (every row but `__all__`) in PHEindicatormethods' axis steps.
    Columns: indicator_id, period, unit, denominator, benchmark and the four funnel columns.
    `ratio` indicators, and groups without a benchmark or a positive denominator, get none.
    """
    areas = statistics[
        (statistics["area_id"] != ALL_AREAS)
        & (statistics["denominator"] > 0)
        & statistics["benchmark"].notna()
        & (statistics["unit"] != RATIO)
    ]
    if areas.empty:
        return pd.DataFrame(
            columns=["indicator_id", "period", "unit", "denominator", "benchmark", *FUNNEL_COLUMNS]
        )
    groups = (
        areas.groupby(["indicator_id", "period"], sort=True)
        .agg(
            unit=("unit", "first"),
            benchmark=("benchmark", "first"),
            low=("denominator", "min"),
            high=("denominator", "max"),
        )
        .reset_index()
    )
    is_all = statistics["area_id"] == ALL_AREAS
    sd_by_key = pd.Series(
        _dkk_sd(statistics)[is_all.to_numpy()],
        index=pd.MultiIndex.from_frame(statistics.loc[is_all, ["indicator_id", "period"]]),
    )
    groups["benchmark_sd"] = sd_by_key.reindex(
        pd.MultiIndex.from_frame(groups[["indicator_id", "period"]])
    ).to_numpy()
    grid = funnel_denominator_grid(groups["low"], groups["high"], points)
    long = groups.loc[groups.index.repeat(points)].reset_index(drop=True)
    long["denominator"] = grid.ravel()
    for unit, part in long.groupby("unit").groups.items():
        rows = long.loc[part]
        for confidence, low_name, high_name in (
            (CONFIDENCE_95, "funnel95_low", "funnel95_high"),
            (CONFIDENCE_998, "funnel99_low", "funnel99_high"),
        ):
            low, high = funnel_limits(
                str(unit),
                rows["benchmark"].to_numpy(dtype=float),
                rows["denominator"].to_numpy(dtype=float),
                confidence,
                rows["benchmark_sd"].to_numpy(dtype=float),
            )
            long.loc[part, low_name] = low
            long.loc[part, high_name] = high
    columns = ["indicator_id", "period", "unit", "denominator", "benchmark", *FUNNEL_COLUMNS]
    return long[columns]


# --- the cells ----------------------------------------------------------------------------


def _column(table: pd.DataFrame, name: str) -> FloatArray:
    if name not in table.columns:
        return np.full(len(table), np.nan)
    return table[name].to_numpy(dtype=float, na_value=np.nan)


def _cell_statistics(table: pd.DataFrame) -> dict[str, FloatArray]:
    """value and both intervals of every row, by unit."""
    units = table["unit"].to_numpy(dtype=object)
    x = _column(table, "numerator")
    n = _column(table, "denominator")
    sum_sq = _column(table, "sum_sq")
    cells = {name: np.full(len(table), np.nan) for name in INTERVAL_COLUMNS}
    for confidence, low_name, high_name in _LEVELS:
        for unit in UNITS:
            rows = units == unit
            if not rows.any():
                continue
            if unit == PCT:
                value, low, high = proportion_interval(x[rows], n[rows], 100.0, confidence)
            elif unit in RATE_UNITS:
                value, low, high = rate_interval(x[rows], n[rows], MULTIPLIER[unit], confidence)
            elif unit == DKK:
                value, low, high = mean_interval(n[rows], x[rows], sum_sq[rows], confidence)
            else:
                continue
            cells["value"][rows] = value
            cells[low_name][rows] = low
            cells[high_name][rows] = high
    given = given_value_rows(table, units)
    _ratio_cells(table, given & ~np.isfinite(sum_sq), x, n, cells)
    _given_mean_cells(table, given & np.isfinite(sum_sq), x, n, sum_sq, cells)
    return cells


def _given_mean_cells(
    table: pd.DataFrame,
    rows: npt.NDArray[np.bool_],
    x: FloatArray,
    n: FloatArray,
    sum_sq: FloatArray,
    cells: dict[str, FloatArray],
) -> None:
    """A given value that is a mean relative to an outside reference (`krit_indkomst`).

    value = mean x reference factor; with the reference treated as known, the interval
    is the t interval of the mean times the same factor.
    """
    if not rows.any():
        return
    for name in INTERVAL_COLUMNS:
        cells[name][rows] = _column(table, name)[rows]
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = cells["value"] * n / x
    derivable = rows & (n > 1) & (x > 0) & np.isfinite(factor)
    for confidence, low_name, high_name in _LEVELS:
        fill = derivable & np.isnan(cells[low_name]) & np.isnan(cells[high_name])
        if fill.any():
            _, low, high = mean_interval(n[fill], x[fill], sum_sq[fill], confidence)
            cells[low_name][fill] = low * factor[fill]
            cells[high_name][fill] = high * factor[fill]


def _ratio_cells(
    table: pd.DataFrame,
    rows: npt.NDArray[np.bool_],
    x: FloatArray,
    n: FloatArray,
    cells: dict[str, FloatArray],
) -> None:
    """Keep a ratio's value and interval as given; fill a missing interval where possible.

    A ratio here is a proportion x/n divided by an outside reference share, so the
    reference is value / (x/n); with it treated as known, the interval is the Wilson
    interval of x/n divided by the reference. Only where 0 < x <= n and the value is > 0.
    """
    if not rows.any():
        return
    for name in INTERVAL_COLUMNS:
        cells[name][rows] = _column(table, name)[rows]
    value = cells["value"]
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = value * n / x
    derivable = rows & (x > 0) & (x <= n) & (value > 0) & np.isfinite(factor)
    for confidence, low_name, high_name in _LEVELS:
        fill = derivable & np.isnan(cells[low_name]) & np.isnan(cells[high_name])
        if fill.any():
            low, high = wilson_interval(x[fill], n[fill], confidence)
            cells[low_name][fill] = low * factor[fill]
            cells[high_name][fill] = high * factor[fill]


def _benchmark_of(
    table: pd.DataFrame, values: FloatArray, is_benchmark_row: npt.NDArray[np.bool_]
) -> FloatArray:
    """For every row, `values` of the `__all__` row of the same indicator and period."""
    keys = ["indicator_id", "period"]
    by_key = pd.Series(
        values[is_benchmark_row],
        index=pd.MultiIndex.from_frame(table.loc[is_benchmark_row, keys]),
    )
    aligned = by_key.reindex(pd.MultiIndex.from_frame(table[keys]))
    return as_float_array(aligned.to_numpy())


def _dkk_sd(table: pd.DataFrame) -> FloatArray:
    """Standard deviation of the persons behind each dkk row; NaN for other units."""
    is_dkk = table["unit"].to_numpy(dtype=object) == DKK
    variance = sample_variance(
        _column(table, "denominator"), _column(table, "numerator"), _column(table, "sum_sq")
    )
    return np.where(is_dkk, np.sqrt(variance), np.nan)


def _funnels(
    table: pd.DataFrame, benchmark: FloatArray, benchmark_sd: FloatArray
) -> dict[str, FloatArray]:
    units = table["unit"].to_numpy(dtype=object)
    n = _column(table, "denominator")
    out = {name: np.full(len(table), np.nan) for name in FUNNEL_COLUMNS}
    for unit in (PCT, *sorted(RATE_UNITS), DKK):
        rows = units == unit
        if not rows.any():
            continue
        for confidence, low_name, high_name in (
            (CONFIDENCE_95, "funnel95_low", "funnel95_high"),
            (CONFIDENCE_998, "funnel99_low", "funnel99_high"),
        ):
            low, high = funnel_limits(
                unit, benchmark[rows], n[rows], confidence, benchmark_sd[rows]
            )
            out[low_name][rows] = low
            out[high_name][rows] = high
    return out


# --- trends -------------------------------------------------------------------------------


def _window_rows(table: pd.DataFrame, periods: int) -> npt.NDArray[np.int64]:
    """(rows, periods) positions of the rows of the periods P-periods+1 .. P of each
    row's series (area x indicator); -1 where the series has no row for a period.

    Periods are counted in the order of the periods the table holds, so yearly periods
    (2023, 2024) and quarterly codes (20234, 20241) are both consecutive; a year the table
    lacks altogether is not counted (the table has every period of the computation)."""
    series = table.groupby(["area_id", "indicator_id"], sort=False).ngroup().to_numpy()
    period = table["period"].to_numpy(dtype=np.int64)
    offset = np.unique(period, return_inverse=True)[1].reshape(-1)
    lookup = np.full((series.max() + 1, offset.max() + 1), -1, dtype=np.int64)
    lookup[series, offset] = np.arange(len(table))
    wanted = offset[:, None] - (periods - 1) + np.arange(periods)[None, :]
    inside = wanted >= 0
    rows = lookup[series[:, None], np.where(inside, wanted, 0)]
    return np.where(inside, rows, -1)


def _gather(values: FloatArray, rows: npt.NDArray[np.int64]) -> FloatArray:
    return np.where(rows >= 0, values[np.maximum(rows, 0)], np.nan)


def _trends(
    table: pd.DataFrame, cells: dict[str, FloatArray], periods: int
) -> tuple[npt.NDArray[np.object_], FloatArray, FloatArray]:
    size = len(table)
    trend = np.full(size, None, dtype=object)
    p_value = np.full(size, np.nan)
    change = np.full(size, np.nan)
    if size == 0:
        return trend, p_value, change
    window = _window_rows(table, periods)
    units = table["unit"].to_numpy(dtype=object)
    directions = table["direction"].to_numpy(dtype=object)
    numerator = _column(table, "numerator")
    denominator = _column(table, "denominator")
    x = _gather(numerator, window)
    n = _gather(denominator, window)
    scores = np.arange(periods, dtype=np.float64)
    variance = sample_variance(denominator, numerator, _column(table, "sum_sq"))
    variance_of_mean = variance / np.where(denominator > 0, denominator, np.nan)
    mean_variance = _gather(variance_of_mean, window)
    means = _gather(cells["value"], window)
    for unit in UNITS:
        rows = units == unit
        if not rows.any() or unit == RATIO:
            continue
        result: TrendResult
        if unit == PCT:
            result = cochran_armitage(x[rows], n[rows], scores, MULTIPLIER[PCT])
        elif unit in RATE_UNITS:
            result = poisson_trend(x[rows], n[rows], scores, MULTIPLIER[unit])
        else:
            result = mean_trend(means[rows], mean_variance[rows], scores)
        enough = result.periods >= MIN_TREND_PERIODS
        trend[rows] = trend_direction(result, directions[rows])
        p_value[rows] = np.where(enough, result.p_value, np.nan)
        change[rows] = np.where(enough, result.change, np.nan)
    return trend, p_value, change
