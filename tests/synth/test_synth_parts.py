"""A delivery larger than one Aarhus is generated and written in parts of persons.

The parts are made small here (`PART_SCALE`), so that a quick delivery has three: the
files must read as one delivery (every person, address and school once; every
reference resolving), and the same seed must still give the same bytes.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

import pandas as pd
import pytest
from synth_reader import load, to_number

from bosocdata.synth import generate

# imported as a module, to set its PART_SCALE
synth_parts = importlib.import_module("bosocdata.synth.parts")

YEARS = (2020, 2022)
SCALE = 0.015  # parts of 0.005: the areas and about 1,600 others, then twice 1,600


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("parts")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(synth_parts, "PART_SCALE", 0.005)
        assert len(synth_parts.part_scales(SCALE)) == 3
        generate(base / "a", scale=SCALE, seed=5, years=YEARS)
        generate(base / "b", scale=SCALE, seed=5, years=YEARS)
    return base / "a", base / "b"


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_same_seed_gives_the_same_bytes_in_parts(parts: tuple[Path, Path]) -> None:
    assert digest(parts[0]) == digest(parts[1])


def test_every_person_address_and_school_is_there_once(parts: tuple[Path, Path]) -> None:
    delivery = parts[0]
    persons = load(delivery, "persons")
    addresses = load(delivery, "addresses")
    schools = load(delivery, "school_districts")
    assert persons["cpr"].is_unique
    assert addresses["address_id"].is_unique
    assert schools["address_id"].is_unique
    # the schools of the three parts (map squares) are numbered on, not restarted
    square = (to_number(addresses["x"]) - 560_000) // 30_000
    school = schools.merge(addresses.assign(square=square), on="address_id")
    assert (school.groupby("school_id")["square"].nunique() == 1).all()
    assert schools["school_id"].nunique() >= 3 * 6, "at least 6 schools in each part"


def test_every_reference_resolves_across_the_parts(parts: tuple[Path, Path]) -> None:
    delivery = parts[0]

    def cpr(name: str) -> set[str]:  # with or without the dash, as delivered
        return set(load(delivery, name)["cpr"].str.replace("-", ""))

    cprs = cpr("persons")
    addresses = set(load(delivery, "addresses")["address_id"])
    assert cpr("residences") <= cprs
    assert set(load(delivery, "residences")["address_id"]) <= addresses
    assert cpr("income") <= cprs
    assert set(load(delivery, "incidents")["address_id"]) <= addresses
    assert len(load(delivery, "areas")) == 25, "the areas come once, with the first part"


def test_the_parts_add_up_to_the_size_asked_for(parts: tuple[Path, Path]) -> None:
    # 43,600 in the areas, 316,400 x 0.015 = 4,746 in the rest, at 1 January 2020
    res = load(parts[0], "residences")
    start = pd.to_datetime(res["start"])
    end = pd.to_datetime(res["end"])
    r = pd.Timestamp("2020-01-01")
    living = res[(start <= r) & (end.isna() | (end > r))]
    expected = 43_600 + 316_400 * SCALE
    assert abs(len(living) - expected) < 0.05 * expected


def test_each_part_has_its_own_map_square(parts: tuple[Path, Path]) -> None:
    addresses = load(parts[0], "addresses")
    x = to_number(addresses["x"])
    assert x.min() >= 560_000 and x.max() < 560_000 + 30_000 * 2 + 25_000
    squares = ((x - 560_000) // 30_000).astype(int)
    assert set(squares) == {0, 1, 2}
