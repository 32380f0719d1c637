"""The map: every area drawn (a polygon, or a marker in its district where the delivery
has none), the municipality and its districts behind them, labels inside the map, the
category layer, and the GeoJSON download of what is shown."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from bosocdata.presentation.charts.area_map import BaseShape, draw_map

# A 2 x 1 km municipality near Aarhus (lon/lat), split into a west and an east district;
# area "p" has a polygon in the west, area "m" none and lies in the east district.
W, E, S, N = 10.10, 10.13, 56.10, 56.11
MID = 10.115
WEST = [[(W, S), (MID, S), (MID, N), (W, N), (W, S)]]
EAST = [[(MID, S), (E, S), (E, N), (MID, N), (MID, S)]]
TOWN = [[(W, S), (E, S), (E, N), (W, N), (W, S)]]
AREA_P = {"type": "Polygon", "coordinates": [[[10.104, 56.104], [10.106, 56.104],
          [10.106, 56.106], [10.104, 56.106], [10.104, 56.104]]]}  # fmt: skip
BASEMAP = [
    BaseShape("municipality", "Kommunen", [TOWN]),
    BaseShape("district", "Vest", [WEST]),
    BaseShape("district", "Øst", [EAST]),
]


def test_an_area_without_a_polygon_is_a_marker_in_its_district() -> None:
    drawn = draw_map(
        [("p", "Polygonparken", json.dumps(AREA_P), "Vest"), ("m", "Markørhaven", None, "Øst")],
        {"p": "#fecc5c", "m": "#bd0026"},
        {"p": "Polygonparken: 1", "m": "Markørhaven: 2"},
        lambda a: f"/omraade/{a}",
        BASEMAP,
        width=600,
    )
    assert drawn is not None
    assert drawn.outline.startswith("M") and len(drawn.districts) == 2
    by_id = {a.area_id: a for a in drawn.areas}
    assert not by_id["p"].is_marker and by_id["p"].path.startswith("M")
    marker = by_id["m"]
    assert marker.is_marker
    # the east district is the right half of the 600 px wide map (10 px padding)
    assert 300 < float(marker.marker_x) < 590
    for area in drawn.areas:  # every label fully inside the map
        half = len(area.name) * 7.0 / 2
        assert half <= float(area.label_x) <= 600 - half


def test_without_a_base_map_an_unplaced_area_is_still_drawn() -> None:
    drawn = draw_map(
        [("p", "Polygonparken", json.dumps(AREA_P), None), ("m", "Markørhaven", None, None)],
        {},
        {},
        lambda a: f"/omraade/{a}",
        [],
        width=600,
    )
    assert drawn is not None and [a.area_id for a in drawn.areas] == ["p", "m"]
    assert drawn.areas[1].is_marker


def test_the_category_layer_colours_each_area_by_its_class(client: TestClient) -> None:
    html = client.get("/kort?indicator=category&year=2024").text
    found = re.search(r'data-area="aeblehaven">.*?fill="(#[0-9a-f]+)"', html, re.S)
    assert found is not None and found.group(1) == "#c62828"  # særligt udsat: red
    assert "særligt udsat (rød)" in html


def test_the_geojson_download_holds_every_area_as_shown(client: TestClient) -> None:
    response = client.get("/eksport/kort.geojson?indicator=boern_unge_under_18&year=2024")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    features = json.loads(response.text)["features"]
    props = {f["properties"]["area_id"]: f["properties"] for f in features}
    assert sorted(props) == ["aeblehaven", "bakken", "oester"]
    assert props["bakken"]["shown"] == "23,5"
    assert round(props["bakken"]["value"], 1) == 23.5
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in features)
