"""What the map page draws: the municipality's outline and districts (the base map), every
housing area as its polygon or, where the delivery has none, as a marker in its district,
a label for each, and the legend. Server-side SVG, no tiles and nothing from outside.

The base map is a GeoJSON file of public boundaries (features with properties `kind`:
`municipality` or `district`, and `name`, in WGS84) at `$BOSOC_HOME/kort/kommune.geojson`;
`bosoc demo` writes the synthetic municipality's there. Without it the areas are drawn
alone. See docs/concepts/web.md, "The map".
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bosocdata.presentation.charts import Projection, Ring, polygons_of, ring_path

BASEMAP_PATH = Path("kort") / "kommune.geojson"
MAP_WIDTH = 900
MARKER_RADIUS = 7.0
MARKER_STEP = 26.0
LABEL_CHAR = 7.0  # px per character of an 11 px label, to keep labels inside the map
# the rows of markers under the map when there is no base map: room for a 20-letter name
STRIP_LEFT = 10.0
STRIP_STEP = 150.0
STRIP_ROW = 40.0


@dataclass(frozen=True)
class BaseShape:
    kind: str  # municipality | district
    name: str
    polygons: list[list[Ring]]


@dataclass
class DrawnArea:
    """One housing area on the map: a polygon (`path`) or a marker (`marker_x/y`)."""

    area_id: str
    name: str
    title: str
    href: str
    fill: str
    path: str = ""
    marker_x: str = ""
    marker_y: str = ""
    label_x: str = ""
    label_y: str = ""
    label_anchor: str = "middle"

    @property
    def is_marker(self) -> bool:
        return not self.path


@dataclass
class LegendItem:
    fill: str
    label: str


@dataclass
class DrawnMap:
    width: int
    height: int
    outline: str = ""
    districts: list[tuple[str, str, str, str]] = field(default_factory=list)  # name, d, x, y
    areas: list[DrawnArea] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    legend_note: str = ""  # what the colours mean (which end is worse)

    @property
    def markers(self) -> list[DrawnArea]:
        return [a for a in self.areas if a.is_marker]


def basemap_file(home: Path) -> Path:
    return home / BASEMAP_PATH


def load_basemap(path: Path) -> list[BaseShape]:
    """The base map's shapes; [] when there is no file or it cannot be read (the map is
    drawn without a background then, never a broken page)."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return []
    return list(_load(path, stamp))


@lru_cache(maxsize=4)
def _load(path: Path, stamp: int) -> tuple[BaseShape, ...]:
    del stamp  # part of the cache key: a new file is read again
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    shapes = []
    for feature in data.get("features") or []:
        props = feature.get("properties") or {}
        polygons = polygons_of(json.dumps(feature.get("geometry")))
        if polygons and props.get("kind") in ("municipality", "district"):
            shapes.append(BaseShape(str(props["kind"]), str(props.get("name") or ""), polygons))
    return tuple(shapes)


def _centroid(polygons: list[list[Ring]]) -> tuple[float, float]:
    """Area-weighted centroid of the outer rings (lon/lat): inside a compact shape."""
    total = sx = sy = 0.0
    for poly in polygons:
        ring = poly[0]
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            cross = x0 * y1 - x1 * y0
            total += cross
            sx += (x0 + x1) * cross
            sy += (y0 + y1) * cross
    if abs(total) < 1e-15:
        pts = [p for poly in polygons for p in poly[0]]
        return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
    return sx / (3 * total), sy / (3 * total)


def _fmt(v: float) -> str:
    return f"{v:.1f}"


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _place_label(
    area: DrawnArea, x: float, y: float, width: int, name: str, taken: list[Box]
) -> None:
    """Centre the label at (x, y), inside the map, moved up or down a line or two when it
    would cover a label already placed (greedy, in the order the areas are drawn)."""
    half = len(name) * LABEL_CHAR / 2 + 2
    x = min(max(x, half + 4), width - half - 4)
    for dy in (0.0, 12.0, -12.0, 24.0, -24.0, 36.0):
        box = (x - half, y + dy - 10, x + half, y + dy + 2)
        if not any(_overlap(box, other) for other in taken):
            break
    taken.append(box)
    area.label_x = _fmt(x)
    area.label_y = _fmt(box[3] - 2)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def draw_map(
    areas: Sequence[tuple[str, str, str | None, str | None]],
    fills: Mapping[str, str],
    titles: Mapping[str, str],
    href: Callable[[str], str],
    basemap: Sequence[BaseShape],
    *,
    width: int = MAP_WIDTH,
) -> DrawnMap | None:
    """`areas`: (area_id, name, geometry GeoJSON or None, district or None) of every
    housing area. None when there is nothing to place at all (no polygon, no base map)."""
    shaped = {a: polygons_of(geometry) for a, _, geometry, _ in areas}
    rings = [ring for polys in shaped.values() for poly in polys for ring in poly]
    rings += [ring for shape in basemap for poly in shape.polygons for ring in poly]
    if not rings:
        return None
    # without a base map, the areas without a polygon are markers in rows below it
    in_strip = 0 if basemap else sum(1 for a, *_ in areas if not shaped[a])
    per_row = max(1, int((width - STRIP_LEFT) // STRIP_STEP))
    project = Projection(rings, width)
    rows = -(-in_strip // per_row)
    drawn = DrawnMap(width, project.height + int(STRIP_ROW) * rows)
    districts = {s.name: s for s in basemap if s.kind == "district"}
    for shape in basemap:
        d = " ".join(ring_path(ring, project) for poly in shape.polygons for ring in poly)
        if shape.kind == "municipality":
            drawn.outline = (drawn.outline + " " + d).strip()
        else:
            x, y = project(*_centroid(shape.polygons))
            drawn.districts.append((shape.name, d, _fmt(x), _fmt(y)))
    waiting: dict[str, int] = {}
    taken: list[Box] = [
        (float(x) - len(n) * 4, float(y) - 12, float(x) + len(n) * 4, float(y) + 2)
        for n, _, x, y in drawn.districts
    ]
    strip_index = 0
    anchors: list[tuple[float, float]] = []
    for a, name, _, district in areas:
        item = DrawnArea(a, name, titles.get(a, name), href(a), fills.get(a, "#d9d9d9"))
        if shaped[a]:
            item.path = " ".join(ring_path(r, project) for poly in shaped[a] for r in poly)
            x, y = project(*_centroid(shaped[a]))
            anchors.append((x, y + 4))
        else:
            if district in districts:
                cx, cy = project(*_centroid(districts[district].polygons))
                k = waiting.get(district or "", 0)
                waiting[district or ""] = k + 1
                # markers in a spiral around the district's centre, clear of its name
                angle = 2.4 * k
                radius = MARKER_STEP * (1 + 0.6 * math.sqrt(k))
                x, y = cx + radius * math.cos(angle), cy + 24 + radius * math.sin(angle)
            else:
                row, column = divmod(strip_index, per_row)
                strip_index += 1
                x = STRIP_LEFT + STRIP_STEP * (column + 0.5)
                y = project.height + STRIP_ROW * (row + 0.5) + 6
            item.marker_x, item.marker_y = _fmt(x), _fmt(y)
            r = MARKER_RADIUS + 1
            taken.append((x - r, y - r, x + r, y + r))
            anchors.append((x, y - MARKER_RADIUS - 3))
        drawn.areas.append(item)
    for item, (x, y) in zip(drawn.areas, anchors, strict=True):
        _place_label(item, x, y, width, item.name, taken)
    return drawn
