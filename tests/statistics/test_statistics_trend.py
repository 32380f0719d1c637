"""Trend tests against hand computation and statsmodels' own implementations."""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.contingency_tables import Table

from bosocdata.statistics import cochran_armitage, mean_trend, poisson_trend, trend_direction
from bosocdata.statistics.trend import TrendResult

YEARS = np.array([2019.0, 2020.0, 2021.0, 2022.0, 2023.0])


def test_cochran_armitage_by_hand():
    """3 periods, 10/100, 20/100, 30/100, scores 0, 1, 2.

    N = 300, p = 0.2, mean score 1; T = sum x (t - 1) = -10 + 0 + 30 = 20;
    V = 0.2 x 0.8 x (100 + 0 + 100) = 32; chi2 = 400/32 = 12.5. The slope is
    T / sum n (t - 1)^2 = 20/200 = 0.1, i.e. 10 percentage points per period.
    """
    result = cochran_armitage([10.0, 20.0, 30.0], [100.0, 100.0, 100.0], [0.0, 1.0, 2.0])
    assert result.p_value[0] == pytest.approx(stats.chi2.sf(12.5, 1), rel=1e-12)
    assert result.change[0] == pytest.approx(10.0)
    assert result.periods[0] == 3


def test_cochran_armitage_agrees_with_statsmodels_linear_by_linear_test():
    """statsmodels' ordinal (linear-by-linear) association test on the 2 x K table is
    M^2 = (N - 1) r^2; the Cochran-Armitage statistic equals M^2 x N / (N - 1)."""
    x = np.array([12.0, 15.0, 20.0, 22.0, 30.0])
    n = np.array([100.0, 110.0, 105.0, 98.0, 120.0])
    ordinal = Table(np.vstack([x, n - x])).test_ordinal_association(
        row_scores=np.array([0.0, 1.0]), col_scores=YEARS
    )
    big_n = n.sum()
    expected_chi2 = ordinal.zscore**2 * big_n / (big_n - 1)
    result = cochran_armitage(x, n, YEARS)
    assert result.p_value[0] == pytest.approx(stats.chi2.sf(expected_chi2, 1), rel=1e-9)


def test_cochran_armitage_ignores_missing_periods():
    with_gap = cochran_armitage(
        [10.0, np.nan, 20.0, 30.0], [100.0, np.nan, 100.0, 100.0], YEARS[:4]
    )
    without = cochran_armitage([10.0, 20.0, 30.0], [100.0, 100.0, 100.0], YEARS[[0, 2, 3]])
    assert with_gap.p_value[0] == pytest.approx(without.p_value[0])
    assert with_gap.periods[0] == 3


def test_cochran_armitage_without_any_event_has_no_change():
    result = cochran_armitage([0.0, 0.0, 0.0], [50.0, 60.0, 70.0], [0.0, 1.0, 2.0])
    assert result.change[0] == 0.0
    assert math.isnan(result.p_value[0])


@pytest.mark.parametrize(
    "events",
    [
        [30.0, 34.0, 41.0, 45.0, 52.0],
        [52.0, 45.0, 47.0, 40.0, 38.0],
        [3.0, 0.0, 2.0, 1.0, 4.0],
    ],
)
def test_poisson_trend_matches_statsmodels_glm(events):
    """Slope, Wald p-value and fitted change equal statsmodels' GLM (Poisson, log link,
    offset log denominator) fitted by IRLS, run to a tight tolerance (its default stops
    at a deviance change of 1e-8, which moves the fifth digit of the p-value)."""
    x = np.array(events)
    n = np.array([1000.0, 1020.0, 1050.0, 990.0, 1010.0])
    design = sm.add_constant(YEARS - YEARS.mean())
    fit = sm.GLM(x, design, family=sm.families.Poisson(), offset=np.log(n)).fit(tol=1e-13)
    rate = fit.fittedvalues / n * 1000
    result = poisson_trend(x, n, YEARS, 1000.0)
    assert result.p_value[0] == pytest.approx(fit.pvalues[1], rel=1e-6)
    assert result.change[0] == pytest.approx((rate[-1] - rate[0]) / 4, rel=1e-6)


def test_poisson_trend_uses_score_test_where_the_estimate_does_not_exist():
    """0, 0, 0, 0, 5 events on equal denominators: the slope runs off to infinity.

    Score test by hand: expected 1 per period, centred scores -2..2,
    U = sum t (x - E) = 2 + 1 + 0 - 1 + 8 = 10, V = sum t^2 E = 10, chi2 = 10.
    """
    result = poisson_trend([0.0, 0.0, 0.0, 0.0, 5.0], [100.0] * 5, YEARS, 100.0)
    assert result.p_value[0] == pytest.approx(stats.chi2.sf(10.0, 1), rel=1e-9)
    assert math.isnan(result.change[0])


def test_poisson_trend_many_windows_at_once_equal_one_at_a_time():
    rng = np.random.default_rng(7)
    n = rng.integers(200, 2000, size=(40, 5)).astype(float)
    x = rng.poisson(n * 0.02).astype(float)
    together = poisson_trend(x, n, YEARS, 100.0)
    for i in (0, 17, 39):
        alone = poisson_trend(x[i], n[i], YEARS, 100.0)
        assert together.p_value[i] == pytest.approx(alone.p_value[0], rel=1e-9)


def test_mean_trend_matches_weighted_least_squares_by_hand():
    """Means 100, 104, 108 with equal variances 4: slope 4 per period, se sqrt(4/2)."""
    result = mean_trend([100.0, 104.0, 108.0], [4.0, 4.0, 4.0], [0.0, 1.0, 2.0])
    assert result.change[0] == pytest.approx(4.0)
    assert result.p_value[0] == pytest.approx(2 * stats.norm.sf(4.0 / math.sqrt(2.0)))


def test_trend_direction_honours_direction_and_needs_three_periods():
    result = TrendResult(
        change=np.array([2.0, 2.0, -2.0, 2.0, 2.0]),
        p_value=np.array([0.01, 0.01, 0.01, 0.2, 0.01]),
        periods=np.array([5, 5, 5, 5, 2]),
    )
    directions = np.array(
        ["up_is_worse", "down_is_worse", "up_is_worse", "up_is_worse", "up_is_worse"]
    )
    assert list(trend_direction(result, directions)) == [
        "worsening",
        "improving",
        "improving",
        "no_significant_change",
        None,
    ]
