"""The synthetic municipality's base map: its outline is the land of the 25 x 25 km
square less the bay, and its districts share that land between them."""

from __future__ import annotations

import shapely
from pyproj import Geod

from bosocdata.synth.basemap import basemap_features

GEOD = Geod(ellps="GRS80")


def _km2(geometry: dict[str, object]) -> float:
    shape = shapely.from_geojson(__import__("json").dumps(geometry))
    return abs(GEOD.geometry_area_perimeter(shape)[0]) / 1e6


def test_the_outline_is_the_land_and_the_districts_share_it() -> None:
    features = basemap_features()
    kinds = [f["properties"]["kind"] for f in features]  # type: ignore[index]
    assert kinds == ["municipality"] + ["district"] * 5
    # 625 blocks of 1 km2, less the bay: x 579-585 km (6) x y 6,213-6,231 km (18) = 108
    outline = _km2(features[0]["geometry"])  # type: ignore[arg-type]
    assert abs(outline - 517) < 517 * 0.005
    districts = sum(_km2(f["geometry"]) for f in features[1:])  # type: ignore[arg-type]
    assert abs(districts - outline) < outline * 0.001
    names = [f["properties"]["name"] for f in features[1:]]  # type: ignore[index]
    assert names == ["Midtbyen", "Nordbyen", "Vestbyen", "Sydbyen", "Kystbyen"]
