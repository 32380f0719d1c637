"""The report's charts as inline SVG, drawn in Python: no JavaScript, no plotting library.

Two charts:

- `series_svg`: an indicator over the years, the area (line, dots coloured by the
  comparison, 95 % interval whiskers) against the municipality (dashed line).
- `spine_svg`: a Fingertips-style spine bar: the spread of all housing areas' values
  around the municipality (the centre line), and the area as a dot. The scale is
  turned so that better is always to the right.

Every text is XML-escaped here; the templates insert the result as markup.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

import numpy as np

COMPARISON_COLOURS: dict[str, str] = {
    "better": "#4d9a3f",
    "similar": "#e9b526",
    "worse": "#c0392b",
    "none": "#b8b8b8",
    "benchmark": "#1f3b57",
}
AREA_COLOUR = "#1f3b57"
MUNICIPALITY_COLOUR = "#7a7a7a"
FONT = "DejaVu Sans, sans-serif"


def _f(v: float) -> str:
    return f"{v:.1f}"


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten) covering low..high."""
    if not math.isfinite(low) or not math.isfinite(high) or high <= low:
        return [low]
    raw_step = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw_step)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


@dataclass(frozen=True)
class SeriesPoint:
    period: int
    value: float | None
    ci_low: float | None
    ci_high: float | None
    comparison: str
    benchmark: float | None


def series_svg(
    points: Sequence[SeriesPoint],
    tick_label: Callable[[float], str],
    legend: tuple[str, str],
    *,
    width: int = 220,
    height: int = 120,
) -> str:
    """A time series of the area against the municipality; "" when nothing to draw."""
    numbers = [
        v
        for p in points
        for v in (p.value, p.ci_low, p.ci_high, p.benchmark)
        if v is not None and math.isfinite(v)
    ]
    if not numbers:
        return ""
    left, right, top, bottom = 40, 8, 18, 18
    ticks = nice_ticks(min(0.0, *numbers), max(numbers))
    low, high = ticks[0], max(ticks[-1], max(numbers))
    if high <= low:
        high = low + 1.0
    plot_w, plot_h = width - left - right, height - top - bottom
    span = max(len(points) - 1, 1)

    def x(i: int) -> float:
        return left + (plot_w * i / span if len(points) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - low) / (high - low))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="series" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT}" '
        'font-size="7.5">'
    ]
    for tick in ticks:
        ty = _f(y(tick))
        parts.append(
            f'<line x1="{left}" y1="{ty}" x2="{width - right}" y2="{ty}" stroke="#e3e3e3" '
            'stroke-width="0.6"/>'
            f'<text x="{left - 4}" y="{ty}" dy="2.5" text-anchor="end" fill="#555">'
            f"{escape(tick_label(tick))}</text>"
        )
    step = max(1, math.ceil(len(points) / 6))
    last = len(points) - 1
    for i, p in enumerate(points):
        if (i % step == 0 and last - i > step / 2) or i == last:
            parts.append(
                f'<text x="{_f(x(i))}" y="{height - 5}" text-anchor="middle" fill="#555">'
                f"{p.period}</text>"
            )
    bench = [(x(i), y(p.benchmark)) for i, p in enumerate(points) if p.benchmark is not None]
    for run in _runs([(i, p.benchmark) for i, p in enumerate(points)]):
        parts.append(_polyline([(x(i), y(v)) for i, v in run], MUNICIPALITY_COLOUR, dashed=True))
    if len(bench) == 1:
        bx, by = bench[0]
        parts.append(
            f'<line x1="{_f(bx - 6)}" y1="{_f(by)}" x2="{_f(bx + 6)}" y2="{_f(by)}" '
            f'stroke="{MUNICIPALITY_COLOUR}" stroke-width="1.4" stroke-dasharray="3 2"/>'
        )
    for i, p in enumerate(points):
        if p.value is not None and p.ci_low is not None and p.ci_high is not None:
            parts.append(
                f'<line x1="{_f(x(i))}" y1="{_f(y(p.ci_low))}" x2="{_f(x(i))}" '
                f'y2="{_f(y(p.ci_high))}" stroke="{AREA_COLOUR}" stroke-opacity="0.45" '
                'stroke-width="1.2"/>'
            )
    for run in _runs([(i, p.value) for i, p in enumerate(points)]):
        parts.append(_polyline([(x(i), y(v)) for i, v in run], AREA_COLOUR))
    for i, p in enumerate(points):
        if p.value is not None:
            fill = COMPARISON_COLOURS.get(p.comparison, COMPARISON_COLOURS["none"])
            parts.append(
                f'<circle cx="{_f(x(i))}" cy="{_f(y(p.value))}" r="2.6" fill="{fill}" '
                f'stroke="{AREA_COLOUR}" stroke-width="0.7"/>'
            )
    parts.append(_legend(left, legend))
    parts.append("</svg>")
    return "".join(parts)


def _runs(values: Sequence[tuple[int, float | None]]) -> list[list[tuple[int, float]]]:
    """Consecutive stretches without a missing value: a line never bridges a gap."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, v in values:
        if v is None:
            runs.append([])
        else:
            runs[-1].append((i, v))
    return [r for r in runs if len(r) > 1]


def _polyline(xy: Sequence[tuple[float, float]], colour: str, *, dashed: bool = False) -> str:
    dash = ' stroke-dasharray="3 2"' if dashed else ""
    points = " ".join(f"{_f(a)},{_f(b)}" for a, b in xy)
    return f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.4"{dash}/>'


def _legend(left: int, legend: tuple[str, str]) -> str:
    area, municipality = (escape(s) for s in legend)
    return (
        f'<line x1="{left}" y1="7" x2="{left + 12}" y2="7" stroke="{AREA_COLOUR}" '
        'stroke-width="1.4"/>'
        f'<text x="{left + 15}" y="9.5" fill="#333">{area}</text>'
        f'<line x1="{left + 80}" y1="7" x2="{left + 92}" y2="7" stroke="{MUNICIPALITY_COLOUR}" '
        'stroke-width="1.4" stroke-dasharray="3 2"/>'
        f'<text x="{left + 95}" y="9.5" fill="#333">{municipality}</text>'
    )


def spine_svg(
    value: float | None,
    benchmark: float | None,
    area_values: Sequence[float],
    *,
    comparison: str,
    higher_is_better: bool,
    width: int = 118,
    height: int = 14,
) -> str:
    """The area's place among all housing areas, centred on the municipality."""
    if benchmark is None:
        return ""
    spread = [v for v in area_values if math.isfinite(v)]
    deviations = [abs(v - benchmark) for v in [*spread, *([value] if value is not None else [])]]
    reach = max(deviations, default=0.0) or 1.0
    sign = 1.0 if higher_is_better else -1.0
    pad = 5.0
    half = width / 2 - pad

    def x(v: float) -> float:
        return width / 2 + sign * (v - benchmark) / reach * half

    mid = height / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spine" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">',
        f'<rect x="{_f(pad)}" y="{_f(mid - 4)}" width="{_f(width - 2 * pad)}" height="8" '
        'fill="#f1f1f1"/>',
    ]
    if spread:
        q0, q1, q3, q4 = np.percentile(spread, [0, 25, 75, 100])
        for lo, hi, colour in ((q0, q4, "#cfcfcf"), (q1, q3, "#9a9a9a")):
            a, b = sorted((x(float(lo)), x(float(hi))))
            parts.append(
                f'<rect x="{_f(a)}" y="{_f(mid - 4)}" width="{_f(max(b - a, 0.8))}" '
                f'height="8" fill="{colour}"/>'
            )
    parts.append(
        f'<line x1="{_f(width / 2)}" y1="0" x2="{_f(width / 2)}" y2="{height}" '
        'stroke="#222" stroke-width="1"/>'
    )
    if value is not None:
        fill = COMPARISON_COLOURS.get(comparison, COMPARISON_COLOURS["none"])
        parts.append(
            f'<circle cx="{_f(x(value))}" cy="{_f(mid)}" r="4" fill="{fill}" stroke="#222" '
            'stroke-width="0.7"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
