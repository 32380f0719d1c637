"""Intervals against published worked examples and hand computations."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bosocdata.statistics import (
    byars_lower,
    byars_upper,
    mean_interval,
    poisson_interval,
    proportion_interval,
    rate_interval,
    wilson_interval,
)

RTOL = 1e-9


@pytest.mark.parametrize(
    ("confidence", "low_col", "high_col"),
    [(0.95, "lower95_0cl", "upper95_0cl"), (0.998, "lower99_8cl", "upper99_8cl")],
)
def test_wilson_matches_phe_proportions(phe_csv, confidence, low_col, high_col):
    """Wilson score intervals at 95 % and 99.8 %, as proportions of 1 and as percentages.

    Source: testdata_Prop.csv, test data of the UKHSA R package PHEindicatormethods,
    tests/testthat. Rows with a missing numerator or denominator give no value.
    """
    data = phe_csv("testdata_Prop.csv")
    for multiplier, part in data.groupby("multiplier"):
        value, low, high = proportion_interval(
            part["Numerator"], part["Denominator"], float(multiplier), confidence
        )
        np.testing.assert_allclose(value, part["value"], rtol=RTOL)
        np.testing.assert_allclose(low, part[low_col], rtol=RTOL)
        np.testing.assert_allclose(high, part[high_col], rtol=RTOL)


def test_wilson_matches_phe_grouped_proportions(phe_csv):
    """Wilson 95 % intervals on doubled counts (grouped data).

    Source: testdata_Prop_g.csv, test data of the UKHSA R package PHEindicatormethods,
    tests/testthat.
    """
    data = phe_csv("testdata_Prop_g.csv")
    value, low, high = proportion_interval(data["Numerator"], data["Denominator"], 1.0, 0.95)
    np.testing.assert_allclose(value, data["value"], rtol=RTOL)
    np.testing.assert_allclose(low, data["lowercl"], rtol=RTOL)
    np.testing.assert_allclose(high, data["uppercl"], rtol=RTOL)


def test_byars_and_wilson_primitives_match_phe(phe_csv):
    """Byar's limits (including for 1 event, where the formula alone is used) and Wilson.

    Source: testdata_B_W.csv, test data of the UKHSA R package PHEindicatormethods,
    tests/testthat. Its last row has no lower limit: Byar's lower formula is meaningless
    for 1 event at 99.8 % (the cubed term is negative) and is not compared.
    """
    data = phe_csv("testdata_B_W.csv")
    data["level"] = data["confidence"].str.rstrip("%").astype(float) / 100
    for (method, level), part in data.groupby(["method", "level"]):
        if method == "Byars":
            low, high = byars_lower(part["x"], level), byars_upper(part["x"], level)
        else:
            low, high = wilson_interval(part["x"], part["n"], level)
        has_low = part["lowercl"].notna().to_numpy()
        np.testing.assert_allclose(low[has_low], part["lowercl"][has_low], rtol=RTOL)
        np.testing.assert_allclose(high, part["uppercl"], rtol=RTOL)


@pytest.mark.parametrize(
    ("confidence", "low_col", "high_col"),
    [(0.95, "lower95_0cl", "upper95_0cl"), (0.998, "lower99_8cl", "upper99_8cl")],
)
def test_rates_exact_below_10_and_byar_from_10_match_phe(phe_csv, confidence, low_col, high_col):
    """Rates per 100 and per 100,000: exact Poisson below 10 events, Byar's from 10.

    Source: testdata_Rate.csv, test data of the UKHSA R package PHEindicatormethods,
    tests/testthat (the method column says which method each row needs; one row has more
    events than population, allowed for rates).
    """
    data = phe_csv("testdata_Rate.csv")
    for multiplier, part in data.groupby("multiplier"):
        value, low, high = rate_interval(
            part["Numerator"], part["Denominator"], float(multiplier), confidence
        )
        np.testing.assert_allclose(value, part["value"], rtol=RTOL)
        np.testing.assert_allclose(low, part[low_col], rtol=RTOL)
        np.testing.assert_allclose(high, part[high_col], rtol=RTOL)


def test_rates_on_grouped_counts_match_phe(phe_csv):
    """Rates per 100,000 at 95 % on doubled counts (10 events already uses Byar's method).

    Source: testdata_Rate_g.csv, test data of the UKHSA R package PHEindicatormethods,
    tests/testthat.
    """
    data = phe_csv("testdata_Rate_g.csv")
    value, low, high = rate_interval(data["Numerator"], data["Denominator"], 100000.0, 0.95)
    np.testing.assert_allclose(value, data["value"], rtol=RTOL)
    np.testing.assert_allclose(low, data["lowercl"], rtol=RTOL)
    np.testing.assert_allclose(high, data["uppercl"], rtol=RTOL)


def test_zero_denominator_gives_no_value_and_no_interval():
    for interval in (
        proportion_interval([3.0], [0.0]),
        rate_interval([3.0], [0.0], 1000.0),
        mean_interval([0.0], [0.0], [0.0]),
    ):
        assert all(math.isnan(float(part[0])) for part in interval)


def test_zero_events_have_lower_limit_zero():
    """0 of 50: Wilson lower 0 and upper z^2/(n+z^2); 0 events: exact upper -ln(0.025)."""
    value, low, high = proportion_interval([0.0], [50.0], 100.0, 0.95)
    z2 = 1.959963984540054**2
    assert value[0] == 0.0
    assert low[0] == 0.0
    assert high[0] == pytest.approx(100 * z2 / (50 + z2), rel=1e-12)
    low, high = poisson_interval([0.0], 0.95)
    assert low[0] == 0.0
    assert high[0] == pytest.approx(-math.log(0.025), rel=1e-12)


def test_all_persons_counted_gives_upper_limit_100_percent():
    _, _, high = proportion_interval([40.0], [40.0], 100.0, 0.95)
    assert high[0] == 100.0


def test_t_interval_of_a_mean_by_hand():
    """Incomes 10, 12 and 14 thousand: n 3, sum 36, sum of squares 440, mean 12, s 2.

    t(0.975, 2) = 4.302653 and t(0.999, 2) = 22.32712 (Student's t table), so the
    intervals are 12 +- 4.302653 x 2/sqrt(3) and 12 +- 22.32712 x 2/sqrt(3).
    """
    se = 2 / math.sqrt(3)
    mean, low, high = mean_interval([3.0], [36.0], [440.0], 0.95)
    assert mean[0] == pytest.approx(12.0)
    assert low[0] == pytest.approx(12 - 4.302653 * se, abs=1e-5)
    assert high[0] == pytest.approx(12 + 4.302653 * se, abs=1e-5)
    _, low, high = mean_interval([3.0], [36.0], [440.0], 0.998)
    assert low[0] == pytest.approx(12 - 22.32712 * se, abs=1e-4)
    assert high[0] == pytest.approx(12 + 22.32712 * se, abs=1e-4)


def test_mean_of_one_person_has_no_interval():
    mean, low, high = mean_interval([1.0], [250000.0], [250000.0**2])
    assert mean[0] == 250000.0
    assert math.isnan(low[0]) and math.isnan(high[0])


def test_mean_of_identical_values_has_zero_width_interval():
    """Rounding may make sum_sq - sum^2/n slightly negative; the interval is then the mean."""
    value = 0.1
    mean, low, high = mean_interval([7.0], [7 * value], [7 * value * value])
    assert low[0] == pytest.approx(mean[0]) and high[0] == pytest.approx(mean[0])


def test_the_quantiles_are_scipy_stats_own() -> None:
    """Garwood and Student intervals from scipy.special agree with scipy.stats."""
    from scipy import stats

    from bosocdata.statistics.intervals import exact_poisson_lower, exact_poisson_upper

    x = np.array([0.0, 1.0, 4.0, 17.0, 250.0, np.nan])
    lower = np.where(x > 0, stats.chi2.ppf(0.025, 2 * np.where(x > 0, x, 1)) / 2, 0.0)
    np.testing.assert_allclose(exact_poisson_lower(x)[:5], lower[:5], rtol=1e-10)
    np.testing.assert_allclose(
        exact_poisson_upper(x)[:5], stats.chi2.ppf(0.975, 2 * x[:5] + 2) / 2, rtol=1e-10
    )
    assert np.isnan(exact_poisson_lower(x)[5]) and np.isnan(exact_poisson_upper(x)[5])
