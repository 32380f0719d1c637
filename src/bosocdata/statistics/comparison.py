"""Comparison of a cell with its benchmark: `worse`, `similar` or `better`."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bosocdata.statistics.units import DOWN_IS_WORSE, UP_IS_WORSE, as_float_array

WORSE = "worse"
SIMILAR = "similar"
BETTER = "better"

ObjectArray = npt.NDArray[np.object_]


def higher_or_lower(
    ci_low: npt.ArrayLike, ci_high: npt.ArrayLike, benchmark: npt.ArrayLike
) -> npt.NDArray[np.int8]:
    """+1 where the interval lies entirely above the benchmark, -1 entirely below, else 0.

    "Entirely" is strict: an interval that touches the benchmark is not different from it.
    """
    low = as_float_array(ci_low)
    high = as_float_array(ci_high)
    bench = as_float_array(benchmark)
    above = low > bench
    below = high < bench
    return np.where(above, 1, np.where(below, -1, 0)).astype(np.int8)


def compare_with_benchmark(
    ci_low: npt.ArrayLike,
    ci_high: npt.ArrayLike,
    benchmark: npt.ArrayLike,
    direction: npt.ArrayLike,
) -> ObjectArray:
    """`worse`/`similar`/`better` from the interval against the benchmark, honouring direction.

    With `up_is_worse` an interval entirely above the benchmark is `worse`, with
    `down_is_worse` it is `better`, and the other way round below it. None where the
    interval or the benchmark is missing, or the direction is neither of the two.
    """
    low = as_float_array(ci_low)
    high = as_float_array(ci_high)
    bench = as_float_array(benchmark)
    directions = np.asarray(direction, dtype=object)
    side = higher_or_lower(low, high, bench)
    up_is_worse = directions == UP_IS_WORSE
    down_is_worse = directions == DOWN_IS_WORSE
    result = np.full(np.broadcast(low, high, bench, directions).shape, None, dtype=object)
    known = ~(np.isnan(low) | np.isnan(high) | np.isnan(bench)) & (up_is_worse | down_is_worse)
    worse = ((side == 1) & up_is_worse) | ((side == -1) & down_is_worse)
    better = ((side == -1) & up_is_worse) | ((side == 1) & down_is_worse)
    result[known] = SIMILAR
    result[known & worse] = WORSE
    result[known & better] = BETTER
    return result
