"""The map of the housing areas: GeoJSON polygons projected to SVG paths, coloured by
class."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from bosocdata.presentation.charts.common import MAP_MISSING, MAP_PALETTE, _fmt

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


def colour_for(
    value: float | None, breaks: Sequence[float], palette: Sequence[str] = MAP_PALETTE
) -> str:
    """The class colour of `value`; `palette` runs from the lowest class to the highest
    (reverse it where a low value is the bad one, so the darkest red is always worst)."""
    if value is None:
        return MAP_MISSING
    for i in range(len(palette)):
        if value <= breaks[i + 1]:
            return palette[i]
    return palette[-1]


def centroid(ring: Ring, project: Projection) -> tuple[float, float]:
    """Mean of the projected vertices: good enough to place a short label."""
    pts = [project(lon, lat) for lon, lat in ring[:-1] or ring]
    return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
