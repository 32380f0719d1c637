"""Confidence intervals, vectorised over numpy arrays.

The formulas and the switch from exact to Byar's method at 10 events follow the UKHSA R
package PHEindicatormethods (England's public-health profiles, "Fingertips"), so that the
published worked examples of that package serve as our reference values.

Every function takes array-likes and returns float64 arrays of the broadcast shape. A
missing input (NaN) gives a missing output; nothing raises on a single bad cell.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import special

from bosocdata.statistics.units import FloatArray, as_float_array, two_sided_z

#: From this many events the Poisson interval uses Byar's approximation, below it the
#: exact (Garwood) interval.
BYAR_FROM_EVENTS = 10


def wilson_interval(
    numerator: npt.ArrayLike, denominator: npt.ArrayLike, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Wilson (1927) score interval of the proportion numerator/denominator, as a fraction 0-1.

    A denominator of 0 (or missing) gives NaN; a numerator of 0 gives a lower limit of
    exactly 0 and a numerator equal to the denominator an upper limit of exactly 1.
    """
    x = as_float_array(numerator)
    n = as_float_array(denominator)
    z = two_sided_z(confidence)
    usable = n > 0
    n_safe = np.where(usable, n, 1.0)
    x_safe = np.where(usable, x, 0.0)
    spread = z * np.sqrt(np.maximum(z * z + 4.0 * x_safe * (1.0 - x_safe / n_safe), 0.0))
    centre = 2.0 * x_safe + z * z
    scale = 2.0 * (n_safe + z * z)
    lower = np.where(x_safe <= 0, 0.0, (centre - spread) / scale)
    upper = np.where(x_safe >= n_safe, 1.0, (centre + spread) / scale)
    missing = ~usable | np.isnan(x)
    return np.where(missing, np.nan, lower), np.where(missing, np.nan, upper)


def exact_poisson_lower(events: npt.ArrayLike, confidence: float = 0.95) -> FloatArray:
    """Exact (Garwood 1936) lower limit of a Poisson count: chi2(alpha/2; 2x) / 2; 0 for x = 0."""
    x = as_float_array(events)
    alpha = 1.0 - confidence
    with np.errstate(invalid="ignore"):
        lower = special.gammaincinv(np.where(x > 0, x, 1.0), alpha / 2.0)  # chi2(a/2; 2x) / 2
    return np.where(np.isnan(x), np.nan, np.where(x > 0, lower, 0.0))


def exact_poisson_upper(events: npt.ArrayLike, confidence: float = 0.95) -> FloatArray:
    """Exact (Garwood 1936) upper limit of a Poisson count: chi2(1 - alpha/2; 2x + 2) / 2."""
    x = as_float_array(events)
    alpha = 1.0 - confidence
    upper: FloatArray = special.gammaincinv(x + 1.0, 1.0 - alpha / 2.0)  # chi2(1-a/2; 2x+2)/2
    return upper


def byars_lower(events: npt.ArrayLike, confidence: float = 0.95) -> FloatArray:
    """Byar's approximation (Breslow & Day 1987) to the lower limit of a Poisson count.

    x (1 - 1/(9x) - z/(3 sqrt x))^3. Like PHEindicatormethods' `byars_lower` this is the
    bare formula; it is poor for small counts, which is why `poisson_interval` uses it
    only from 10 events.
    """
    x = as_float_array(events)
    z = two_sided_z(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        result: FloatArray = x * (1.0 - 1.0 / (9.0 * x) - z / (3.0 * np.sqrt(x))) ** 3
    return result


def byars_upper(events: npt.ArrayLike, confidence: float = 0.95) -> FloatArray:
    """Byar's approximation to the upper limit: (x+1)(1 - 1/(9(x+1)) + z/(3 sqrt(x+1)))^3."""
    x1 = as_float_array(events) + 1.0
    z = two_sided_z(confidence)
    result: FloatArray = x1 * (1.0 - 1.0 / (9.0 * x1) + z / (3.0 * np.sqrt(x1))) ** 3
    return result


def poisson_interval(
    events: npt.ArrayLike, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Interval of a Poisson event count: exact below 10 events, Byar's from 10.

    This is the rule of PHEindicatormethods' `phe_rate` and of the Fingertips technical
    guidance. Returns (lower, upper) on the count scale; scale both by
    multiplier / denominator for a rate.
    """
    x = as_float_array(events)
    use_byar = x >= BYAR_FROM_EVENTS
    lower = np.where(use_byar, byars_lower(x, confidence), exact_poisson_lower(x, confidence))
    upper = np.where(use_byar, byars_upper(x, confidence), exact_poisson_upper(x, confidence))
    missing = np.isnan(x)
    return np.where(missing, np.nan, lower), np.where(missing, np.nan, upper)


def rate_interval(
    events: npt.ArrayLike,
    denominator: npt.ArrayLike,
    multiplier: float,
    confidence: float = 0.95,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(value, lower, upper) of the rate events / denominator x multiplier.

    The interval is the Poisson interval on the event count (`poisson_interval`) scaled by
    multiplier / denominator. A denominator of 0 or missing gives NaN throughout.
    """
    x = as_float_array(events)
    n = as_float_array(denominator)
    usable = n > 0
    scale = np.where(usable, multiplier / np.where(usable, n, 1.0), np.nan)
    lower, upper = poisson_interval(x, confidence)
    return x * scale, lower * scale, upper * scale


def proportion_interval(
    numerator: npt.ArrayLike,
    denominator: npt.ArrayLike,
    multiplier: float = 100.0,
    confidence: float = 0.95,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(value, lower, upper) of numerator / denominator x multiplier with the Wilson interval."""
    x = as_float_array(numerator)
    n = as_float_array(denominator)
    usable = n > 0
    value = np.where(usable, x / np.where(usable, n, 1.0), np.nan) * multiplier
    lower, upper = wilson_interval(x, n, confidence)
    return value, lower * multiplier, upper * multiplier


def sample_variance(
    n: npt.ArrayLike, total: npt.ArrayLike, sum_of_squares: npt.ArrayLike
) -> FloatArray:
    """Sample variance (divisor n - 1) from n, the sum and the sum of squares; NaN for n < 2.

    Rounding can make sum_sq - sum^2/n slightly negative for constant data; that is 0.
    """
    count = as_float_array(n)
    s = as_float_array(total)
    ss = as_float_array(sum_of_squares)
    enough = count >= 2
    safe = np.where(enough, count, 2.0)
    variance = np.maximum(ss - s * s / safe, 0.0) / (safe - 1.0)
    return np.where(enough, variance, np.nan)


def mean_interval(
    n: npt.ArrayLike,
    total: npt.ArrayLike,
    sum_of_squares: npt.ArrayLike,
    confidence: float = 0.95,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(mean, lower, upper): Student's t interval mean +- t(n-1) s / sqrt(n).

    From the count n, the sum and the sum of squares, so that person-level values never
    leave the database. n = 0 gives NaN throughout; n = 1 a mean without an interval.
    """
    count = as_float_array(n)
    s = as_float_array(total)
    usable = count > 0
    mean = np.where(usable, s / np.where(usable, count, 1.0), np.nan)
    variance = sample_variance(count, s, sum_of_squares)
    df = np.where(count >= 2, count - 1.0, np.nan)
    t = special.stdtrit(df, 1.0 - (1.0 - confidence) / 2.0)  # Student's t quantile
    half_width = t * np.sqrt(variance / np.where(usable, count, 1.0))
    return mean, mean - half_width, mean + half_width
