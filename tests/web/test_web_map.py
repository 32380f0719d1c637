"""The map: every area drawn (a polygon, or a marker in its district where the delivery
has none), the municipality and its districts behind them, labels inside the map, the
category layer, and the GeoJSON download of what is shown."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from bosocdata.presentation import queries as q
from bosocdata.presentation.charts import MAP_PALETTE
from bosocdata.presentation.charts.area_map import BaseShape, draw_map
from bosocdata.presentation.vocabulary import Vocabulary
from bosocdata.web.pages.map import indicator_layer
from bosocdata.web.rendering import Formatter

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


def _cell(area_id: str, value: float, direction: str) -> q.Cell:
    return q.Cell(area_id, 2024, "indkomst", "dkk", None, None, value, None, None, None,
                  None, False, direction, None)  # fmt: skip


def test_the_darkest_red_is_the_worst_end_whichever_way_the_indicator_points() -> None:
    areas = {a: q.Area(a, a.title(), None, None, None) for a in ("lav", "midt", "hoej")}
    values = {"lav": 150_000.0, "midt": 200_000.0, "hoej": 250_000.0}
    t, fmt = Vocabulary("da"), Formatter("da")
    for direction, worst, best in (
        ("down_is_worse", "lav", "hoej"),
        ("up_is_worse", "hoej", "lav"),
    ):
        cells = {a: _cell(a, v, direction) for a, v in values.items()}
        layer = indicator_layer(cells, list(areas), areas, t, fmt)
        assert layer.fills[worst] == MAP_PALETTE[-1] and layer.fills[best] == MAP_PALETTE[0]
        # the legend keeps its classes in rising order, each in the colour drawn
        assert layer.legend[0].label.startswith("150.000")
        assert layer.legend[0].fill == layer.fills["lav"]
    assert (
        "lavere værdi"
        in indicator_layer(
            {a: _cell(a, v, "down_is_worse") for a, v in values.items()}, list(areas), areas, t, fmt
        ).note
    )


def test_without_a_base_map_many_markers_all_lie_inside_the_map() -> None:
    # Aarhus's demo: 13 of 25 areas are address lists without a polygon
    unplaced = [(f"m{i}", f"Område nummer {i:02d} Syd", None, None) for i in range(13)]
    drawn = draw_map(
        [("p", "Polygonparken", json.dumps(AREA_P), None), *unplaced],
        {}, {}, lambda a: f"/omraade/{a}", [], width=900,
    )  # fmt: skip
    assert drawn is not None
    markers = drawn.markers
    assert len(markers) == 13
    spots = {(m.marker_x, m.marker_y) for m in markers}
    assert len(spots) == 13  # no two on one spot
    for m in markers:
        assert 7 <= float(m.marker_x) <= 900 - 7
        assert 7 <= float(m.marker_y) <= drawn.height - 7
    for area in drawn.areas:  # every label fully inside the map
        half = len(area.name) * 7.0 / 2
        assert half <= float(area.label_x) <= 900 - half
        assert 0 < float(area.label_y) <= drawn.height
