"""Education histories and the place registers (incidents, evictions, fire call-outs)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bosocdata.synth import catalogue as cat
from bosocdata.synth.dates import day, split, year_start
from bosocdata.synth.population import Population
from bosocdata.synth.rates import Rates
from bosocdata.synth.spells import PersonYears

Columns = dict[str, npt.NDArray]
IntArray = npt.NDArray[np.int64]


def _on(years: IntArray, month: int, dom: int) -> IntArray:
    """The given day of the month in each year."""
    table = {int(y): day(int(y), month, dom) for y in np.unique(years)}
    keys = np.array(sorted(table))
    return np.array([table[int(k)] for k in keys], dtype=np.int64)[np.searchsorted(keys, years)]


def education(
    pop: Population, address_profile: IntArray, years: tuple[int, int], rng: np.random.Generator
) -> tuple[Columns, npt.NDArray[np.bool_]]:
    """Education events of persons born from 40 years before the first year, and whether
    each person (anyone) completed a youth education.

    Completion depends on the profile of the person's first address in the municipality.
    """
    n = pop.n_persons
    profile = address_profile[pop.first_address]
    p_complete = np.asarray(cat.YOUTH_EDUCATION_COMPLETION)[profile]
    p_complete = np.where(pop.origin == 2, 0.9 * p_complete, p_complete)
    completed = rng.random(n) < p_complete
    started = completed | (rng.random(n) < 0.6)
    dropped_first = started & (~completed | (rng.random(n) < 0.2))
    birth_year = split(pop.birth)[0]
    finish = _on(birth_year + 16, 6, 20) + rng.integers(-5, 6, n)
    first_start = _on(birth_year + 16 + (rng.random(n) < 0.3), 8, 10)
    dropout = first_start + rng.integers(60, 700, n)
    second_start = _on(split(dropout)[0] + 1, 8, 10)
    final_start = np.where(dropped_first, second_start, first_start)
    complete_day = _on(split(final_start)[0] + 3, 6, 25)

    events = (
        ("grundskole_afsluttet", np.ones(n, dtype=bool), finish),
        ("ungdomsudd_start", started, first_start),
        ("ungdomsudd_afbrudt", dropped_first, dropout),
        ("ungdomsudd_start", dropped_first & completed, second_start),
        ("ungdomsudd_fuldfoert", completed, complete_day),
    )
    cutoff = year_start(years[1] + 1)
    in_scope = (birth_year >= years[0] - 40) & (pop.birth < cutoff)
    person, date, event = [], [], []
    for name, happens, when in events:
        keep = happens & in_scope & (when < cutoff) & (when < pop.death)
        person.append(np.flatnonzero(keep))
        date.append(when[keep])
        event.append(np.full(int(keep.sum()), name))
    columns = {
        "cpr": np.concatenate(person),
        "date": np.concatenate(date),
        "event": np.concatenate(event),
    }
    return columns, completed


def education_level(
    py: PersonYears, pop: Population, completed: npt.NDArray[np.bool_], rng: np.random.Generator
) -> Columns:
    """Highest completed education on 1 January, for residents 25-69 (constant per person)."""
    names = np.array([name for name, _ in cat.EDUCATION_LEVELS_COMPLETED])
    weights = np.array([w for _, w in cat.EDUCATION_LEVELS_COMPLETED])
    higher = names[rng.choice(len(names), pop.n_persons, p=weights / weights.sum())]
    level = np.where(completed, higher, "grundskole")
    unknown = (pop.origin == 2) & (rng.random(pop.n_persons) < 0.3)
    level = np.where(unknown, "ukendt", level)
    sub = py.where((py.age >= 25) & (py.age <= 69))
    return {"cpr": sub.person, "year": sub.year, "level": level[sub.person]}


def place_registers(
    pop: Population, address_area: IntArray, rates: Rates, rng: np.random.Generator
) -> tuple[Columns, Columns, Columns]:
    """Incidents, evictions and fire call-outs at the households' dwellings.

    Every dwelling with a resident at R (a household) has a Poisson number of events of
    each kind during the year, with the expected number per household of its area.
    """
    address, year_index, ref, next_ref = [], [], [], []
    for k, snap in enumerate(pop.snapshots):
        dwellings = np.unique(snap.address)
        address.append(dwellings)
        year_index.append(np.full(len(dwellings), k))
        ref.append(np.full(len(dwellings), year_start(snap.year)))
        next_ref.append(np.full(len(dwellings), year_start(snap.year + 1)))
    hh_address = np.concatenate(address)
    yi = np.concatenate(year_index)
    start = np.concatenate(ref)
    width = np.concatenate(next_ref) - start
    area = address_area[hh_address]
    area = np.where(area >= 0, area, rates.rest_index)

    def events(expected: npt.NDArray[np.float64]) -> tuple[IntArray, IntArray]:
        count = rng.poisson(expected[area, yi])
        rows = np.repeat(np.arange(len(hh_address)), count)
        when = start[rows] + np.floor(rng.random(len(rows)) * width[rows]).astype(np.int64)
        return hh_address[rows], when

    def kinds(choices: tuple[tuple[str, float], ...], n: int) -> npt.NDArray[np.str_]:
        names = np.array([c for c, _ in choices])
        weights = np.array([w for _, w in choices])
        return names[rng.choice(len(names), n, p=weights / weights.sum())]

    prop_addr, prop_day = events(rates.place["haervaerk_indbrud"])
    other_addr, other_day = events(rates.other_incidents)
    other_kind = np.array(cat.INCIDENT_KINDS_OTHER)[rng.integers(0, 2, len(other_addr))]
    incidents = {
        "address_id": np.concatenate([prop_addr, other_addr]),
        "incident_date": np.concatenate([prop_day, other_day]),
        "kind": np.concatenate([kinds(cat.INCIDENT_KINDS_PROPERTY, len(prop_addr)), other_kind]),
    }
    ev_addr, ev_day = events(rates.place["udsaettelser"])
    evictions = {"address_id": ev_addr, "eviction_date": ev_day}
    fire_addr, fire_day = events(rates.fire)
    fire = {
        "address_id": fire_addr,
        "callout_date": fire_day,
        "kind": kinds(cat.FIRE_KINDS, len(fire_addr)),
    }
    return incidents, evictions, fire
