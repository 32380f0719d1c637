"""`generate`: a whole synthetic delivery for a fictitious Aarhus-like municipality."""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import shapely

from bosocdata.errors import BosocError
from bosocdata.progress import progress
from bosocdata.synth import catalogue as cat
from bosocdata.synth import other_registers as other
from bosocdata.synth import person_registers as reg
from bosocdata.synth.basemap import write_basemap
from bosocdata.synth.cpr import format_cpr, make_cpr
from bosocdata.synth.dates import NO_DATE, day
from bosocdata.synth.geography import Geography, build_geography
from bosocdata.synth.ground_truth import write_ground_truth
from bosocdata.synth.parts import Offsets, part_scales
from bosocdata.synth.population import Population, simulate
from bosocdata.synth.rates import Rates, build_rates
from bosocdata.synth.spells import person_years
from bosocdata.synth.writers import FileFormat, TableFiles, to_table, write_geojson

Columns = dict[str, npt.NDArray]

# How each register is delivered. The mix is deliberate: a reader must cope with all of it.
FORMATS: dict[str, FileFormat] = {
    "persons": FileFormat(),
    "addresses": FileFormat(delimiter=";", decimal_comma=True, bom=True),
    "residences": FileFormat(cpr_dash=False),
    "areas": FileFormat(bom=True),
    "area_addresses": FileFormat(),
    "labour_market": FileFormat(delimiter=";", date_style="dmy_dash"),
    "crime_charges": FileFormat(
        date_style="dmy_dot", headers={"cpr": "CPR", "charge_date": "Charge_Date", "law": "LAW"}
    ),
    "convictions": FileFormat(cpr_dash=False),
    "notifications": FileFormat(delimiter=";", bom=True, date_style="dmy_dash"),
    "child_measures": FileFormat(),
    "leisure_enrolment": FileFormat(cpr_dash=False),
    "childcare_enrolment": FileFormat(delimiter=";", decimal_comma=True),
    "school_enrolment": FileFormat(),
    "school_districts": FileFormat(),
    "library_loans": FileFormat(kind="parquet", cpr_dash=False),
    "incidents": FileFormat(),
    "evictions": FileFormat(date_style="dmy_dot"),
    "education": FileFormat(date_style="dmy_dot"),
    "education_level": FileFormat(kind="parquet"),
    "income": FileFormat(delimiter=";", cpr_dash=False),
    "school_absence": FileFormat(delimiter=";", decimal_comma=True),
    "health_exams": FileFormat(delimiter=";", decimal_comma=True, date_style="dmy_dash"),
    "language_assessments": FileFormat(),
    "fire_callouts": FileFormat(),
    "interventions": FileFormat(),
    "reference_values": FileFormat(kind="xlsx"),
}
MAX_SCALE = 20.0  # 16 is national: about 5 million residents


@dataclass
class Summary:
    """What `generate` wrote."""

    out_dir: Path
    scale: float
    seed: int
    years: tuple[int, int]
    residents_first: int = 0
    residents_last: int = 0
    persons: int = 0
    areas: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def __str__(self) -> str:
        first, last = self.years
        registers = ", ".join(f"{name} {count:,}" for name, count in self.rows.items())
        return (
            f"Wrote a synthetic municipality to {self.out_dir} (scale {self.scale:g}, seed "
            f"{self.seed}): {self.residents_first:,} residents on 1 January {first}, "
            f"{self.residents_last:,} on 1 January {last}, {self.persons:,} persons in all, "
            f"{self.areas} housing areas, years {first}-{last}, in {self.seconds:.1f} s.\n"
            f"Rows: {registers}.\nTrue rates: {self.out_dir / 'ground_truth'}"
        )


def _rng(seed: int, part: str) -> np.random.Generator:
    """One generator per part, so that changing one part does not reshuffle the others."""
    return np.random.default_rng([seed, zlib.crc32(part.encode())])


RngFor = Callable[[str], np.random.Generator]


def _check(out_dir: Path, scale: float, years: tuple[int, int]) -> None:
    if not 0 < scale <= MAX_SCALE:
        raise BosocError(
            f"--scale must be above 0 and at most {MAX_SCALE:g}, got {scale:g}",
            hint="1 is Aarhus-sized, 16 national, 0.01 a quick test",
        )
    first, last = years
    if not 1990 <= first <= last <= 2060:
        raise BosocError(f"years {first}-{last} are out of range", hint="e.g. --years 2010-2025")
    if out_dir.exists() and not out_dir.is_dir():
        raise BosocError(
            f"{out_dir} is a file, not a folder", hint="give a folder to write the delivery to"
        )


def generate(
    out_dir: Path,
    *,
    scale: float = 1.0,
    seed: int = 1,
    years: tuple[int, int] = (2010, 2025),
    area_size: float = 1.0,
) -> Summary:
    """Write a synthetic delivery (REGISTERS.md) and its `ground_truth/` to `out_dir`.

    `area_size` shrinks the monitored housing areas below their real size (1): for
    quick trials and tests that need a small delivery, never for the demo.

    The same arguments give byte-identical files. Above scale 1 the persons are
    generated and written in parts (`part_scales`), each appended to the files as it
    is ready, so memory does not grow with the scale.
    """
    out_dir = Path(out_dir)
    _check(out_dir, scale, years)
    if not 0 < area_size <= 1:
        raise BosocError(
            f"--area-size must be above 0 and at most 1, got {area_size:g}",
            hint="1 keeps the housing areas at their real size",
        )
    began = time.perf_counter()
    summary = Summary(out_dir=out_dir, scale=scale, seed=seed, years=years)
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = part_scales(scale)
    files = TableFiles(out_dir)
    taken = np.empty(0, dtype=np.int64)  # CPR numbers of earlier parts, sorted
    offsets = Offsets()
    with progress() as bar:
        task = bar.add_task("Synthetic municipality", total=4 * len(parts) + 1)
        rates = build_rates(years, _rng(seed, "rates"))
        try:
            for k, part_scale in enumerate(parts):
                taken = _write_part(
                    k, part_scale, rates, years, seed, files, taken, offsets, summary,
                    lambda: bar.advance(task), area_size,
                )  # fmt: skip
        finally:
            files.close()
        bar.advance(task)
    summary.rows = dict(files.rows)
    summary.persons = offsets.persons
    summary.areas = len(cat.AREAS)
    summary.seconds = time.perf_counter() - began
    return summary


def _write_part(
    k: int,
    part_scale: float,
    rates: Rates,
    years: tuple[int, int],
    seed: int,
    files: TableFiles,
    taken: npt.NDArray[np.int64],
    offsets: Offsets,
    summary: Summary,
    advance: Callable[[], None],
    area_size: float = 1.0,
) -> npt.NDArray[np.int64]:
    """Generate part `k` and append it to the files; the CPR numbers taken so far."""

    def rng(name: str) -> np.random.Generator:
        return _rng(seed, name if k == 0 else f"{name}/{k}")

    geo = build_geography(part_scale, rng("geography"), with_areas=k == 0, area_size=area_size)
    if k:  # a map square of its own, 30 km apart (a 4-square row, then the next row south)
        geo = replace(geo, x=geo.x + 30_000 * (k % 4), y=geo.y - 30_000 * (k // 4))
    advance()
    pop = simulate(geo, rates.profile_index, years, rng("population"))
    advance()
    registers = _person_registers(geo, pop, rates, years, rng, offsets.schools)
    registers.update(
        _place_and_frame_registers(
            geo, pop, rates, years, rng, offsets.addresses, offsets.schools, first=k == 0
        )
    )
    advance()
    cpr = make_cpr(pop.birth, pop.male, rng("cpr"), taken)
    for name, columns in registers.items():
        fmt = FORMATS[name]
        files.append(name, to_table(columns, fmt, format_cpr(cpr, dash=fmt.cpr_dash)), fmt)
    if k == 0:
        write_geojson(files.out_dir / "areas.geojson", _features(geo, rates))
        write_basemap(files.out_dir)  # the map's outline and districts, beside the delivery
        dwellings = np.bincount(geo.area[geo.area >= 0], minlength=len(cat.AREAS))
        write_ground_truth(files.out_dir / "ground_truth", rates, geo, summary.scale, dwellings)
    advance()
    summary.residents_first += len(pop.snapshots[0].person)
    summary.residents_last += len(pop.snapshots[-1].person)
    offsets.addresses += geo.n_addresses
    offsets.schools += geo.n_schools
    offsets.persons += pop.n_persons
    return np.sort(np.concatenate([taken, cpr]))


def _person_registers(
    geo: Geography,
    pop: Population,
    rates: Rates,
    years: tuple[int, int],
    rng: RngFor,
    first_school: int,
) -> dict[str, Columns]:
    first, last = years
    py = person_years(pop, geo.area, rates.rest_index)
    out: dict[str, Columns] = {}
    labour, status = reg.labour_market(py, pop, rates, last, rng("labour_market"))
    out["labour_market"] = labour
    out["income"] = reg.income(py, status, rates, first, rng("income"))
    charges, convictions = reg.crime(py, rates, rng("crime"))
    out["crime_charges"], out["convictions"] = charges, convictions
    out["notifications"] = reg.notifications(py, rates, rng("notifications"))
    out["child_measures"] = reg.child_measures(py, pop, rates, last, rng("measures"))
    out["leisure_enrolment"] = reg.leisure_enrolment(py, pop, rates, last, rng("leisure"))
    out["childcare_enrolment"] = reg.childcare_enrolment(py, pop, rates, last, rng("childcare"))
    out["school_enrolment"] = reg.school_enrolment(
        py, pop, geo.school, geo.n_schools, last, rng("school"), first_school
    )
    out["school_absence"] = reg.school_absence(py, rates, rng("absence"))
    out["health_exams"] = reg.health_exams(py, pop, rates, rng("health"))
    out["language_assessments"] = reg.language_assessments(py, rates, rng("language"))
    out["library_loans"] = reg.library_loans(py, rates, rng("library"))
    address_profile = np.where(geo.area >= 0, rates.profile_index[geo.area], 0)
    events, completed = other.education(pop, address_profile, years, rng("education"))
    out["education"] = events
    out["education_level"] = other.education_level(py, pop, completed, rng("level"))
    return out


def _address_ids(n: int, first: int = 0) -> npt.NDArray[np.str_]:
    numbers = np.arange(first + 1, first + n + 1)
    return np.strings.add("ADR", np.strings.zfill(numbers.astype(str), 7))


def _place_and_frame_registers(
    geo: Geography,
    pop: Population,
    rates: Rates,
    years: tuple[int, int],
    rng: RngFor,
    first_address: int,
    first_school: int,
    *,
    first: bool,
) -> dict[str, Columns]:
    """The frame (persons, addresses, residences, areas) and the place registers.

    Place registers refer to dwellings by index; here every `address_id` column is
    turned into the dwelling's id (numbered on from `first_address`). The areas, their
    address lists, the interventions and the reference values come with the `first`
    part only.
    """
    ids = _address_ids(geo.n_addresses, first_address)
    incidents, evictions, fire = other.place_registers(pop, geo.area, rates, rng("place"))
    out: dict[str, Columns] = {
        "persons": {
            "cpr": np.arange(pop.n_persons),
            "origin": pop.origin.astype(np.int64),
            "origin_country": np.array(cat.COUNTRIES)[pop.country],
            "death_date": pop.death,
        },
        "addresses": {
            "address_id": np.arange(geo.n_addresses),
            "street": geo.street,
            "house_number": geo.house_number,
            "floor": geo.floor,
            "door": geo.door,
            "postcode": geo.postcode,
            "x": geo.x,
            "y": geo.y,
        },
        "residences": {
            "cpr": pop.res_person,
            "address_id": pop.res_address,
            "start": pop.res_start,
            "end": pop.res_end,
        },
        "areas": {
            "area_id": np.array(rates.area_ids[:-1]),
            "name": np.array([a.name for a in cat.AREAS]),
            "housing_organisation": np.array([a.organisation for a in cat.AREAS]),
            "district": np.array(geo.area_district),
        },
        "area_addresses": _area_addresses(geo, rates),
        "school_districts": {
            "address_id": np.arange(geo.n_addresses),
            "school_id": reg.school_ids(geo.n_schools, first_school)[geo.school],
        },
        "incidents": incidents,
        "evictions": evictions,
        "fire_callouts": fire,
        "interventions": _interventions(rates),
        "reference_values": _reference_values(years),
    }
    if not first:
        for name in ("areas", "area_addresses", "interventions", "reference_values"):
            del out[name]
    for columns in out.values():
        if "address_id" in columns and columns["address_id"].dtype.kind == "i":
            columns["address_id"] = ids[columns["address_id"]]
    return out


def _area_addresses(geo: Geography, rates: Rates) -> Columns:
    listed = [i for i, a in enumerate(cat.AREAS) if a.membership == "address_list"]
    rows = np.flatnonzero(np.isin(geo.area, listed))
    return {"area_id": np.array(rates.area_ids)[geo.area[rows]], "address_id": rows}


#: The kind (REGISTERS.md) and Danish name of the planted interventions, by target.
_INTERVENTION_KINDS = {
    "voksne_uden_for_arbejdsmarkedet": ("beskaeftigelse", "Jobindsats"),
    "underretninger_boern_unge": ("boern_unge", "Familieindsats"),
    "sigtede_unge": ("tryghed", "Tryg ungdom"),
    "uden_fritidstilbud": ("boern_unge", "Fritidsjob og klubber"),
}


def _interventions(rates: Rates) -> Columns:
    """The `interventions` register: one row per planted intervention (ground truth's).

    Each starts on 1 January of its start year (the effect is in that year's rate),
    is still open, and targets the one indicator it changes.
    """
    names = {
        area_id: spec.name for area_id, spec in zip(rates.area_ids[:-1], cat.AREAS, strict=True)
    }
    rows = sorted(rates.interventions, key=lambda item: (item[1], item[0]))
    kinds = [
        _INTERVENTION_KINDS.get(indicator, ("andet", "Indsats")) for _, _, indicator, *_ in rows
    ]
    return {
        "intervention_id": np.array([f"IND{i + 1:02d}" for i in range(len(rows))], dtype=str),
        "area_id": np.array([area for area, *_ in rows], dtype=str),
        "name": np.array(
            [f"{kind[1]} i {names[a]}" for kind, (a, *_) in zip(kinds, rows, strict=True)],
            dtype=str,
        ),
        "start": np.array([day(start) for _, start, *_ in rows], dtype=np.int64),
        "end": np.full(len(rows), NO_DATE, dtype=np.int64),
        "kind": np.array([kind[0] for kind in kinds], dtype=str),
        "target_indicators": np.array([indicator for _, _, indicator, *_ in rows], dtype=str),
    }


def _reference_values(years: tuple[int, int]) -> Columns:
    """National and regional benchmarks, from the year before the first (income of Y-1)."""
    year = np.arange(years[0] - 1, years[1] + 1)
    conviction_share = np.round(1.30 - 0.015 * (year - 2010), 3)
    regional_income = np.round(345_000 * (1 + cat.INCOME_GROWTH) ** (year - 2010), -2)
    return {
        "year": np.concatenate([year, year]),
        "key": np.repeat(
            ["national_conviction_share_18plus", "regional_mean_gross_income"], len(year)
        ),
        "value": np.concatenate([conviction_share, regional_income]),
    }


def _features(geo: Geography, rates: Rates) -> list[dict[str, object]]:
    features: list[dict[str, object]] = []
    for a, spec in enumerate(cat.AREAS):
        if spec.membership != "polygon":
            continue
        ring = np.round(shapely.get_coordinates(geo.polygons[a].exterior), 1).tolist()
        features.append(
            {
                "type": "Feature",
                "properties": {"area_id": rates.area_ids[a], "name": spec.name},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return features
