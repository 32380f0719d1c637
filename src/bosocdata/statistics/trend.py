"""Tests for a trend over a short run of periods, vectorised over many windows at once.

Every function takes 2-D arrays of shape (windows, periods): one row per window (an area x
indicator series over its latest periods), one column per period, NaN where a period is
missing or unusable. `scores` are the periods' positions (e.g. the years); only their
differences matter. Each returns per window the estimated change per period (in the
unit of the value), a two-sided p-value and the number of usable periods.

- Proportions: the chi-square test for trend in proportions (Cochran 1954; Armitage 1955).
- Rates: Poisson regression with a log link and log(denominator) as offset, fitted by
  Newton-Raphson for all windows at once (the same maximum-likelihood estimate and Wald
  test as statsmodels' GLM, which the tests check); the score test of the same model
  where the estimate does not exist (e.g. no events before the last period).
- Means: inverse-variance weighted least squares of the means on the periods.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special

from bosocdata.statistics.units import (
    DOWN_IS_WORSE,
    UP_IS_WORSE,
    FloatArray,
    as_float_array,
)

IMPROVING = "improving"
WORSENING = "worsening"
NO_SIGNIFICANT_CHANGE = "no_significant_change"

#: Fewer usable periods than this in a window: no trend.
MIN_TREND_PERIODS = 3
SIGNIFICANCE_LEVEL = 0.05

_NEWTON_MAX_ITERATIONS = 50
_NEWTON_TOLERANCE = 1e-10
#: A log-rate slope beyond this (a factor e^15 per period) means the estimate runs off
#: to infinity: the data separate and the maximum-likelihood estimate does not exist.
_DIVERGED_SLOPE = 15.0


@dataclass(frozen=True)
class TrendResult:
    """Per window: change per period in the unit of the value, p-value, usable periods."""

    change: FloatArray
    p_value: FloatArray
    periods: npt.NDArray[np.int64]


def _usable(*arrays: FloatArray) -> npt.NDArray[np.bool_]:
    ok = np.ones(arrays[0].shape, dtype=bool)
    for array in arrays:
        ok &= ~np.isnan(array)
    return ok


def _centred(scores: FloatArray, weights: FloatArray) -> FloatArray:
    """Scores minus their weighted mean per window (weights 0 where unusable)."""
    total = weights.sum(axis=1, keepdims=True)
    mean = (weights * scores).sum(axis=1, keepdims=True) / np.where(total > 0, total, 1.0)
    return scores - mean


def cochran_armitage(
    successes: npt.ArrayLike,
    totals: npt.ArrayLike,
    scores: npt.ArrayLike,
    multiplier: float = 100.0,
) -> TrendResult:
    """Chi-square test for trend in proportions (Cochran 1954; Armitage 1955).

    With N = sum n, p = sum x / N and t' = t minus the n-weighted mean score:
    T = sum x t', V = p (1 - p) sum n t'^2, chi2 = T^2 / V on 1 degree of freedom.
    The change per period is the n-weighted least-squares slope of x/n on t,
    T / sum n t'^2, times `multiplier` (percentage points per period for 100).
    Where p is 0 or 1 the proportions cannot have changed: change 0, p-value NaN.
    """
    x = np.atleast_2d(as_float_array(successes))
    n = np.atleast_2d(as_float_array(totals))
    t = np.broadcast_to(np.atleast_2d(as_float_array(scores)), x.shape)
    ok = _usable(x, n, t) & (n > 0)
    x0, n0, t0 = np.where(ok, x, 0.0), np.where(ok, n, 0.0), np.where(ok, t, 0.0)
    centred = np.where(ok, _centred(t0, n0), 0.0)
    big_n = n0.sum(axis=1)
    pooled = x0.sum(axis=1) / np.where(big_n > 0, big_n, 1.0)
    statistic_t = (x0 * centred).sum(axis=1)
    spread = (n0 * centred**2).sum(axis=1)
    variance = pooled * (1.0 - pooled) * spread
    testable = (variance > 0) & (spread > 0)
    chi2 = statistic_t**2 / np.where(testable, variance, 1.0)
    p_value = np.where(testable, special.chdtrc(1, chi2), np.nan)
    change = np.where(spread > 0, statistic_t / np.where(spread > 0, spread, 1.0), np.nan)
    return TrendResult(change * multiplier, p_value, ok.sum(axis=1))


def _poisson_newton(
    x: FloatArray, log_offset: FloatArray, t: FloatArray, ok: npt.NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray, FloatArray, npt.NDArray[np.bool_]]:
    """Newton-Raphson for log mu = offset + a + b t, all windows at once.

    Returns a, b, the variance of b (inverse information) and whether it converged.
    """
    total_events = x.sum(axis=1)
    total_exposure = np.where(ok, np.exp(log_offset), 0.0).sum(axis=1)
    a = np.log(np.where(total_events > 0, total_events, 1.0) / total_exposure)
    b = np.zeros_like(a)
    converged = np.zeros(a.shape, dtype=bool)
    var_b = np.full(a.shape, np.nan)
    for _ in range(_NEWTON_MAX_ITERATIONS):
        eta = np.clip(log_offset + a[:, None] + b[:, None] * t, -700.0, 700.0)
        mu = np.where(ok, np.exp(eta), 0.0)
        score_a = (x - mu).sum(axis=1)
        score_b = (t * (x - mu)).sum(axis=1)
        info_aa = mu.sum(axis=1)
        info_ab = (t * mu).sum(axis=1)
        info_bb = (t * t * mu).sum(axis=1)
        det = info_aa * info_bb - info_ab**2
        safe_det = np.where(det > 0, det, np.nan)
        step_a = (info_bb * score_a - info_ab * score_b) / safe_det
        step_b = (info_aa * score_b - info_ab * score_a) / safe_det
        var_b = info_aa / safe_det
        active = ~converged & np.isfinite(step_a) & np.isfinite(step_b)
        a = np.where(active, a + step_a, a)
        b = np.where(active, b + step_b, b)
        converged |= (
            active & (np.abs(step_a) < _NEWTON_TOLERANCE) & (np.abs(step_b) < _NEWTON_TOLERANCE)
        )
        if not active.any():
            break
    converged &= np.abs(b) < _DIVERGED_SLOPE
    return a, b, var_b, converged


def _poisson_score_p_value(x: FloatArray, exposure: FloatArray, t: FloatArray) -> FloatArray:
    """Score test of b = 0 in the same model: needs no estimate, so it always exists."""
    total_exposure = exposure.sum(axis=1, keepdims=True)
    expected = (
        x.sum(axis=1, keepdims=True) * exposure / np.where(total_exposure > 0, total_exposure, 1.0)
    )
    centred = _centred(t, exposure)
    score = (centred * (x - expected)).sum(axis=1)
    variance = (centred**2 * expected).sum(axis=1)
    chi2 = score**2 / np.where(variance > 0, variance, np.nan)
    p_value: FloatArray = special.chdtrc(1, chi2)
    return p_value


def poisson_trend(
    events: npt.ArrayLike,
    denominators: npt.ArrayLike,
    scores: npt.ArrayLike,
    multiplier: float,
) -> TrendResult:
    """Poisson regression of the event counts on the period, offset log(denominator).

    p-value: the Wald test of the slope b, as statsmodels' GLM reports it. Change per
    period in the unit of the rate: (fitted rate at the last usable period - fitted rate
    at the first) / (number of periods between them). Where the estimate does not exist
    (b runs off to infinity) the p-value is the score test's and the change NaN; with no
    events at all the rate has not changed: change 0, p-value NaN.
    """
    x = np.atleast_2d(as_float_array(events))
    n = np.atleast_2d(as_float_array(denominators))
    t_raw = np.broadcast_to(np.atleast_2d(as_float_array(scores)), x.shape)
    ok = _usable(x, n, t_raw) & (n > 0)
    periods = ok.sum(axis=1)
    x0, n0 = np.where(ok, x, 0.0), np.where(ok, n, 0.0)
    t = np.where(ok, _centred(np.where(ok, t_raw, 0.0), ok.astype(np.float64)), 0.0)
    span = np.where(ok, t, -np.inf).max(axis=1) - np.where(ok, t, np.inf).min(axis=1)
    no_events = x0.sum(axis=1) == 0
    change = np.where(no_events & (periods >= 2), 0.0, np.nan)
    p_value = np.full(periods.shape, np.nan)
    fit = (periods >= 2) & ~no_events
    if fit.any():
        fitted_change, fitted_p = _fit_poisson_trend(x0[fit], n0[fit], t[fit], ok[fit], span[fit])
        change[fit] = fitted_change * multiplier
        p_value[fit] = fitted_p
    return TrendResult(change, p_value, periods)


def _fit_poisson_trend(
    x: FloatArray, n: FloatArray, t: FloatArray, ok: npt.NDArray[np.bool_], span: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """(change of the fitted rate per period, p-value) for windows with events and 2+ periods."""
    log_offset = np.log(np.where(ok, n, 1.0))
    a, b, var_b, converged = _poisson_newton(x, log_offset, t, ok)
    wald_p = 2.0 * special.ndtr(-np.abs(b) / np.sqrt(np.where(converged, var_b, np.nan)))
    p_value = np.where(converged, wald_p, _poisson_score_p_value(x, n, t))
    first_t = np.where(ok, t, np.inf).min(axis=1)
    last_t = np.where(ok, t, -np.inf).max(axis=1)
    with np.errstate(invalid="ignore", over="ignore"):
        rise = np.exp(a + b * last_t) - np.exp(a + b * first_t)
    change = np.where(converged, rise / span, np.nan)
    return change, p_value


def mean_trend(
    means: npt.ArrayLike, variances_of_mean: npt.ArrayLike, scores: npt.ArrayLike
) -> TrendResult:
    """Inverse-variance weighted least squares of the means on the period; z test of the slope.

    `variances_of_mean` is s^2 / n per period; periods where it is not positive are unusable.
    """
    y = np.atleast_2d(as_float_array(means))
    v = np.atleast_2d(as_float_array(variances_of_mean))
    t_raw = np.broadcast_to(np.atleast_2d(as_float_array(scores)), y.shape)
    ok = _usable(y, v, t_raw) & (v > 0)
    w = np.where(ok, 1.0 / np.where(ok, v, 1.0), 0.0)
    t = np.where(ok, _centred(np.where(ok, t_raw, 0.0), w), 0.0)
    sxx = (w * t * t).sum(axis=1)
    slope = (w * t * np.where(ok, y, 0.0)).sum(axis=1) / np.where(sxx > 0, sxx, np.nan)
    p_value = 2.0 * special.ndtr(-np.abs(slope) * np.sqrt(sxx))
    return TrendResult(slope, p_value, ok.sum(axis=1))


def trend_direction(
    result: TrendResult, direction: npt.ArrayLike, alpha: float = SIGNIFICANCE_LEVEL
) -> npt.NDArray[np.object_]:
    """`improving`, `worsening` or `no_significant_change` per window; None below 3 periods.

    Significant means p < alpha. An increase is `worsening` for `up_is_worse` and
    `improving` for `down_is_worse`.
    """
    directions = np.asarray(direction, dtype=object)
    change = result.change
    significant = (result.p_value < alpha) & ~np.isnan(change)
    up_is_worse = directions == UP_IS_WORSE
    down_is_worse = directions == DOWN_IS_WORSE
    worse = significant & (((change > 0) & up_is_worse) | ((change < 0) & down_is_worse))
    better = significant & (((change < 0) & up_is_worse) | ((change > 0) & down_is_worse))
    out = np.full(change.shape, None, dtype=object)
    enough = (result.periods >= MIN_TREND_PERIODS) & (up_is_worse | down_is_worse)
    out[enough] = NO_SIGNIFICANT_CHANGE
    out[enough & worse] = WORSENING
    out[enough & better] = IMPROVING
    return out
