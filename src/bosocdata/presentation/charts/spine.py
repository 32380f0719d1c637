"""The spine chart of a page: the spread of the areas' values around the municipality."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from bosocdata.presentation.charts.common import _fmt

# ---------------------------------------------------------------------- spine chart


@dataclass(frozen=True)
class Spine:
    """One row of a spine chart (after England's public-health profiles, Fingertips):
    the range of the areas as a light bar, their middle half darker, the municipality as
    the centre line, the area as a dot. Worse is always to the left."""

    width: int
    height: int
    centre: str
    range_x: str
    range_w: str
    mid_x: str
    mid_w: str
    dot_x: str | None


def quartiles(values: Sequence[float]) -> tuple[float, float]:
    """25th and 75th percentile, linear interpolation between order statistics (numpy's
    default, as Fingertips' spine charts use percentiles of the areas' values)."""
    ordered = sorted(values)
    n = len(ordered)

    def at(p: float) -> float:
        pos = p * (n - 1)
        lo = math.floor(pos)
        hi = min(lo + 1, n - 1)
        return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)

    return at(0.25), at(0.75)


def spine(
    value: float | None,
    benchmark: float | None,
    values: Sequence[float],
    direction: str | None,
    *,
    width: int = 200,
    height: int = 18,
) -> Spine | None:
    """The spine row of one indicator; None without a benchmark or any area's value.

    The scale is centred on the benchmark and wide enough for the farthest of the
    areas' values and the area's own value. For `up_is_worse` higher values are drawn
    to the left, so that left is worse for every indicator."""
    if benchmark is None or not values:
        return None
    pad = 6
    reach = [abs(v - benchmark) for v in values]
    if value is not None:
        reach.append(abs(value - benchmark))
    half = max(reach) or 1.0
    flip = direction == "up_is_worse"

    def x(v: float) -> float:
        d = (v - benchmark) / half
        return pad + (width - 2 * pad) * (0.5 + (-d if flip else d) / 2)

    low, high = sorted((x(min(values)), x(max(values))))
    q1, q3 = sorted(x(q) for q in quartiles(values))
    return Spine(
        width,
        height,
        _fmt(x(benchmark)),
        _fmt(low),
        _fmt(max(high - low, 1.0)),
        _fmt(q1),
        _fmt(max(q3 - q1, 1.0)),
        None if value is None else _fmt(x(value)),
    )
