"""Funnel-plot control limits against the published worked examples of PHEindicatormethods."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bosocdata.statistics import (
    exact_poisson_lower,
    exact_poisson_upper,
    funnel_curve,
    funnel_denominator_grid,
    proportion_funnel_limits,
    rate_funnel_limits,
    rate_interval,
)
from bosocdata.statistics.comparison import higher_or_lower

LIMIT_COLUMNS = ["Lower2s0025limit", "Upper2s0025limit", "Lower3s0001limit", "Upper3s0001limit"]


def _proportion_limits(average_pct: float, population: pd.Series) -> list[np.ndarray]:
    low95, high95 = proportion_funnel_limits(average_pct, population, 0.95)
    low99, high99 = proportion_funnel_limits(average_pct, population, 0.998)
    return [low95, high95, low99, high99]


@pytest.mark.parametrize(
    ("outputs", "max_denominator"),
    [
        ("testdata_funnel_prop_outputs.csv", None),
        ("testdata_funnel_prop_outputs_with_axis_variation.csv", 31000),
    ],
)
def test_proportion_funnel_curve_matches_phe(phe_csv, outputs, max_denominator):
    """The axis of 100 denominators and the 95 % / 99.8 % limits around the average.

    Source: testdata_funnel_prop_inputs.csv and testdata_funnel_prop_outputs*.csv, test
    data of the UKHSA R package PHEindicatormethods, tests/testthat. The second file uses
    only the inputs with denominator below 31,000 (its test filters them so), which
    moves the axis away from 0. The files give 6-8 significant digits.
    """
    inputs = phe_csv("testdata_funnel_prop_inputs.csv")
    if max_denominator is not None:
        inputs = inputs[inputs["denominator"] < max_denominator]
    expected = phe_csv(outputs)
    average_pct = 100 * inputs["numerator"].sum() / inputs["denominator"].sum()
    grid = funnel_denominator_grid(inputs["denominator"].min(), inputs["denominator"].max())
    np.testing.assert_array_equal(grid[0], expected["Population"])
    np.testing.assert_allclose(expected["Baseline"], average_pct, rtol=1e-8)
    for ours, column in zip(
        _proportion_limits(average_pct, expected["Population"]), LIMIT_COLUMNS, strict=True
    ):
        np.testing.assert_allclose(ours, expected[column], atol=1e-6)


def test_proportion_funnel_significance_of_every_area_matches_phe(phe_csv):
    """Each of 303 areas classified High/Low at 0.001 / 0.025 or Not significant.

    Source: testdata_funnel_prop_inputs.csv (its significance column), test data of the
    UKHSA R package PHEindicatormethods, tests/testthat.
    """
    data = phe_csv("testdata_funnel_prop_inputs.csv")
    average_pct = 100 * data["numerator"].sum() / data["denominator"].sum()
    value = 100 * data["numerator"] / data["denominator"]
    low95, high95, low99, high99 = _proportion_limits(average_pct, data["denominator"])
    label = np.select(
        [value < low99, value < low95, value > high99, value > high95],
        ["Low (0.001)", "Low (0.025)", "High (0.001)", "High (0.025)"],
        "Not significant",
    )
    assert list(label) == list(data["significance"])


@pytest.mark.parametrize(
    "outputs",
    [
        "testdata_funnel_rate_outputs.csv",
        "testdata_funnel_rate_outputs_2.csv",
        "testdata_funnel_rate_outputs_3.csv",
    ],
)
def test_rate_funnel_limits_match_phe(phe_csv, outputs):
    """Rate limits per 100,000 over 3 years of data, at the populations PHE tabulates.

    Source: testdata_funnel_rate_outputs*.csv, test data of the UKHSA R package
    PHEindicatormethods, tests/testthat. Each row gives a whole number of events, the
    yearly population at which that count is on a control limit, and the limit. We
    compute the limit at that population (x 3 years) around the file's baseline.
    PHEindicatormethods finds the Poisson limits by bisection to 1e-7, so the files agree
    with the closed-form inverse to about 1e-5 relative.
    """
    data = phe_csv(outputs)
    baseline = data["baseline"].iloc[0]
    for sigma, confidence in (("2s", 0.95), ("3s", 0.998)):
        low, _ = rate_funnel_limits(
            baseline, 3 * data[f"lower_{sigma}_population_1_year"], 1e5, confidence
        )
        _, high = rate_funnel_limits(
            baseline, 3 * data[f"upper_{sigma}_population_1_year"], 1e5, confidence
        )
        np.testing.assert_allclose(low, data[f"lower_{sigma}_limit"], rtol=2e-5)
        np.testing.assert_allclose(high, data[f"upper_{sigma}_limit"], rtol=2e-5)


def test_rate_funnel_baseline_is_the_events_weighted_average(phe_csv):
    """The baseline of the dsr funnel is sum(events) / sum(events x 100,000 / rate).

    Source: testdata_funnel_rate_input_funnels.csv and testdata_funnel_rate_outputs.csv,
    test data of the UKHSA R package PHEindicatormethods, tests/testthat.
    """
    inputs = phe_csv("testdata_funnel_rate_input_funnels.csv")
    baseline = phe_csv("testdata_funnel_rate_outputs.csv")["baseline"].iloc[0]
    derived_population = 1e5 * inputs["ev"] / inputs["rate"]
    assert 1e5 * inputs["ev"].sum() / derived_population.sum() == pytest.approx(baseline, rel=1e-9)


def test_exact_poisson_limits_match_phe_ratio_funnel(phe_csv):
    """The expected counts at the ratio-funnel limits are the exact Poisson limits of the
    observed count: the lower funnel line uses the upper limit and the other way round.

    Source: testdata_funnel_ratio_outputs.csv, test data of the UKHSA R package
    PHEindicatormethods, tests/testthat (found there by bisection to 1e-7, hence the
    tolerance of 2e-5 relative or 1e-7 absolute).
    """
    data = phe_csv("testdata_funnel_ratio_outputs.csv")
    observed = data.iloc[:, 0]
    for sigma, confidence in (("2s", 0.95), ("3s", 0.998)):
        np.testing.assert_allclose(
            exact_poisson_upper(observed, confidence),
            data[f"lower_{sigma}_exp_events"],
            rtol=2e-5,
            atol=1e-7,
        )
        np.testing.assert_allclose(
            exact_poisson_lower(observed, confidence),
            data[f"upper_{sigma}_exp_events"],
            rtol=2e-5,
            atol=1e-7,
        )


SIGNIFICANCE_COLUMNS = [
    # (column, rate column, multiplier, with the 0-event row)
    ("dsr_per_100000_with_0", "rate_dsr", 1e5, True),
    ("dsr_per_100_with_0", "rate_dsr", 100.0, True),
    ("dsr_per_100000_without_0", "rate_dsr", 1e5, False),
    ("dsr_per_100_without_0", "rate_dsr", 100.0, False),
    ("crude_per_100000_with_0", "rate_crude_per_100000", 1e5, True),
    ("crude_per_100_with_0", "rate_crude_per_100", 100.0, True),
    ("crude_per_100000_without_0", "rate_crude_per_100000", 1e5, False),
    ("crude_per_100_without_0", "rate_crude_per_100", 100.0, False),
]


@pytest.mark.parametrize(("column", "rate", "multiplier", "with_zero"), SIGNIFICANCE_COLUMNS)
def test_rate_significance_against_average_matches_phe(
    phe_csv, column, rate, multiplier, with_zero
):
    """An area is High/Low when its own exact/Byar interval lies wholly beyond the average.

    This is the comparison rule of `add_statistics` (interval against benchmark) with
    PHEindicatormethods' rate funnel significance. The population is derived from events
    and rate (for 0 events: the population given, for crude rates; none for dsrs, whose
    0-event row is "Not applicable").
    Source: testdata_funnel_rate_dsr_inputs.csv, test data of the UKHSA R package
    PHEindicatormethods, tests/testthat.
    """
    data = phe_csv("testdata_funnel_rate_dsr_inputs.csv")
    if not with_zero:
        data = data[data["count"] != 0]
    count = data["count"].to_numpy(dtype=float)
    rate_values = data[rate].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        derived = np.where(count > 0, count / rate_values * multiplier, np.nan)
    if rate.startswith("rate_crude"):
        derived = np.where(count > 0, derived, data["pop"])
    average = count.sum() / np.nansum(derived)
    _, low95, high95 = rate_interval(count, derived, 1.0, 0.95)
    _, low99, high99 = rate_interval(count, derived, 1.0, 0.998)
    at_99 = higher_or_lower(low99, high99, average)
    at_95 = higher_or_lower(low95, high95, average)
    label = np.select(
        [at_99 == 1, at_95 == 1, at_99 == -1, at_95 == -1],
        ["High (0.001)", "High (0.025)", "Low (0.001)", "Low (0.025)"],
        "Not significant",
    )
    expected = data[column].to_numpy(dtype=object)
    applicable = expected != "Not applicable for events less than 10 for dsrs"
    assert list(label[applicable]) == list(expected[applicable])


def test_funnel_curve_narrows_as_the_denominator_grows():
    curve = funnel_curve("per1000", 40.0, [100.0, 1000.0, 10000.0])
    widths = (curve["funnel99_high"] - curve["funnel99_low"]).to_numpy()
    assert widths[0] > widths[1] > widths[2]
    assert (curve["funnel95_low"] >= curve["funnel99_low"]).all()
    assert (curve["funnel95_high"] <= curve["funnel99_high"]).all()


def test_rate_funnel_at_tiny_expected_count_has_lower_limit_zero():
    """Expected 0.5 events: even 0 events are not low, so the lower limit is 0."""
    low, high = rate_funnel_limits(50.0, 10.0, 1000.0, 0.95)
    assert float(low) == 0.0
    assert float(high) > 50.0
