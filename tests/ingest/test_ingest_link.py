"""Linking addresses to areas by list and by polygons (EPSG:25832 or WGS84)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from pyproj import Transformer

from bosocdata.errors import DeliveryRefused
from bosocdata.ingest import ingest_delivery
from bosocdata.settings import Paths
from deliveries import feature_collection, minimal_delivery, square, write_delivery

# ADR1 (575000, 6225000), ADR2 (575500, 6225500), ADR3 (580000, 6230000) in EPSG:25832.
AROUND_ADR2 = square(575400, 6225400, 200)
AROUND_ADR1_AND_ADR2 = square(574900, 6224900, 700)


def query(paths: Paths, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(paths.store), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def area_of_addresses(paths: Paths) -> dict[str, str | None]:
    return dict(query(paths, "SELECT address_id, area_id FROM addresses"))


def to_wgs84(rings: list[list[list[float]]]) -> list[list[list[float]]]:
    transformer = Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)
    return [[list(transformer.transform(x, y)) for x, y in ring] for ring in rings]


@pytest.mark.parametrize("crs", [None, "urn:ogc:def:crs:EPSG::25832"])
def test_polygons_in_utm32_link_the_addresses_inside(
    tmp_path: Path, paths: Paths, crs: str | None
) -> None:
    geojson = feature_collection({"A2": AROUND_ADR2}, crs=crs)
    report = ingest_delivery(write_delivery(tmp_path / "d", geojson=geojson), paths)
    assert area_of_addresses(paths) == {"ADR1": "A1", "ADR2": "A2", "ADR3": "A2"}
    assert report.linked_addresses == 3


@pytest.mark.parametrize("crs", [None, "urn:ogc:def:crs:OGC:1.3:CRS84"])
def test_polygons_in_wgs84_link_the_same_addresses(
    tmp_path: Path, paths: Paths, crs: str | None
) -> None:
    geojson = feature_collection({"A2": to_wgs84(AROUND_ADR2)}, crs=crs)
    ingest_delivery(write_delivery(tmp_path / "d", geojson=geojson), paths)
    assert area_of_addresses(paths) == {"ADR1": "A1", "ADR2": "A2", "ADR3": "A2"}


def test_polygons_alone_without_area_addresses(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    del registers["area_addresses"]
    geojson = feature_collection({"A1": square(574900, 6224900, 200), "A2": AROUND_ADR2})
    ingest_delivery(write_delivery(tmp_path / "d", registers, geojson=geojson), paths)
    assert area_of_addresses(paths) == {"ADR1": "A1", "ADR2": "A2", "ADR3": None}


def test_the_area_geometry_is_stored_as_wgs84_geojson(tmp_path: Path, paths: Paths) -> None:
    geojson = feature_collection({"A2": AROUND_ADR2})
    ingest_delivery(write_delivery(tmp_path / "d", geojson=geojson), paths)
    geometry = dict(query(paths, "SELECT area_id, geometry FROM areas"))
    assert geometry["A1"] is None  # given by list only
    polygon = json.loads(geometry["A2"])
    assert polygon["type"] == "Polygon"
    expected = to_wgs84(AROUND_ADR2)[0]
    corners = polygon["coordinates"][0]
    assert len(corners) == len(expected)
    # Aarhus lies near 10.2 E, 56.2 N: longitude first, as GeoJSON requires.
    for (lon, lat), (want_lon, want_lat) in zip(corners, expected, strict=True):
        assert 10.0 < lon < 10.5 and 56.0 < lat < 56.4
        assert lon == pytest.approx(want_lon, abs=1e-9)
        assert lat == pytest.approx(want_lat, abs=1e-9)


def test_an_address_inside_two_polygons_refuses_the_delivery(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    del registers["area_addresses"]
    geojson = feature_collection({"A1": AROUND_ADR1_AND_ADR2, "A2": AROUND_ADR2})
    with pytest.raises(DeliveryRefused) as error:
        ingest_delivery(write_delivery(tmp_path / "d", registers, geojson=geojson), paths)
    message = str(error.value)
    assert "address 'ADR2' is claimed by two areas, 'A1' and 'A2'" in message
    assert "polygons" in message
    assert not paths.store.exists()


def test_a_list_and_a_polygon_that_disagree_refuse_the_delivery(
    tmp_path: Path, paths: Paths
) -> None:
    geojson = feature_collection({"A2": square(574900, 6224900, 200)})  # ADR1, listed in A1
    with pytest.raises(DeliveryRefused) as error:
        ingest_delivery(write_delivery(tmp_path / "d", geojson=geojson), paths)
    message = str(error.value)
    assert "address 'ADR1' is claimed by two areas, 'A1' and 'A2'" in message
    assert "area_addresses.csv and by the polygons" in message


def test_an_address_listed_in_two_areas_refuses_the_delivery(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    registers["area_addresses"].append({"area_id": "A2", "address_id": "ADR1"})
    with pytest.raises(DeliveryRefused, match="'ADR1' is claimed by two areas, 'A1' and 'A2'"):
        ingest_delivery(write_delivery(tmp_path / "d", registers), paths)


def test_a_list_and_a_polygon_that_agree_are_fine(tmp_path: Path, paths: Paths) -> None:
    geojson = feature_collection({"A1": square(574900, 6224900, 200)})
    report = ingest_delivery(write_delivery(tmp_path / "d", geojson=geojson), paths)
    assert not report.has_warnings, report.summary()
    assert area_of_addresses(paths)["ADR1"] == "A1"


def test_a_polygon_of_an_unknown_area_refuses_the_delivery(tmp_path: Path, paths: Paths) -> None:
    geojson = feature_collection({"B7": AROUND_ADR2})
    with pytest.raises(DeliveryRefused, match="area_id 'B7', which is not in areas"):
        ingest_delivery(write_delivery(tmp_path / "d", geojson=geojson), paths)


def test_a_geojson_that_is_not_json_refuses_the_delivery(tmp_path: Path, paths: Paths) -> None:
    delivery = write_delivery(tmp_path / "d")
    (delivery / "areas.geojson").write_text("{not json", encoding="utf-8")
    with pytest.raises(DeliveryRefused, match=r"areas\.geojson: cannot be read as GeoJSON"):
        ingest_delivery(delivery, paths)
