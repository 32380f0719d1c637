"""The indicator over the years, for the web's area profile and the PDF reports alike;
and the value-and-interval bar of the indicator page.

`series_svg` writes the whole chart as SVG text (numbers and escaped text only), so that
the page and the paper show the same chart: the area as a line with its 95 % interval
as whiskers and a dot per year coloured by the comparison, the municipality as a dashed
line, a legend, the years below and round value ticks at the left written by
`presentation.numbers` in the reader's language. A year without a value leaves a gap:
no line bridges it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from bosocdata.presentation.charts.common import (
    COMPARISON_COLOURS,
    FONT,
    _fmt,
    nice_ticks,
    text_width,
    tick_labels,
)

AREA_COLOUR = "#1f3b57"
BENCHMARK_COLOUR = "#7a7a7a"
GRID, LABEL, AXIS = "#e3e3e3", "#555", "#8c8c8c"
FONT_SIZE = 7.5


@dataclass(frozen=True)
class SeriesPoint:
    """One year of the chart; `comparison` is better / similar / worse / none / benchmark
    (the dot's colour), `benchmark` the municipality's value that year."""

    period: int
    value: float | None
    ci_low: float | None
    ci_high: float | None
    comparison: str
    benchmark: float | None


def series_svg(
    points: Sequence[SeriesPoint],
    language: str,
    legend: tuple[str, str],
    *,
    description: str = "",
    width: int = 220,
    height: int = 120,
) -> Markup | None:
    """The area against the municipality over `points` (one per year, in order); None
    when there is no number to draw.

    `legend`: the names of the area's line and the municipality's; `description`: the
    text alternative (the web's `aria-label` and `<title>`). The value axis starts at 0
    (or below, for negative values) and ends at a round tick at or above the highest
    number; it is as wide as its longest label needs. The SVG scales to its container
    (`viewBox`; `width`/`height` give its natural size). Written for inline use in HTML
    (the page, WeasyPrint's document), which needs no `xmlns`.
    """
    numbers = [
        v
        for p in points
        for v in (p.value, p.ci_low, p.ci_high, p.benchmark)
        if v is not None and math.isfinite(v)
    ]
    if not numbers:
        return None
    low, top = min(0.0, *numbers), max(numbers)
    ticks = nice_ticks(low, top) if top > low else nice_ticks(low, low + 1.0)
    labels = tick_labels(ticks, language)
    low, high = ticks[0], max(ticks[-1], top)
    left = max(40, math.ceil(max(text_width(t, FONT_SIZE) for t in labels)) + 8)
    right = math.ceil(text_width(str(points[-1].period), FONT_SIZE) / 2) + 3  # the last year
    head, foot = 18, 18
    plot_w, plot_h = width - left - right, height - head - foot
    first, last = points[0].period, points[-1].period

    def x(period: int) -> float:
        if last == first:
            return left + plot_w / 2
        return left + plot_w * (period - first) / (last - first)

    def y(v: float) -> float:
        return head + plot_h * (1 - (v - low) / (high - low))

    label = (
        f' role="img" aria-label="{escape(description)}"><title>{escape(description)}</title>'
        if description
        else ">"
    )
    parts = [
        f'<svg class="series" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT}" '
        f'font-size="{FONT_SIZE}"{label}'
    ]
    for tick, text in zip(ticks, labels, strict=True):
        ty = _fmt(y(tick))
        parts.append(
            f'<line x1="{left}" y1="{ty}" x2="{width - right}" y2="{ty}" stroke="{GRID}" '
            'stroke-width="0.6"/>'
            f'<text x="{left - 4}" y="{ty}" dy="2.5" text-anchor="end" fill="{LABEL}">'
            f"{escape(text)}</text>"
        )
    base = _fmt(y(low))
    parts.append(
        f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="{AXIS}" '
        'stroke-width="0.7" class="series-axis"/>'
    )
    step = max(1, math.ceil(len(points) / 6))
    end = len(points) - 1
    for i, p in enumerate(points):
        if (i % step == 0 and end - i > step / 2) or i == end:
            px = _fmt(x(p.period))
            parts.append(
                f'<line x1="{px}" y1="{base}" x2="{px}" y2="{_fmt(y(low) + 2.5)}" '
                f'stroke="{AXIS}" stroke-width="0.7"/>'
                f'<text x="{px}" y="{height - 5}" text-anchor="middle" fill="{LABEL}">'
                f"{p.period}</text>"
            )
    for run in _runs([(p.period, p.benchmark) for p in points]):
        xy = [(x(period), y(v)) for period, v in run]
        if len(xy) == 1:  # a year alone: a short dash where the line would be
            (bx, by) = xy[0]
            xy = [(bx - 6, by), (bx + 6, by)]
        parts.append(_polyline(xy, BENCHMARK_COLOUR, "series-benchmark", dashed=True))
    for p in points:
        if p.value is not None and p.ci_low is not None and p.ci_high is not None:
            px = _fmt(x(p.period))
            parts.append(
                f'<line x1="{px}" y1="{_fmt(y(p.ci_low))}" x2="{px}" '
                f'y2="{_fmt(y(p.ci_high))}" stroke="{AREA_COLOUR}" stroke-opacity="0.45" '
                'stroke-width="1.2" class="series-interval"/>'
            )
    for run in _runs([(p.period, p.value) for p in points]):
        if len(run) > 1:
            xy = [(x(period), y(v)) for period, v in run]
            parts.append(_polyline(xy, AREA_COLOUR, "series-area"))
    for p in points:
        if p.value is not None:
            kind = p.comparison if p.comparison in COMPARISON_COLOURS else "none"
            parts.append(
                f'<circle cx="{_fmt(x(p.period))}" cy="{_fmt(y(p.value))}" r="2.6" '
                f'fill="{COMPARISON_COLOURS[kind]}" stroke="{AREA_COLOUR}" stroke-width="0.7" '
                f'class="series-dot spine-{kind}"/>'
            )
    parts.append(_legend(left, width - right, legend))
    parts.append("</svg>")
    return Markup("".join(parts))


def _runs(values: Sequence[tuple[int, float | None]]) -> list[list[tuple[int, float]]]:
    """Consecutive stretches without a missing value: a line never bridges a gap."""
    runs: list[list[tuple[int, float]]] = [[]]
    for period, v in values:
        if v is None or not math.isfinite(v):
            runs.append([])
        else:
            runs[-1].append((period, v))
    return [r for r in runs if r]


def _polyline(
    xy: Sequence[tuple[float, float]], colour: str, css: str, *, dashed: bool = False
) -> str:
    dash = ' stroke-dasharray="3 2"' if dashed else ""
    points = " ".join(f"{_fmt(a)},{_fmt(b)}" for a, b in xy)
    return (
        f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.4"'
        f'{dash} class="{css}"/>'
    )


def _legend(left: int, right: float, legend: tuple[str, str]) -> str:
    """The two lines' names above the plot, the second after the first's text."""
    area, municipality = legend
    second = left + 15 + text_width(area, FONT_SIZE) + 10
    if second + 15 + text_width(municipality, FONT_SIZE) > right:
        second = max(left + 15.0, right - 15 - text_width(municipality, FONT_SIZE))
    return (
        f'<line x1="{left}" y1="7" x2="{left + 12}" y2="7" stroke="{AREA_COLOUR}" '
        'stroke-width="1.4"/>'
        f'<text x="{left + 15}" y="9.5" fill="#333333">{escape(area)}</text>'
        f'<line x1="{_fmt(second)}" y1="7" x2="{_fmt(second + 12)}" y2="7" '
        f'stroke="{BENCHMARK_COLOUR}" stroke-width="1.4" stroke-dasharray="3 2"/>'
        f'<text x="{_fmt(second + 15)}" y="9.5" fill="#333333">{escape(municipality)}</text>'
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
