"""Linking addresses to areas: by `area_addresses` and/or polygons in `areas.geojson`.

An address belongs to at most one area. Two claims (two polygons, two list rows, or a
list row and a polygon that disagree) are a configuration error of the delivery, not a
row error: the delivery is refused with a message naming the address and both areas.

Polygons may be in EPSG:25832 (like the addresses' x, y) or WGS84: the GeoJSON `crs`
member decides when present, else the coordinate range. Point-in-polygon is one
vectorised STRtree query; a point on a polygon's boundary counts as inside.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import shapely
from pyproj import Transformer

from bosocdata.errors import DeliveryRefused
from bosocdata.ingest.plausible import shown_value
from bosocdata.store.sql import count_rows, scalar

UTM32 = "EPSG:25832"
WGS84 = "EPSG:4326"
ADDRESS_AREA = "address_area"  # in-memory table (address_id, area_id)
AREA_GEOMETRY = "area_geometry"  # in-memory table (area_id, geometry GeoJSON WGS84)


@dataclass
class LinkResult:
    linked_addresses: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AreaPolygons:
    area_ids: list[str]
    utm: np.ndarray  # shapely geometries in EPSG:25832, one per area id
    wgs84: np.ndarray  # the same in WGS84


def link_areas(
    con: duckdb.DuckDBPyConnection,
    *,
    has_list: bool,
    list_file: str,
    geojson: Path | None,
) -> LinkResult:
    """Build `address_area` and `area_geometry` from the validated tables."""
    result = LinkResult()
    claims = ["SELECT address_id, area_id, 'list' AS source, _row FROM ok_area_addresses"]
    if not has_list:
        claims = []
    polygons = read_polygons(geojson, _known_areas(con)) if geojson else None
    if polygons is not None:
        _polygon_claims(con, polygons, result)
        claims.append(
            "SELECT address_id, area_id, 'polygon' AS source, CAST(NULL AS BIGINT) AS _row "
            f"FROM {_POINTS}"
        )
        _geometry_table(con, polygons)
    else:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {AREA_GEOMETRY} (area_id VARCHAR, geometry VARCHAR)"
        )
    if not claims:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {ADDRESS_AREA} (address_id VARCHAR, area_id VARCHAR)"
        )
        return result
    con.execute(f"CREATE OR REPLACE TEMP TABLE all_claims AS {' UNION ALL '.join(claims)}")
    _refuse_double_claims(con, list_file, geojson)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {ADDRESS_AREA} AS "
        "SELECT DISTINCT address_id, area_id FROM all_claims"
    )
    con.execute("DROP TABLE all_claims")
    result.linked_addresses = count_rows(con, ADDRESS_AREA)
    empty = [
        str(r[0])
        for r in con.execute(
            "SELECT area_id FROM ok_areas "
            f"WHERE area_id NOT IN (SELECT area_id FROM {ADDRESS_AREA}) ORDER BY area_id"
        ).fetchall()
    ]
    if empty:
        result.warnings.append(
            f"{len(empty)} area(s) have no addresses: {', '.join(empty[:5])}"
            + (" ..." if len(empty) > 5 else "")
        )
    return result


_POINTS = "polygon_claims"


def _known_areas(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {str(r[0]) for r in con.execute("SELECT area_id FROM ok_areas").fetchall()}


def _polygon_claims(
    con: duckdb.DuckDBPyConnection, polygons: AreaPolygons, result: LinkResult
) -> None:
    """`polygon_claims(address_id, area_id)`: every (address, polygon) containing it."""
    located = con.execute(
        "SELECT address_id, x, y FROM ok_addresses WHERE x IS NOT NULL AND y IS NOT NULL"
    ).fetchnumpy()
    unplaced = scalar(con, "SELECT count(*) FROM ok_addresses WHERE x IS NULL OR y IS NULL")
    if unplaced:
        result.warnings.append(
            f"{unplaced} address(es) have no x, y and cannot be placed by areas.geojson"
        )
    points = shapely.points(np.asarray(located["x"], float), np.asarray(located["y"], float))
    tree = shapely.STRtree(polygons.utm)
    point_index, area_index = tree.query(points, predicate="intersects")
    addresses = np.asarray(located["address_id"], dtype=object)
    area_ids = np.asarray(polygons.area_ids, dtype=object)
    table = pa.table(
        {
            "address_id": pa.array(addresses[point_index], pa.string()),
            "area_id": pa.array(area_ids[area_index], pa.string()),
        }
    )
    con.register("polygon_claims_arrow", table)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_POINTS} AS SELECT * FROM polygon_claims_arrow")
    con.unregister("polygon_claims_arrow")


def _refuse_double_claims(
    con: duckdb.DuckDBPyConnection, list_file: str, geojson: Path | None
) -> None:
    conflicts = con.execute(
        "SELECT address_id, count(*) OVER (), list(DISTINCT area_id ORDER BY area_id), "
        "list(DISTINCT source ORDER BY source), min(_row) "
        "FROM all_claims GROUP BY address_id HAVING count(DISTINCT area_id) > 1 "
        "ORDER BY address_id LIMIT 1"
    ).fetchall()
    if not conflicts:
        return
    address, count, areas, sources, row = conflicts[0]
    where = {
        ("list",): f"in {list_file}" + (f" (first on row {row})" if row is not None else ""),
        ("polygon",): f"by the polygons of {geojson.name if geojson else 'areas.geojson'}",
        ("list", "polygon"): f"by {list_file} and by the polygons of areas.geojson",
    }[tuple(sources)]
    more = f"; {count - 1} more address(es) are claimed twice" if count > 1 else ""
    raise DeliveryRefused(
        f"address {address!r} is claimed by two areas, {areas[0]!r} and {areas[1]!r}, "
        f"{where}{more}",
        hint="an address belongs to at most one area: correct area_addresses or the polygons",
    )


def _geometry_table(con: duckdb.DuckDBPyConnection, polygons: AreaPolygons) -> None:
    geometry = [shapely.to_geojson(g) for g in polygons.wgs84]
    table = pa.table(
        {"area_id": pa.array(polygons.area_ids, pa.string()), "geometry": pa.array(geometry)}
    )
    con.register("area_geometry_arrow", table)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {AREA_GEOMETRY} AS SELECT * FROM area_geometry_arrow"
    )
    con.unregister("area_geometry_arrow")


# --- reading areas.geojson -------------------------------------------------------------


def read_polygons(path: Path, known_areas: set[str]) -> AreaPolygons:
    """The polygons of `areas.geojson`, one (multi)polygon per area id."""
    features, crs = _features(path)
    by_area: dict[str, list[Any]] = {}
    for number, feature in enumerate(features, start=1):
        area_id, geometry = _feature(feature, number, path)
        if area_id not in known_areas:
            raise DeliveryRefused(
                f"{path}: feature {number} has area_id {shown_value(area_id)}, which is not "
                "in areas (or its areas row was rejected)",
                hint="every polygon must belong to an area of the areas register",
            )
        by_area.setdefault(area_id, []).append(geometry)
    area_ids = sorted(by_area)
    merged = np.array(
        [shapely.union_all(shapely.make_valid(np.array(by_area[a]))) for a in area_ids],
        dtype=object,
    )
    source = _source_crs(path, crs, merged)
    if source == WGS84:
        return AreaPolygons(area_ids, _transform(merged, WGS84, UTM32), merged)
    return AreaPolygons(area_ids, merged, _transform(merged, UTM32, WGS84))


def _features(path: Path) -> tuple[list[Any], Any]:
    """The features of the FeatureCollection and its `crs` member (or None)."""
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, OSError):
        raise DeliveryRefused(
            f"{path}: cannot be read as GeoJSON (UTF-8 JSON)",
            hint="export the polygons as a GeoJSON FeatureCollection",
        ) from None
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise DeliveryRefused(
            f"{path}: not a GeoJSON FeatureCollection",
            hint='the top level must be {"type": "FeatureCollection", "features": [...]}',
        )
    features = collection.get("features")
    return (features if isinstance(features, list) else []), collection.get("crs")


def _feature(feature: Any, number: int, path: Path) -> tuple[str, Any]:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    area_id = properties.get("area_id") if isinstance(properties, dict) else None
    if area_id is None or str(area_id).strip() == "":
        raise DeliveryRefused(
            f"{path}: feature {number} has no property area_id",
            hint="give every polygon the property area_id of its area",
        )
    try:
        geometry = shapely.from_geojson(json.dumps(feature.get("geometry")))
    except (shapely.errors.GEOSException, ValueError, TypeError):
        geometry = None
    if geometry is None or geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise DeliveryRefused(
            f"{path}: feature {number} (area {shown_value(area_id)}) has no Polygon or "
            "MultiPolygon geometry",
            hint="areas are polygons",
        )
    return str(area_id).strip(), geometry


def _source_crs(path: Path, crs: Any, geometries: np.ndarray) -> str:
    """The CRS of the file: its `crs` member, else guessed from the coordinate range."""
    if isinstance(crs, dict):
        name = str((crs.get("properties") or {}).get("name", ""))
        if "25832" in name:
            return UTM32
        if "4326" in name or "CRS84" in name.upper():
            return WGS84
        raise DeliveryRefused(
            f"{path}: unsupported crs {name!r}",
            hint="deliver the polygons in EPSG:25832 or WGS84 (EPSG:4326)",
        )
    if len(geometries) == 0:
        return UTM32
    west, south, east, north = shapely.total_bounds(geometries)
    inside_degrees = west >= -180 and east <= 180 and south >= -90 and north <= 90
    return WGS84 if inside_degrees else UTM32


def _transform(geometries: np.ndarray, source: str, target: str) -> np.ndarray:
    transformer = Transformer.from_crs(source, target, always_xy=True)

    def project(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return np.asarray(shapely.transform(geometries, project), dtype=object)
