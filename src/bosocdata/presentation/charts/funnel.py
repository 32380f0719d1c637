"""The funnel plot of a page: each area's value against its denominator, with the
control limits around the municipality."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bosocdata.presentation.charts.common import Tick, _fmt

# ---------------------------------------------------------------------- funnel plot


@dataclass(frozen=True)
class FunnelPoint:
    x: str
    y: str
    title: str
    comparison: str
    href: str


@dataclass(frozen=True)
class FunnelPlot:
    width: int
    height: int
    left: int
    top: int
    bottom: int
    right: int
    bench_y: str
    curves: dict[str, str]
    points: list[FunnelPoint]
    x_ticks: list[Tick]
    y_ticks: list[Tick]


def funnel_plot(
    points: Sequence[tuple[float, float, str, str, str]],
    curve: dict[str, Sequence[float]],
    benchmark: float,
    x_label: Callable[[float], str],
    y_label: Callable[[float], str],
    *,
    width: int = 560,
    height: int = 320,
    floor: float | None = 0.0,
) -> FunnelPlot | None:
    """Value against denominator with the control limits as curves.

    `points`: (denominator, value, title, comparison, href) per area; `curve`: the columns
    of `bosocdata.statistics.funnel_curve` (`denominator`, `funnel95_low`, ...). The
    vertical range covers the points, the benchmark and the limits from a fifth of the
    smallest denominator on; curves are clipped to it. The axis does not go below
    `floor` (0: no share or rate is negative) when no point does."""
    if not points:
        return None
    left, right, top, bottom = 64, 16, 10, 38
    plot_w, plot_h = width - left - right, height - top - bottom
    max_x = max(p[0] for p in points) * 1.05 or 1.0
    ys = [p[1] for p in points] + [benchmark]
    small = min(p[0] for p in points) / 5
    for name in ("funnel99_low", "funnel99_high"):
        ys += [
            v
            for n, v in zip(curve["denominator"], curve.get(name, ()), strict=False)
            if n >= small and v is not None and math.isfinite(v)
        ]
    low, high = min(ys), max(ys)
    if high == low:
        high = low + 1.0
    span = high - low
    low, high = low - span * 0.05, high + span * 0.05
    if floor is not None and min(p[1] for p in points) >= floor:
        low = max(low, floor)

    def px(n: float) -> float:
        return left + plot_w * n / max_x

    def py(v: float) -> float:
        v = min(max(v, low), high)
        return top + plot_h * (1 - (v - low) / (high - low))

    curves = {}
    for name in ("funnel95_low", "funnel95_high", "funnel99_low", "funnel99_high"):
        pts = [
            f"{_fmt(px(n))},{_fmt(py(v))}"
            for n, v in zip(curve["denominator"], curve.get(name, ()), strict=False)
            if v is not None and math.isfinite(v) and n <= max_x
        ]
        if len(pts) > 1:
            curves[name] = " ".join(pts)
    shown = [
        FunnelPoint(_fmt(px(n)), _fmt(py(v)), title, cmp, href) for n, v, title, cmp, href in points
    ]
    x_ticks = [Tick(_fmt(px(n)), x_label(n)) for n in (0.0, max_x / 2, max_x)]
    y_ticks = [Tick(_fmt(py(v)), y_label(v)) for v in (low, (low + high) / 2, high)]
    return FunnelPlot(
        width,
        height,
        left,
        top,
        bottom,
        right,
        _fmt(py(benchmark)),
        curves,
        shown,
        x_ticks,
        y_ticks,
    )
