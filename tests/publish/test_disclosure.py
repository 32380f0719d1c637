"""Primary suppression: the threshold rule, and what a suppressed row still shows."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from test_disclosure_tables import ALL, REST, cell, indicator_rows, suppressed_areas, table

from bosocdata.disclosure.control import apply_disclosure_control
from bosocdata.errors import BosocError

# Large neighbours: when the cell under test is suppressed, secondary suppression has
# B (the smallest) to hide as well, and nothing else is small.
NEIGHBOURS = {"B": (50, 500), "C": (60, 600), REST: (300, 3000)}


def one_cell(n: float, d: float, unit: str = "pct", k: int = 5) -> bool:
    """Whether area T with numerator n, denominator d is suppressed."""
    rows = table(indicator_rows("x", 2020, {"T": (n, d), **NEIGHBOURS}, unit=unit))
    return bool(cell(apply_disclosure_control(rows, k=k), "x", 2020, "T")["suppressed"])


@pytest.mark.parametrize(
    ("n", "d", "suppressed"),
    [
        (4, 100, True),  # numerator below 5
        (5, 100, False),  # numerator exactly 5
        (96, 100, True),  # 4 without the trait
        (95, 100, False),  # 5 without the trait
        (0, 4, True),  # denominator below 5 (and numerator)
        (5, 10, False),  # 5 with and 5 without
        (0, 100, True),  # none with the trait is a count below 5 too
        (100, 100, True),  # all with the trait: 0 without
    ],
)
def test_threshold_rule_for_percentages(n: int, d: int, suppressed: bool) -> None:
    assert one_cell(n, d) is suppressed


def test_threshold_follows_k() -> None:
    assert one_cell(9, 100, k=10) is True
    assert one_cell(10, 100, k=10) is False
    assert one_cell(4, 100, k=3) is False


@pytest.mark.parametrize(
    ("unit", "n", "d", "suppressed"),
    [
        ("per1000", 4, 800, True),  # 4 events
        ("per1000", 5, 800, False),
        ("per100hh", 120, 100, False),  # more events than households is no complement
        ("per100hh", 20, 4, True),  # 4 households
        ("dkk", 3.0, 40, False),  # a sum of DKK is not a head count: 40 persons
        ("dkk", 1_250_000.0, 4, True),  # mean income of 4 persons
        ("ratio", 2.0, 5, False),
        ("ratio", 2.0, 4, True),
    ],
)
def test_threshold_rule_by_unit(unit: str, n: float, d: float, suppressed: bool) -> None:
    assert one_cell(n, d, unit=unit) is suppressed


def test_missing_counts_are_suppressed() -> None:
    rows = table(indicator_rows("x", 2020, {"T": (30, 100), **NEIGHBOURS}))
    rows.loc[rows["area_id"] == "T", "numerator"] = None
    assert cell(apply_disclosure_control(rows), "x", 2020, "T")["suppressed"]


def test_suppressed_row_keeps_only_identifying_columns() -> None:
    rows = table(indicator_rows("x", 2020, {"T": (3, 100), **NEIGHBOURS}))
    rows["sum_sq"] = 12.5  # a statistic column nobody told disclosure control about
    rows["rank"] = 1
    rows["significant"] = True
    published = apply_disclosure_control(rows)
    hidden = cell(published, "x", 2020, "T")
    assert hidden["suppressed"]
    for column in (
        "numerator",
        "denominator",
        "value",
        "ci_low",
        "ci_high",
        "ci99_low",
        "ci99_high",
        "comparison",
        "trend",
        "trend_p",
        "funnel95_low",
        "funnel95_high",
        "sum_sq",
        "rank",
        "significant",
    ):
        assert pd.isna(hidden[column]), column
    assert (hidden["area_id"], hidden["area_name"], hidden["period"]) == ("T", "T", 2020)
    assert (hidden["unit"], hidden["direction"]) == ("pct", "up_is_worse")
    assert hidden["benchmark"] == pytest.approx(100 * 413 / 4200)


def test_published_row_keeps_its_numbers() -> None:
    rows = table(indicator_rows("x", 2020, {"T": (3, 100), **NEIGHBOURS}))
    shown = cell(apply_disclosure_control(rows), "x", 2020, "C")
    assert not shown["suppressed"]
    assert (shown["numerator"], shown["denominator"], shown["value"]) == (60.0, 600.0, 10.0)
    assert shown["comparison"] == "similar"


def test_trend_is_withheld_where_its_window_holds_a_suppressed_period() -> None:
    early = indicator_rows("x", 2019, {"T": (3, 100), **NEIGHBOURS})
    late = indicator_rows("x", 2020, {"T": (30, 100), **NEIGHBOURS})
    published = apply_disclosure_control(table(early, late))
    later = cell(published, "x", 2020, "T")
    assert not later["suppressed"] and later["numerator"] == 30.0
    assert math.isnan(later["trend"]) and math.isnan(later["trend_p"])
    assert cell(published, "x", 2020, "C")["trend"] == 0.25


def test_trend_returns_once_the_suppressed_period_leaves_its_five_year_window() -> None:
    # T is suppressed in 2015 only; a trend over 2011-2015 ... 2015-2019 reads it,
    # the trend of 2020 (window 2016-2020) does not.
    years = [
        indicator_rows("x", year, {"T": (3 if year == 2015 else 30, 100), **NEIGHBOURS})
        for year in range(2014, 2021)
    ]
    published = apply_disclosure_control(table(*years))
    withheld = [
        year for year in range(2014, 2021) if math.isnan(cell(published, "x", year, "T")["trend"])
    ]
    assert withheld == [2015, 2016, 2017, 2018, 2019]


def test_benchmark_is_withheld_when_the_whole_municipality_is_suppressed() -> None:
    rows = table(indicator_rows("x", 2020, {"A": (1, 100), "B": (1, 100), REST: (1, 100)}))
    published = apply_disclosure_control(rows)
    assert suppressed_areas(published, "x", 2020) == {"A", "B", REST, ALL}
    assert published["benchmark"].isna().all()
    assert published["funnel95_low"].isna().all()


def test_already_suppressed_rows_stay_suppressed() -> None:
    rows = table(indicator_rows("x", 2020, {"T": (30, 100), **NEIGHBOURS}))
    rows.loc[rows["area_id"] == "C", "suppressed"] = True
    published = apply_disclosure_control(rows)
    assert cell(published, "x", 2020, "C")["suppressed"]


def test_input_is_left_as_it_was_and_order_is_kept() -> None:
    rows = table(indicator_rows("x", 2020, {"T": (3, 100), **NEIGHBOURS}))
    rows.index = rows.index + 10
    before = rows.copy()
    published = apply_disclosure_control(rows)
    pd.testing.assert_frame_equal(rows, before)
    assert list(published.index) == list(rows.index)
    assert list(published["area_id"]) == list(rows["area_id"])


def test_integer_and_boolean_columns_can_be_withheld() -> None:
    rows = table(indicator_rows("x", 2020, {"T": (3, 100), **NEIGHBOURS}))
    rows["numerator"] = rows["numerator"].astype("int64")
    rows["denominator"] = rows["denominator"].astype("int64")
    published = apply_disclosure_control(rows)
    assert pd.isna(cell(published, "x", 2020, "T")["numerator"])
    assert cell(published, "x", 2020, "C")["numerator"] == 60


@pytest.mark.parametrize("k", [0, -1, 2.5, True])
def test_k_must_be_a_positive_whole_number(k: object) -> None:
    rows = table(indicator_rows("x", 2020, {"T": (3, 100), **NEIGHBOURS}))
    with pytest.raises(BosocError, match="threshold k"):
        apply_disclosure_control(rows, k=k)  # type: ignore[arg-type]


def test_missing_column_is_named() -> None:
    rows = table(indicator_rows("x", 2020, {"T": (3, 100), **NEIGHBOURS}))
    with pytest.raises(BosocError, match="denominator"):
        apply_disclosure_control(rows.drop(columns=["denominator"]))
