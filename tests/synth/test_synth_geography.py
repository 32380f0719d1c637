"""The map: areas of very different size, polygons that hold exactly their own addresses."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import shapely
from synth_reader import load, to_number


@pytest.fixture(scope="module")
def truth_areas(delivery: Path) -> pd.DataFrame:
    return pd.read_csv(delivery / "ground_truth" / "areas.csv")


@pytest.fixture(scope="module")
def polygons(delivery: Path) -> dict[str, shapely.Polygon]:
    collection = json.loads((delivery / "areas.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert "25832" in collection["crs"]["properties"]["name"]
    return {
        f["properties"]["area_id"]: shapely.geometry.shape(f["geometry"])
        for f in collection["features"]
    }


def test_about_25_areas_of_very_different_size_profile_and_trend(
    delivery: Path, truth_areas: pd.DataFrame
) -> None:
    areas = load(delivery, "areas")
    assert len(areas) >= 25
    assert set(areas["area_id"]) == set(truth_areas["area_id"])
    size = truth_areas["target_residents_scale1"]
    assert (size < 500).sum() >= 3 and (size > 5000).sum() >= 3
    assert (truth_areas["target_residents"] == size).all(), "areas keep their size at any scale"
    assert set(truth_areas["profile"]) == {"very_vulnerable", "vulnerable", "risk", "ordinary"}
    assert set(truth_areas["trend"]) == {"improving", "stable", "deteriorating"}
    assert areas["housing_organisation"].nunique() >= 3
    assert areas["district"].nunique() >= 3
    assert (truth_areas["dwellings"] >= 2).all()


def test_membership_is_split_between_address_list_and_polygons(
    delivery: Path, truth_areas: pd.DataFrame, polygons: dict[str, shapely.Polygon]
) -> None:
    by_kind = truth_areas.groupby("membership")["area_id"].apply(set)
    assert set(load(delivery, "area_addresses")["area_id"]) == by_kind["address_list"]
    assert set(polygons) == by_kind["polygon"]


def test_polygons_hold_exactly_their_own_addresses(
    delivery: Path, truth_areas: pd.DataFrame, polygons: dict[str, shapely.Polygon]
) -> None:
    addresses = load(delivery, "addresses")
    x, y = to_number(addresses["x"]), to_number(addresses["y"])
    assert x.between(560_000, 585_000).all() and y.between(6_210_000, 6_235_000).all()
    points = shapely.points(x.to_numpy(), y.to_numpy())
    listed = set(load(delivery, "area_addresses")["address_id"])
    dwellings = truth_areas.set_index("area_id")["dwellings"]
    claimed = pd.Series(0, index=addresses.index)
    for area_id, polygon in polygons.items():
        inside = shapely.contains(polygon, points)
        assert inside.sum() == dwellings[area_id], area_id
        assert not addresses.loc[inside, "address_id"].isin(listed).any()
        claimed += inside
    assert claimed.max() <= 1, "no address in two polygons"
    shapes = list(polygons.values())
    for i, a in enumerate(shapes):
        for b in shapes[i + 1 :]:
            assert not a.intersects(b)


def test_listed_areas_have_their_dwellings(delivery: Path, truth_areas: pd.DataFrame) -> None:
    listed = load(delivery, "area_addresses")
    assert listed["address_id"].is_unique, "an address belongs to at most one area"
    counts = listed.groupby("area_id").size()
    expected = truth_areas.set_index("area_id")["dwellings"]
    assert (counts == expected[counts.index]).all()
