"""The map: blocks of 1 km on a 25 x 25 km square around a fictitious Aarhus.

Coordinates are EPSG:25832 (UTM 32N, metres). Each housing area gets a block of its
own, no two area blocks touch, and an area block holds only that area's dwellings, so
a polygon drawn tightly around an area's addresses contains no other address. The
ordinary neighbourhoods fill the other land blocks, denser towards the centre. The
east of the square is the bay: no dwellings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from bosocdata.synth import catalogue as cat

X0, Y0 = 560_000, 6_210_000
BLOCK = 1_000
GRID = 25
CENTRE = (575_000.0, 6_223_500.0)
AREA_SITE_STEP = 25.0  # metres between building sites in an area block
AREA_INSET = 150.0
ORDINARY_SITE_STEP = 20.0
ORDINARY_INSET = 50.0
POLYGON_BUFFER = 25.0
STREETS_PER_BLOCK = 3

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Geography:
    """One row per dwelling (unit address), plus the areas' blocks and polygons."""

    street: npt.NDArray[np.str_]
    house_number: IntArray
    floor: npt.NDArray[np.str_]
    door: npt.NDArray[np.str_]
    postcode: IntArray
    x: npt.NDArray[np.float64]
    y: npt.NDArray[np.float64]
    area: IntArray  # index into AREAS, -1 = ordinary neighbourhood
    school: IntArray  # district school of the address
    n_schools: int
    area_district: tuple[str, ...]
    polygons: tuple[BaseGeometry, ...]

    @property
    def n_addresses(self) -> int:
        return len(self.area)


def _land_blocks() -> tuple[IntArray, IntArray]:
    grid_x, grid_y = np.meshgrid(np.arange(GRID), np.arange(GRID), indexing="ij")
    bx, by = grid_x.ravel(), grid_y.ravel()
    x, y = X0 + bx * BLOCK, Y0 + by * BLOCK
    bay = (x >= 579_000) & (y >= 6_213_000) & (y < 6_231_000)
    return bx[~bay], by[~bay]


def _centre_distance(bx: IntArray, by: IntArray) -> npt.NDArray[np.float64]:
    cx = X0 + (bx + 0.5) * BLOCK
    cy = Y0 + (by + 0.5) * BLOCK
    return np.hypot(cx - CENTRE[0], cy - CENTRE[1])


def _district(bx: IntArray, by: IntArray) -> npt.NDArray[np.int64]:
    cx = X0 + (bx + 0.5) * BLOCK - CENTRE[0]
    cy = Y0 + (by + 0.5) * BLOCK - CENTRE[1]
    angle = np.degrees(np.arctan2(cy, cx)) % 360
    sector = np.select([angle < 45, angle < 135, angle < 225, angle < 315], [4, 1, 2, 3], default=4)
    return np.where(np.hypot(cx, cy) < 3_000, 0, sector)


def _pick_area_blocks(bx: IntArray, by: IntArray, n: int, rng: np.random.Generator) -> list[int]:
    """`n` land blocks 2-9 km from the centre, no two touching (not even at a corner)."""
    distance = _centre_distance(bx, by)
    candidates = np.flatnonzero((distance > 2_000) & (distance < 9_000))
    chosen: list[int] = []
    for c in rng.permutation(candidates):
        if all(max(abs(bx[c] - bx[o]), abs(by[c] - by[o])) >= 2 for o in chosen):
            chosen.append(int(c))
        if len(chosen) == n:
            return chosen
    raise RuntimeError("not enough room on the map for the areas")


def _building_sizes(n_dwellings: int, sizes: tuple[int, ...], rng: np.random.Generator) -> IntArray:
    """Building sizes drawn from `sizes` that add up to exactly `n_dwellings`."""
    draws = rng.choice(sizes, size=n_dwellings // min(sizes) + 1)
    total = np.cumsum(draws)
    k = int(np.searchsorted(total, n_dwellings)) + 1
    out = draws[:k].copy()
    out[-1] -= total[k - 1] - n_dwellings
    return out[out > 0]


@dataclass
class _Buildings:
    block: list[int]
    sx: list[float]
    sy: list[float]
    size: list[int]
    area: list[int]


def _place_in_block(
    b: int,
    bx: IntArray,
    by: IntArray,
    sizes: IntArray,
    step: float,
    inset: float,
    area: int,
    out: _Buildings,
    rng: np.random.Generator,
) -> None:
    per_side = int((BLOCK - 2 * inset) // step) + 1
    if len(sizes) > per_side * per_side:
        raise RuntimeError("a block has more buildings than building sites")
    sites = rng.permutation(per_side * per_side)[: len(sizes)]
    out.block.extend([b] * len(sizes))
    out.sx.extend((X0 + bx[b] * BLOCK + inset + (sites // per_side) * step).tolist())
    out.sy.extend((Y0 + by[b] * BLOCK + inset + (sites % per_side) * step).tolist())
    out.size.extend(sizes.tolist())
    out.area.extend([area] * len(sizes))


def mean_household_size(profile: int) -> float:
    """Expected persons per household of a profile's household mix."""
    adults = np.array([1, 1, 1, 2, 2, 2, 2, 1])
    children = np.array([0, 0, 0, 0, 0, 0, 1.85, 1.85])
    return float(np.dot(cat.HOUSEHOLD_MIX[profile], adults + children))


def build_geography(
    scale: float, rng: np.random.Generator, *, with_areas: bool = True, area_size: float = 1.0
) -> Geography:
    """The dwellings of a municipality; `with_areas=False`: ordinary neighbourhoods only
    (the further parts of a national-scale delivery, see `generate`)."""
    bx, by = _land_blocks()
    district = _district(bx, by)
    specs = cat.AREAS if with_areas else ()
    area_blocks = _pick_area_blocks(bx, by, len(specs), rng) if specs else []
    buildings = _Buildings([], [], [], [], [])
    for a, spec in enumerate(specs):
        profile = cat.PROFILES.index(spec.profile)
        target = spec.residents * area_size  # areas keep their size at every scale
        n_dwellings = max(2, round(target / (cat.OCCUPANCY * mean_household_size(profile))))
        sizes = _building_sizes(n_dwellings, (6, 8, 12, 12, 16, 24), rng)
        _place_in_block(
            area_blocks[a], bx, by, sizes, AREA_SITE_STEP, AREA_INSET, a, buildings, rng
        )
    rest_residents = cat.expected_residents(scale) - cat.AREA_RESIDENTS  # areas do not scale
    rest_dwellings = max(50, round(rest_residents / (cat.OCCUPANCY * mean_household_size(0))))
    ordinary = np.setdiff1d(np.arange(len(bx)), area_blocks)
    distance = _centre_distance(bx[ordinary], by[ordinary])
    weight = np.exp(-distance / 4_000)
    per_block = rng.multinomial(rest_dwellings, weight / weight.sum())
    for b, n_block, dist in zip(ordinary, per_block, distance, strict=True):
        if n_block == 0:
            continue
        sizes_menu = (4, 8, 12, 18, 24, 30) if dist < 3_500 else (1, 1, 1, 1, 2, 6, 12)
        sizes = _building_sizes(int(n_block), sizes_menu, rng)
        _place_in_block(
            int(b), bx, by, sizes, ORDINARY_SITE_STEP, ORDINARY_INSET, -1, buildings, rng
        )
    return _dwellings(buildings, bx, by, district, area_blocks, scale, rng)


def _dwellings(
    buildings: _Buildings,
    bx: IntArray,
    by: IntArray,
    district: npt.NDArray[np.int64],
    area_blocks: list[int],
    scale: float,
    rng: np.random.Generator,
) -> Geography:
    block = np.array(buildings.block)
    size = np.array(buildings.size)
    sx, sy = np.array(buildings.sx), np.array(buildings.sy)
    # Streets: each block is cut into strips along y; one street per strip.
    strip = ((sy - Y0) % BLOCK * STREETS_PER_BLOCK // BLOCK).astype(np.int64)
    street_key = block * STREETS_PER_BLOCK + strip
    order = np.lexsort((sx, street_key))
    names = np.array([p + s for p in cat.STREET_PREFIXES for s in cat.STREET_SUFFIXES])
    unique_keys, street_index = np.unique(street_key, return_inverse=True)
    if len(unique_keys) > len(names):
        raise RuntimeError("more streets than street names")
    name_of = rng.permutation(len(names))[: len(unique_keys)]
    house_number = np.empty(len(size), dtype=np.int64)
    sorted_keys = street_key[order]
    first = np.r_[0, np.flatnonzero(np.diff(sorted_keys)) + 1]
    rank = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
    house_number[order] = 2 * rank + 1 + (strip[order] % 2)
    postcode_of_block = np.array(
        [rng.choice(cat.POSTCODES[cat.DISTRICTS[d]]) for d in district], dtype=np.int64
    )
    # Dwellings: one row per unit of each building.
    building = np.repeat(np.arange(len(size)), size)
    unit = np.arange(len(building)) - np.repeat(np.cumsum(size) - size, size)
    doors_per_floor = np.where(size[building] % 3 == 0, 3, 2)
    floor_no = unit // doors_per_floor
    door_no = unit % doors_per_floor
    single = size[building] == 1
    floor = np.where(floor_no == 0, "st", floor_no.astype(str))
    door_labels = np.array(["tv", "mf", "th"])
    door = door_labels[np.where(doors_per_floor == 3, door_no, door_no * 2)]
    jitter_x = np.round(rng.uniform(-3, 3, len(size)), 1)
    jitter_y = np.round(rng.uniform(-3, 3, len(size)), 1)
    area = np.array(buildings.area)[building]
    x = np.round(sx + jitter_x, 1)[building]
    y = np.round(sy + jitter_y, 1)[building]
    schools, n_schools = _school_districts(x, y, bx, by, area_blocks, scale, rng)
    polygons = tuple(
        shapely.convex_hull(shapely.multipoints(np.c_[x[area == a], y[area == a]]))
        .buffer(POLYGON_BUFFER, quad_segs=4)
        .simplify(0.5)
        for a in range(len(area_blocks))
    )
    return Geography(
        street=names[name_of[street_index]][building],
        house_number=house_number[building],
        floor=np.where(single, "", floor),
        door=np.where(single, "", door),
        postcode=postcode_of_block[block][building],
        x=x,
        y=y,
        area=area,
        school=schools,
        n_schools=n_schools,
        area_district=tuple(cat.DISTRICTS[district[b]] for b in area_blocks),
        polygons=polygons,
    )


def _school_districts(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    bx: IntArray,
    by: IntArray,
    area_blocks: list[int],
    scale: float,
    rng: np.random.Generator,
) -> tuple[IntArray, int]:
    """Schools at random block centres; each address's district school is the nearest."""
    n_schools = int(np.clip(round(46 * np.sqrt(scale)), 6, 46))
    distance = _centre_distance(bx, by)
    candidates = np.setdiff1d(np.flatnonzero(distance < 10_000), area_blocks)
    sites = rng.choice(candidates, size=n_schools, replace=False)
    school_x = X0 + (bx[sites] + 0.5) * BLOCK
    school_y = Y0 + (by[sites] + 0.5) * BLOCK
    nearest = np.empty(len(x), dtype=np.int64)
    for start in range(0, len(x), 50_000):
        chunk = slice(start, start + 50_000)
        d2 = (x[chunk, None] - school_x[None, :]) ** 2 + (y[chunk, None] - school_y[None, :]) ** 2
        nearest[chunk] = np.argmin(d2, axis=1)
    return nearest, n_schools
