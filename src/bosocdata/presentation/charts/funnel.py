"""The funnel plot of a page: each area's value against its denominator, with the
control limits around the municipality."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bosocdata.presentation.charts.common import Tick, _fmt, nice_ticks, text_width, tick_labels

# ---------------------------------------------------------------------- funnel plot

LABEL_SIZE = 10  # px, the stylesheet's .chart-label
TITLE_ROOM = 22  # px above the plot for the value axis's title, written across


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


def funnel_x_end(denominators: Sequence[float]) -> float:
    """Where the funnel plot's denominator axis ends: the round tick at or just past the
    largest denominator (the control limits are wanted up to there)."""
    return nice_ticks(0.0, max(denominators, default=0.0) * 1.02 or 1.0, 4)[-1]


def funnel_plot(
    points: Sequence[tuple[float, float, str, str, str]],
    curve: dict[str, Sequence[float]],
    benchmark: float,
    x_label: Callable[[float], str],
    y_label: Callable[[float], str],
    *,
    width: int = 560,
    height: int = 340,
    floor: float | None = 0.0,
    language: str | None = None,
) -> FunnelPlot | None:
    """Value against denominator with the control limits as curves.

    `points`: (denominator, value, title, comparison, href) per area; `curve`: the columns
    of `bosocdata.statistics.funnel_curve` (`denominator`, `funnel95_low`, ...). The
    vertical range covers the points, the benchmark and the limits from a fifth of the
    smallest denominator on; curves are clipped to it. The axis does not go below
    `floor` (0: no share or rate is negative) when no point does.

    Both axes end on round ticks (common.nice_ticks: 1, 2 or 5 times a power of ten).
    With `language` their labels are common.tick_labels (`0 50 100 150`), else
    `x_label`/`y_label` of each tick. The value axis's title goes across the top, above
    the plot (`top` leaves room for it): written along the axis a long name would not
    fit the plot's height."""
    if not points:
        return None
    right, top, bottom = 16, TITLE_ROOM + 8, 38
    x_values = nice_ticks(0.0, funnel_x_end([p[0] for p in points]), 4)
    max_x = x_values[-1]
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
    y_values = nice_ticks(low, high, 5)
    low, high = y_values[0], y_values[-1]
    if language is not None:
        x_texts, y_texts = tick_labels(x_values, language), tick_labels(y_values, language)
    else:
        x_texts, y_texts = [x_label(n) for n in x_values], [y_label(v) for v in y_values]
    left = max(40, math.ceil(max(text_width(t, LABEL_SIZE) for t in y_texts)) + 10)
    plot_w, plot_h = width - left - right, height - top - bottom

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
    x_ticks = [Tick(_fmt(px(n)), text) for n, text in zip(x_values, x_texts, strict=True)]
    y_ticks = [Tick(_fmt(py(v)), text) for v, text in zip(y_values, y_texts, strict=True)]
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
