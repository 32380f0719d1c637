"""Geometry of the server-rendered SVG charts and the map; templates draw it.

Python computes coordinates only; the templates write the elements, so every text in
an SVG is escaped by Jinja like the rest of the page. No JavaScript chart library.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

# A sequential palette (ColorBrewer YlOrRd, 5 classes): darker = higher value.
MAP_PALETTE: tuple[str, ...] = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
MAP_MISSING = "#d9d9d9"


def _fmt(v: float) -> str:
    return f"{v:.1f}"


@dataclass(frozen=True)
class Tick:
    pos: str
    label: str


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


# ---------------------------------------------------------------------------- map


@dataclass
class MapShape:
    area_id: str
    path: str
    fill: str
    title: str
    href: str
    label: str
    label_x: str = ""
    label_y: str = ""


@dataclass
class MapLegendItem:
    fill: str
    label: str


@dataclass
class MapView:
    width: int
    height: int
    shapes: list[MapShape] = field(default_factory=list)
    legend: list[MapLegendItem] = field(default_factory=list)


Ring = list[tuple[float, float]]


def polygons_of(geometry: str | None) -> list[list[Ring]]:
    """The polygons (each a list of rings of lon/lat) of a GeoJSON geometry text."""
    if not geometry:
        return []
    try:
        geo = json.loads(geometry)
    except ValueError:
        return []
    if geo.get("type") == "Feature":
        geo = geo.get("geometry") or {}
    kind, coords = geo.get("type"), geo.get("coordinates")
    if kind == "Polygon":
        polys = [coords]
    elif kind == "MultiPolygon":
        polys = coords
    else:
        return []
    try:
        return [[[(float(p[0]), float(p[1])) for p in ring] for ring in poly] for poly in polys]
    except (TypeError, IndexError, ValueError):
        return []  # a malformed geometry is left off the map, not a broken page


class Projection:
    """Equirectangular around the mean latitude, fitted into a width x height box.

    For a municipality (tens of kilometres) this is within a fraction of a percent of
    UTM: east-west distances are scaled by cos(latitude), north is up.
    """

    def __init__(self, rings: Sequence[Ring], width: int, pad: int = 10) -> None:
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        self.kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
        self.min_x, self.max_y = min(lons) * self.kx, max(lats)
        span_x = max(max(lons) * self.kx - self.min_x, 1e-9)
        span_y = max(self.max_y - min(lats), 1e-9)
        self.scale = (width - 2 * pad) / span_x
        self.pad = pad
        self.width = width
        self.height = math.ceil(span_y * self.scale + 2 * pad)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.pad + (lon * self.kx - self.min_x) * self.scale,
            self.pad + (self.max_y - lat) * self.scale,
        )


def ring_path(ring: Ring, project: Projection) -> str:
    points = [project(lon, lat) for lon, lat in ring]
    return "M" + " L".join(f"{_fmt(px)},{_fmt(py)}" for px, py in points) + " Z"


def class_breaks(values: Sequence[float], classes: int = len(MAP_PALETTE)) -> list[float]:
    """Equal-width class limits between the smallest and largest value."""
    low, high = min(values), max(values)
    if high == low:
        return [low] * (classes + 1)
    step = (high - low) / classes
    return [low + step * i for i in range(classes)] + [high]


def colour_for(value: float | None, breaks: Sequence[float]) -> str:
    if value is None:
        return MAP_MISSING
    for i in range(len(MAP_PALETTE)):
        if value <= breaks[i + 1]:
            return MAP_PALETTE[i]
    return MAP_PALETTE[-1]


def centroid(ring: Ring, project: Projection) -> tuple[float, float]:
    """Mean of the projected vertices: good enough to place a short label."""
    pts = [project(lon, lat) for lon, lat in ring[:-1] or ring]
    return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)


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


# ------------------------------------------------------------------ population pyramid


@dataclass(frozen=True)
class PyramidRow:
    label: str
    y: str
    men_x: str
    men_w: str
    women_w: str
    title: str
    men_text: str = ""
    women_text: str = ""
    women_x: str = ""


@dataclass(frozen=True)
class Pyramid:
    width: int
    height: int
    centre: str
    row_h: int
    rows: list[PyramidRow]


def pyramid(
    bands: Sequence[tuple[str, float | None, float | None, str]],
    *,
    width: int = 440,
    row_h: int = 16,
    count: Callable[[float], str] | None = None,
) -> Pyramid | None:
    """Men to the left of the centre, women to the right, the oldest band on top, each
    bar with its number at its outer end (`count` formats it; "–" where hidden).

    `bands`: (label, men, women, title) youngest first; a missing count draws no bar."""
    counts = [c for _, m, w, _ in bands for c in (m, w) if c is not None]
    if not bands or not counts:
        return None
    label_w, pad, number_w = 56, 6, 44
    half = (width - label_w - 2 * pad - 2 * number_w) / 2
    centre = label_w + pad + number_w + half
    most = max(counts) or 1.0
    rows = []
    for i, (label, men, women, title) in enumerate(reversed(bands)):
        men_w = 0.0 if men is None else half * men / most
        women_w = 0.0 if women is None else half * women / most

        def text(n: float | None) -> str:
            return "" if count is None else ("–" if n is None else count(n))

        rows.append(
            PyramidRow(
                label,
                str(i * row_h),
                _fmt(centre - men_w),
                _fmt(men_w),
                _fmt(women_w),
                title,
                text(men),
                text(women),
                _fmt(centre + women_w),
            )
        )
    return Pyramid(width, len(bands) * row_h + 4, _fmt(centre), row_h, rows)
