"""The time-series chart and the value-and-interval bar of a page: geometry only;
the templates (web/templates/_charts.html) draw it, so every text is escaped by Jinja."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bosocdata.presentation.charts.common import Tick, _fmt


@dataclass(frozen=True)
class Dot:
    x: str
    y: str
    low: str | None
    high: str | None
    title: str


@dataclass(frozen=True)
class SeriesChart:
    width: int
    height: int
    left: int
    bottom: int
    area_line: str
    benchmark_line: str
    dots: list[Dot]
    y_ticks: list[Tick]
    x_ticks: list[Tick]


def series_chart(
    periods: Sequence[int],
    area: Sequence[tuple[float | None, float | None, float | None]],
    benchmark: Sequence[float | None],
    labels: Sequence[str],
    tick_label: Callable[[float], str],
    *,
    width: int = 220,
    height: int = 110,
) -> SeriesChart | None:
    """A small time-series chart: the area (value with interval) against the benchmark.

    `area` holds (value, ci_low, ci_high) per period; `labels` the tooltip per period.
    None when there is nothing to draw.
    """
    left, right, top, bottom = 44, 10, 8, 20
    numbers = [v for row in area for v in row if v is not None]
    numbers += [b for b in benchmark if b is not None]
    if not numbers or not periods:
        return None
    low, high = min(0.0, *numbers), max(numbers)
    if high == low:
        high = low + 1.0
    high += (high - low) * 0.05
    plot_w, plot_h = width - left - right, height - top - bottom
    span = max(len(periods) - 1, 1)

    def x(i: int) -> float:
        return left + (plot_w * i / span if len(periods) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - low) / (high - low))

    dots = [
        Dot(
            _fmt(x(i)),
            _fmt(y(value)),
            None if lo is None else _fmt(y(lo)),
            None if hi is None else _fmt(y(hi)),
            labels[i],
        )
        for i, (value, lo, hi) in enumerate(area)
        if value is not None
    ]
    area_line = " ".join(f"{d.x},{d.y}" for d in dots)
    benchmark_line = " ".join(
        f"{_fmt(x(i))},{_fmt(y(b))}" for i, b in enumerate(benchmark) if b is not None
    )
    y_ticks = [Tick(_fmt(y(v)), tick_label(v)) for v in (low, (low + high) / 2, high)]
    x_ticks = [Tick(_fmt(x(0)), str(periods[0]))]
    if len(periods) > 1:
        x_ticks.append(Tick(_fmt(x(len(periods) - 1)), str(periods[-1])))
    return SeriesChart(
        width, height, left, bottom, area_line, benchmark_line, dots, y_ticks, x_ticks
    )


@dataclass(frozen=True)
class Bar:
    """One row's bar with its interval whisker and the benchmark line, in pixels."""

    width: int
    height: int
    x0: str
    bar_x: str
    bar_w: str
    low: str | None
    high: str | None
    bench: str | None


class BarScale:
    """A common horizontal scale for every bar of one table."""

    def __init__(self, numbers: Sequence[float], width: int = 220, height: int = 20) -> None:
        self.width, self.height = width, height
        self.low = min(0.0, *numbers) if numbers else 0.0
        top = max(numbers) if numbers else 1.0
        self.high = top if top > self.low else self.low + 1.0
        self.pad = 4

    def x(self, v: float) -> float:
        usable = self.width - 2 * self.pad
        return self.pad + usable * (v - self.low) / (self.high - self.low)

    def bar(
        self, value: float | None, low: float | None, high: float | None, bench: float | None
    ) -> Bar:
        x0 = self.x(0.0)
        if value is None:
            bar_x, bar_w = x0, 0.0
        else:
            xv = self.x(value)
            bar_x, bar_w = min(x0, xv), abs(xv - x0)
        return Bar(
            self.width,
            self.height,
            _fmt(x0),
            _fmt(bar_x),
            _fmt(bar_w),
            None if low is None or value is None else _fmt(self.x(low)),
            None if high is None or value is None else _fmt(self.x(high)),
            None if bench is None else _fmt(self.x(bench)),
        )
