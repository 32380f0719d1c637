"""Funnel-plot control limits (Spiegelhalter 2005), as PHEindicatormethods computes them.

A funnel plot shows each area's value against its denominator, with control limits
around the benchmark that narrow as the denominator grows. A point outside the 99.8 %
limits is unlikely to differ from the benchmark by chance alone.

- Proportions: the limits are the proportions whose Wilson score interval at
  denominator n just reaches the benchmark p0, which works out as the normal
  approximation p0 +- z sqrt(p0 (1 - p0) / n) (PHEindicatormethods' `sigma_adjustment`).
- Rates: the event counts e whose exact Poisson interval just reaches the expected count
  benchmark x n, found with the inverse of the regularised incomplete gamma function, so
  that e may be fractional and the limit e / n is a smooth curve (the same curve
  PHEindicatormethods draws point by point over whole event counts).
- Means (DKK): the normal approximation benchmark +- z s / sqrt(n), with s the standard
  deviation of the benchmark population (Spiegelhalter 2005, section 2).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import special

from bosocdata.statistics.units import (
    CONFIDENCE_95,
    CONFIDENCE_998,
    DKK,
    MULTIPLIER,
    PCT,
    RATE_UNITS,
    FloatArray,
    as_float_array,
    two_sided_z,
)

FUNNEL_COLUMNS = ("funnel95_low", "funnel95_high", "funnel99_low", "funnel99_high")


def proportion_funnel_limits(
    benchmark: npt.ArrayLike,
    denominator: npt.ArrayLike,
    confidence: float = CONFIDENCE_95,
    multiplier: float = 100.0,
) -> tuple[FloatArray, FloatArray]:
    """Control limits for a proportion at denominator n around the benchmark (both x multiplier).

    p0 +- z sqrt(p0 (1 - p0) / n), clipped to [0, multiplier]: the observed proportions
    whose Wilson score interval just reaches p0 (Wilson's interval is the set of p with
    (p_obs - p)^2 = z^2 p (1 - p) / n). PHEindicatormethods' `sigma_adjustment` is an
    expanded form of the same expression. NaN where n <= 0 or the benchmark is missing.
    """
    average = as_float_array(benchmark) / multiplier
    n = as_float_array(denominator)
    usable = (n > 0) & ~np.isnan(average)
    p = np.clip(np.where(usable, average, 0.0), 0.0, 1.0)
    half_width = two_sided_z(confidence) * np.sqrt(p * (1.0 - p) / np.where(usable, n, 1.0))
    lower = np.clip(p - half_width, 0.0, 1.0) * multiplier
    upper = np.clip(p + half_width, 0.0, 1.0) * multiplier
    return np.where(usable, lower, np.nan), np.where(usable, upper, np.nan)


def poisson_funnel_events(
    expected: npt.ArrayLike, confidence: float = CONFIDENCE_95
) -> tuple[FloatArray, FloatArray]:
    """(lower, upper) event counts at the control limits for an expected count mu.

    lower: the count e whose exact upper limit chi2(1 - a/2; 2e + 2)/2 equals mu (0 when
    even 0 events would not be low); upper: the count e whose exact lower limit
    chi2(a/2; 2e)/2 equals mu. Both solved for e with scipy's inverse of the chi-square
    distribution function with respect to the degrees of freedom (`chdtriv`).
    """
    mu = as_float_array(expected)
    alpha = 1.0 - confidence
    usable = mu > 0
    mu_safe = np.where(usable, mu, 1.0)
    lower = np.maximum(special.chdtriv(1.0 - alpha / 2.0, 2.0 * mu_safe) / 2.0 - 1.0, 0.0)
    upper = special.chdtriv(alpha / 2.0, 2.0 * mu_safe) / 2.0
    zero = mu == 0
    return (
        np.where(usable, lower, np.where(zero, 0.0, np.nan)),
        np.where(usable, upper, np.where(zero, 0.0, np.nan)),
    )


def rate_funnel_limits(
    benchmark: npt.ArrayLike,
    denominator: npt.ArrayLike,
    multiplier: float,
    confidence: float = CONFIDENCE_95,
) -> tuple[FloatArray, FloatArray]:
    """Control limits for a rate (per `multiplier`) at denominator n around the benchmark rate."""
    n = as_float_array(denominator)
    usable = n > 0
    n_safe = np.where(usable, n, 1.0)
    expected = as_float_array(benchmark) / multiplier * n_safe
    lower_events, upper_events = poisson_funnel_events(expected, confidence)
    scale = np.where(usable, multiplier / n_safe, np.nan)
    return lower_events * scale, upper_events * scale


def mean_funnel_limits(
    benchmark: npt.ArrayLike,
    benchmark_sd: npt.ArrayLike,
    denominator: npt.ArrayLike,
    confidence: float = CONFIDENCE_95,
) -> tuple[FloatArray, FloatArray]:
    """benchmark +- z sd / sqrt(n): normal-approximation limits for a mean of n persons."""
    n = as_float_array(denominator)
    usable = n > 0
    half_width = two_sided_z(confidence) * as_float_array(benchmark_sd)
    half_width = half_width / np.sqrt(np.where(usable, n, 1.0))
    centre = as_float_array(benchmark)
    return (
        np.where(usable, centre - half_width, np.nan),
        np.where(usable, centre + half_width, np.nan),
    )


def funnel_limits(
    unit: str,
    benchmark: npt.ArrayLike,
    denominator: npt.ArrayLike,
    confidence: float,
    benchmark_sd: npt.ArrayLike | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Control limits for cells of one unit; NaN for `ratio` (no funnel is defined for it)."""
    if unit == PCT:
        return proportion_funnel_limits(benchmark, denominator, confidence, MULTIPLIER[PCT])
    if unit in RATE_UNITS:
        return rate_funnel_limits(benchmark, denominator, MULTIPLIER[unit], confidence)
    n = as_float_array(denominator)
    if unit == DKK and benchmark_sd is not None:
        return mean_funnel_limits(benchmark, benchmark_sd, n, confidence)
    missing = np.full(np.broadcast(n, as_float_array(benchmark)).shape, np.nan)
    return missing, missing.copy()


def _digits(values: FloatArray) -> FloatArray:
    """Number of decimal digits of the integer part (1 for values below 10)."""
    whole = np.maximum(np.floor(values), 1.0)
    return np.floor(np.log10(whole)) + 1.0


def _round_down_for_axis(values: FloatArray) -> FloatArray:
    """PHEindicatormethods' signif.floor: 95 % of x rounded down to its leading digit."""
    shrunk = values * 0.95
    power = 10.0 ** (_digits(np.floor(shrunk)) - 1.0)
    return np.where(values == 0, 0.0, np.floor(shrunk / power) * power)


def _round_up_for_axis(values: FloatArray) -> FloatArray:
    """PHEindicatormethods' signif.ceiling: 105 % of x rounded up to two leading digits."""
    grown = values * 1.05
    power = 10.0 ** (_digits(np.ceil(grown)) - 2.0)
    return np.where(values == 0, 0.0, np.ceil(grown / power) * power)


def funnel_denominator_grid(
    min_denominator: npt.ArrayLike, max_denominator: npt.ArrayLike, points: int = 100
) -> FloatArray:
    """Whole-number denominators for drawing funnel curves, one row per (min, max) pair.

    PHEindicatormethods' axis: from 0 (or, when max <= 2 min, from 95 % of the smallest
    denominator rounded down) to 105 % of the largest rounded up, in `points` steps that
    are geometric where they can be and at least 1 apart; starting at 1 at the least.
    """
    low = np.atleast_1d(as_float_array(min_denominator))
    high = np.atleast_1d(as_float_array(max_denominator))
    axis_min = np.where(high > 2.0 * low, 0.0, _round_down_for_axis(low))
    axis_max = _round_up_for_axis(high)
    grid = np.empty((low.size, points), dtype=np.float64)
    grid[:, 0] = np.maximum(1.0, axis_min)
    for j in range(1, points):
        previous = grid[:, j - 1]
        step = (axis_max / previous) ** (1.0 / (points - j)) * previous
        grid[:, j] = np.maximum(np.round(step), previous + 1.0)
    return grid


def funnel_curve(
    unit: str,
    benchmark: float,
    denominators: npt.ArrayLike,
    benchmark_sd: float | None = None,
) -> pd.DataFrame:
    """The control limits of one indicator and period over a range of denominators.

    Columns: denominator, benchmark, funnel95_low, funnel95_high, funnel99_low,
    funnel99_high (the same names as the per-cell columns of `add_statistics`).
    """
    n = as_float_array(denominators)
    low95, high95 = funnel_limits(unit, benchmark, n, CONFIDENCE_95, benchmark_sd)
    low99, high99 = funnel_limits(unit, benchmark, n, CONFIDENCE_998, benchmark_sd)
    return pd.DataFrame(
        {
            "denominator": n,
            "benchmark": np.full(n.shape, benchmark, dtype=np.float64),
            "funnel95_low": low95,
            "funnel95_high": high95,
            "funnel99_low": low99,
            "funnel99_high": high99,
        }
    )
