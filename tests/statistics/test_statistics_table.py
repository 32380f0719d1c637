"""`add_statistics` on a small fictitious indicator table, checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from bosocdata.errors import BosocError
from bosocdata.statistics import ADDED_COLUMNS, add_statistics

YEARS = [2019, 2020, 2021, 2022, 2023]


def _rows(indicator, unit, direction, area, counts, sum_sq=None):
    """One series: counts is a list of (numerator, denominator) per year of YEARS."""
    rows = []
    for i, (year, (numerator, denominator)) in enumerate(zip(YEARS, counts, strict=False)):
        rows.append(
            {
                "area_id": area,
                "area_name": "Hele kommunen" if area == "__all__" else f"Område {area}",
                "period": year,
                "indicator_id": indicator,
                "unit": unit,
                "direction": direction,
                "numerator": float(numerator),
                "denominator": float(denominator),
                "sum_sq": np.nan if sum_sq is None else float(sum_sq[i]),
            }
        )
    return rows


def _table() -> pd.DataFrame:
    rows = []
    # pct, up_is_worse: area A rises 10 %, 20 %, 30 %, 40 %, 50 % of 100.
    rows += _rows("ledige", "pct", "up_is_worse", "__all__", [(1000, 10000)] * 5)
    rows += _rows(
        "ledige", "pct", "up_is_worse", "A", [(10, 100), (20, 100), (30, 100), (40, 100), (50, 100)]
    )
    rows += _rows(
        "ledige", "pct", "up_is_worse", "B", [(9, 100), (11, 100), (0, 0), (10, 100), (10, 100)]
    )
    # per1000, down_is_worse (e.g. library loans): A far above the municipality.
    rows += _rows("laan", "per1000", "down_is_worse", "__all__", [(500, 10000)] * 5)
    rows += _rows("laan", "per1000", "down_is_worse", "A", [(40, 200)] * 5)
    # dkk: mean income; __all__ 3 persons 10, 12, 14 (thousands) every year.
    rows += _rows("indkomst", "dkk", "down_is_worse", "__all__", [(36, 3)] * 5, [440] * 5)
    rows += _rows("indkomst", "dkk", "down_is_worse", "A", [(20, 2)] * 5, [202] * 5)
    table = pd.DataFrame(rows)
    table["sum_sq"] = table["sum_sq"].astype(float)
    return table


@pytest.fixture(scope="module")
def result() -> pd.DataFrame:
    return add_statistics(_table())


def _cell(frame: pd.DataFrame, indicator: str, area: str, year: int) -> pd.Series:
    row = frame[
        (frame["indicator_id"] == indicator)
        & (frame["area_id"] == area)
        & (frame["period"] == year)
    ]
    assert len(row) == 1
    return row.iloc[0]


def test_keeps_rows_and_columns_and_adds_every_statistic(result):
    table = _table()
    assert list(result.columns[: len(table.columns)]) == list(table.columns)
    assert set(ADDED_COLUMNS) <= set(result.columns)
    pd.testing.assert_frame_equal(result[table.columns], table)


def test_value_interval_and_benchmark_of_a_proportion(result):
    """40 of 100 against the municipality's 1000 of 10,000 = 10 %; Wilson 95 % for 40/100
    is (30.95, 49.75) % by hand: (2x + z^2 -+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2))."""
    cell = _cell(result, "ledige", "A", 2022)
    z = 1.959963984540054
    spread = z * math.sqrt(z * z + 4 * 40 * (1 - 40 / 100))
    assert cell["value"] == pytest.approx(40.0)
    assert cell["ci_low"] == pytest.approx(100 * (80 + z * z - spread) / (2 * (100 + z * z)))
    assert cell["ci_high"] == pytest.approx(100 * (80 + z * z + spread) / (2 * (100 + z * z)))
    assert cell["ci99_low"] < cell["ci_low"] and cell["ci99_high"] > cell["ci_high"]
    assert cell["benchmark"] == pytest.approx(10.0)
    assert cell["comparison"] == "worse"


def test_higher_rate_is_better_when_down_is_worse(result):
    cell = _cell(result, "laan", "A", 2023)
    assert cell["value"] == pytest.approx(200.0)
    assert cell["benchmark"] == pytest.approx(50.0)
    assert cell["comparison"] == "better"


def test_benchmark_row_has_no_comparison_and_zero_denominator_no_value(result):
    assert _cell(result, "ledige", "__all__", 2023)["comparison"] is None
    empty = _cell(result, "ledige", "B", 2021)
    assert math.isnan(empty["value"]) and math.isnan(empty["ci_low"])
    assert empty["comparison"] is None
    assert _cell(result, "ledige", "B", 2022)["comparison"] == "similar"


def test_mean_interval_and_funnel_of_income(result):
    """__all__: 10, 12, 14 -> mean 12, s 2. Area A: n 2, sum 20, sum_sq 202 -> mean 10,
    s^2 = (202 - 200)/1 = 2; t(0.975, 1) = 12.7062. Funnel at n 2 around 12: 12 +- 1.96 x 2/sqrt 2.
    """
    cell = _cell(result, "indkomst", "A", 2023)
    assert cell["value"] == pytest.approx(10.0)
    assert cell["ci_high"] == pytest.approx(10 + 12.7062 * math.sqrt(2 / 2), abs=1e-4)
    assert cell["benchmark"] == pytest.approx(12.0)
    half = 1.959964 * 2 / math.sqrt(2)
    assert cell["funnel95_low"] == pytest.approx(12 - half, abs=1e-5)
    assert cell["funnel95_high"] == pytest.approx(12 + half, abs=1e-5)


def test_funnel_limits_surround_the_benchmark(result):
    cell = _cell(result, "ledige", "A", 2023)
    assert cell["funnel99_low"] < cell["funnel95_low"] < 10.0
    assert 10.0 < cell["funnel95_high"] < cell["funnel99_high"]


def test_trend_over_the_periods_ending_at_each_row(result):
    """Area A 2019-2021: 10, 20, 30 of 100 -> chi2 = 12.5 by hand (see the trend tests),
    10 percentage points a period. 2019 and 2020 have fewer than 3 periods: no trend."""
    assert _cell(result, "ledige", "A", 2019)["trend"] is None
    assert _cell(result, "ledige", "A", 2020)["trend"] is None
    third = _cell(result, "ledige", "A", 2021)
    assert third["trend_p"] == pytest.approx(stats.chi2.sf(12.5, 1), rel=1e-9)
    assert third["trend_change"] == pytest.approx(10.0)
    assert third["trend"] == "worsening"
    assert _cell(result, "ledige", "A", 2023)["trend"] == "worsening"
    assert _cell(result, "laan", "A", 2023)["trend"] == "no_significant_change"
    assert _cell(result, "laan", "A", 2023)["trend_change"] == pytest.approx(0.0, abs=1e-9)


def test_missing_period_is_not_usable_for_the_trend(result):
    """Area B has no population in 2021. Over 5 periods its 2023 window has 4 usable
    periods; over 3 periods the window 2020-2022 has only 2: no trend."""
    assert _cell(result, "ledige", "B", 2023)["trend"] == "no_significant_change"
    short = add_statistics(_table(), trend_periods=3)
    assert _cell(short, "ledige", "B", 2022)["trend"] is None
    assert math.isnan(_cell(short, "ledige", "B", 2022)["trend_p"])


def test_trend_window_is_in_calendar_years():
    """A series with a missing year: the window of 2023 with 3 periods is 2021-2023."""
    table = _table()
    table = table[~((table["area_id"] == "A") & (table["period"] == 2022))]
    out = add_statistics(table, trend_periods=3)
    assert _cell(out, "ledige", "A", 2023)["trend"] is None
    assert _cell(out, "ledige", "A", 2021)["trend"] == "worsening"


def test_ratio_keeps_given_value_and_interval():
    table = _table().head(0)
    ratio_rows = pd.DataFrame(
        _rows("krit_domme", "ratio", "up_is_worse", "__all__", [(50, 10000)] * 5)
        + _rows("krit_domme", "ratio", "up_is_worse", "A", [(10, 500)] * 5)
    )
    ratio_rows["value"] = np.where(ratio_rows["area_id"] == "A", 4.0, 1.0)
    ratio_rows["ci_low"] = np.where(ratio_rows["area_id"] == "A", 2.1, 0.8)
    ratio_rows["ci_high"] = np.where(ratio_rows["area_id"] == "A", 7.0, 1.2)
    out = add_statistics(pd.concat([table, ratio_rows], ignore_index=True))
    cell = _cell(out, "krit_domme", "A", 2023)
    assert (cell["value"], cell["ci_low"], cell["ci_high"]) == (4.0, 2.1, 7.0)
    assert cell["comparison"] == "worse"
    assert cell["trend"] is None
    # 99.8 % not given: the Wilson interval of 10/500 scaled by 4 / (10/500) = 200.
    z = stats.norm.ppf(0.999)
    spread = z * math.sqrt(z * z + 4 * 10 * (1 - 10 / 500))
    assert cell["ci99_low"] == pytest.approx(200 * (20 + z * z - spread) / (2 * (500 + z * z)))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.assign(unit="percent"), "unknown unit 'percent' in column 'unit'"),
        (lambda t: t.assign(direction="up"), "unknown direction 'up'"),
        (lambda t: t.drop(columns="denominator"), "column 'denominator' is missing"),
        (lambda t: t.drop(columns="sum_sq"), "column 'sum_sq' is missing"),
        (lambda t: pd.concat([t, t.head(1)]), "occur twice"),
        (lambda t: t.assign(numerator=t["denominator"] + 1), "exceeds the denominator"),
    ],
)
def test_bad_input_is_refused_with_row_and_column(change, message):
    with pytest.raises(BosocError, match=message) as refused:
        add_statistics(change(_table()))
    assert refused.value.hint


def test_error_names_the_row():
    table = _table()
    table.loc[3, "unit"] = "percent"
    with pytest.raises(BosocError, match=r"row 4 \(indicator ledige, area __all__, period 2022\)"):
        add_statistics(table)


def _random_table(seed: int) -> pd.DataFrame:
    """Fictitious counts with the awkward cases: zero denominators, zero and full numerators,
    series without any event, a missing numerator."""
    rng = np.random.default_rng(seed)
    areas = ["__all__", "__rest__", *[f"omr{i}" for i in range(12)]]
    indicators = pd.DataFrame(
        {
            "indicator_id": ["p1", "p2", "r1", "r2", "m1"],
            "unit": ["pct", "pct", "per100hh", "per1000", "dkk"],
            "direction": [
                "up_is_worse",
                "down_is_worse",
                "up_is_worse",
                "down_is_worse",
                "up_is_worse",
            ],
        }
    )
    grid = pd.MultiIndex.from_product(
        [areas, indicators["indicator_id"], range(2014, 2024)],
        names=["area_id", "indicator_id", "period"],
    ).to_frame(index=False)
    table = grid.merge(indicators, on="indicator_id")
    table["area_name"] = table["area_id"]
    n = rng.integers(0, 400, len(table)).astype(float)
    n[rng.random(len(table)) < 0.05] = 0.0
    share = np.where(
        table["indicator_id"] == "p2", 0.0, rng.choice([0.0, 0.02, 0.3, 1.0], len(table))
    )
    x = rng.binomial(n.astype(int), share).astype(float)
    x[rng.random(len(table)) < 0.02] = np.nan
    is_mean = (table["unit"] == "dkk").to_numpy()
    mean = rng.normal(200.0, 20.0, len(table))
    table["denominator"] = n
    table["numerator"] = np.where(is_mean, n * mean, x)
    table["sum_sq"] = np.where(is_mean, n * (mean**2 + 400.0), np.nan)
    return table


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_intervals_and_limits_are_nested_on_awkward_data(seed):
    """Whatever the counts: the 95 % interval holds the value, the 99.8 % interval holds
    the 95 %, the 99.8 % funnel holds the 95 % funnel (and pytest turns any numpy
    warning into a failure)."""
    out = add_statistics(_random_table(seed))
    has = out["value"].notna() & out["ci_low"].notna()
    tol = 1e-9
    assert (out.loc[has, "ci_low"] <= out.loc[has, "value"] + tol).all()
    assert (out.loc[has, "value"] <= out.loc[has, "ci_high"] + tol).all()
    assert (out.loc[has, "ci99_low"] <= out.loc[has, "ci_low"] + tol).all()
    assert (out.loc[has, "ci_high"] <= out.loc[has, "ci99_high"] + tol).all()
    funnel = out["funnel95_low"].notna()
    assert (out.loc[funnel, "funnel99_low"] <= out.loc[funnel, "funnel95_low"] + tol).all()
    assert (out.loc[funnel, "funnel95_high"] <= out.loc[funnel, "funnel99_high"] + tol).all()
    assert out["comparison"].isin(["worse", "similar", "better", None]).all()
    assert out["trend"].isin(["improving", "worsening", "no_significant_change", None]).all()
    no_value = out["value"].isna()
    assert out.loc[no_value, "comparison"].isna().all()


def test_empty_table_gives_empty_result_with_every_column():
    out = add_statistics(_table().head(0))
    assert out.empty
    assert set(ADDED_COLUMNS) <= set(out.columns)


def test_funnel_curves_run_through_the_cells_limits(result):
    """The plotted curve at a cell's denominator gives that cell's control limits."""
    from bosocdata.statistics import funnel_curves

    curves = funnel_curves(result)
    assert set(curves["indicator_id"]) == {"ledige", "laan", "indkomst"}
    one = curves[(curves["indicator_id"] == "ledige") & (curves["period"] == 2023)]
    assert len(one) == 100
    assert one["denominator"].is_monotonic_increasing
    cell = _cell(result, "ledige", "A", 2023)
    at_100 = one[one["denominator"] == 100.0].iloc[0]
    for column in ("funnel95_low", "funnel95_high", "funnel99_low", "funnel99_high"):
        assert at_100[column] == pytest.approx(cell[column])


def test_row_without_area_is_refused():
    table = _table()
    table.loc[5, "area_id"] = None
    with pytest.raises(BosocError, match="row 6: column 'area_id' is empty"):
        add_statistics(table)
