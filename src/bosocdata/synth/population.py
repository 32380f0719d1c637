"""The CPR address histories: a year-by-year simulation of households and dwellings.

Every year, between two reference dates R = 1 January: some residents die, some
households move within or out of the municipality, some young adults leave home, some
women give birth, and new households move in to keep about 96 % of the dwellings
occupied. Every event gets a random day of the year. A person has at most one move a
year, so residence rows never overlap; a death ends the residence and nothing follows
it. Movers within the municipality are matched to vacant dwellings by rank, so that
households of non-Western origin tend to move to areas where many already live (the
areas keep their character).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from bosocdata.synth import catalogue as cat
from bosocdata.synth.dates import NO_DATE, age_at, year_start
from bosocdata.synth.geography import Geography
from bosocdata.synth.households import NewPersons, is_nonwestern_country, new_households

IntArray = npt.NDArray[np.int64]
STAY, WITHIN, OUT = 0, 1, 2


@dataclass(frozen=True)
class Snapshot:
    """Residents at R = 1 January of `year` and their dwellings."""

    year: int
    person: IntArray
    address: IntArray


@dataclass
class Population:
    birth: IntArray
    male: npt.NDArray[np.bool_]
    origin: npt.NDArray[np.int8]
    country: npt.NDArray[np.int16]
    death: IntArray  # NO_DATE = alive (or died after leaving the municipality)
    left: IntArray  # the day the person moved out of the municipality, NO_DATE = never
    first_address: IntArray
    res_person: IntArray
    res_address: IntArray
    res_start: IntArray
    res_end: IntArray  # NO_DATE = still open
    snapshots: list[Snapshot]

    @property
    def n_persons(self) -> int:
        return len(self.birth)

    @property
    def exit(self) -> IntArray:
        """The first day a person is no longer resident (death or moving out)."""
        return np.minimum(self.death, self.left)


@dataclass
class _State:
    """The growing person table during the simulation."""

    columns: dict[str, IntArray] = field(default_factory=dict)
    rows: list[tuple[IntArray, IntArray, IntArray, IntArray]] = field(default_factory=list)

    def add(self, **values: npt.ArrayLike) -> IntArray:
        n_before = len(self.columns["birth"]) if self.columns else 0
        for key, value in values.items():
            array = np.asarray(value, dtype=np.int64)
            old = self.columns.get(key)
            self.columns[key] = array if old is None else np.concatenate([old, array])
        return np.arange(n_before, len(self.columns["birth"]))

    def __getitem__(self, key: str) -> IntArray:
        return self.columns[key]

    def end_residence(self, person: IntArray, end: IntArray) -> None:
        self.rows.append((person, self["addr"][person], self["start"][person], end))


def simulate(
    geo: Geography, profile_of_area: IntArray, years: tuple[int, int], rng: np.random.Generator
) -> Population:
    first, last = years
    addr_profile = np.where(geo.area >= 0, profile_of_area[geo.area], 0)
    state = _State()
    occupied = np.flatnonzero(rng.random(geo.n_addresses) < cat.OCCUPANCY)
    r0 = year_start(first)
    people = new_households(
        addr_profile[occupied], np.full(len(occupied), r0), migrant=False, rng=rng
    )
    moved_in = r0 - rng.integers(1, 20 * 365, len(occupied))
    _add_people(state, people, occupied, np.maximum(people.birth, moved_in[people.household]), 0)
    next_household = len(occupied)
    snapshots = []
    for year in range(first, last + 1):
        residents = np.flatnonzero(state["addr"] >= 0)
        snapshots.append(Snapshot(year, residents, state["addr"][residents].copy()))
        next_household = _one_year(state, residents, year, geo, addr_profile, next_household, rng)
    still = np.flatnonzero(state["addr"] >= 0)
    state.end_residence(still, np.full(len(still), NO_DATE, dtype=np.int64))
    rows = [np.concatenate(part) for part in zip(*state.rows, strict=True)]
    order = np.lexsort((rows[2], rows[0]))
    return Population(
        birth=state["birth"],
        male=state["male"].astype(bool),
        origin=state["origin"].astype(np.int8),
        country=state["country"].astype(np.int16),
        death=state["death"],
        left=state["left"],
        first_address=state["first_address"],
        res_person=rows[0][order],
        res_address=rows[1][order],
        res_start=rows[2][order],
        res_end=rows[3][order],
        snapshots=snapshots,
    )


def _add_people(
    state: _State, people: NewPersons, address: IntArray, start: IntArray, household0: int
) -> IntArray:
    addr = address[people.household]
    return state.add(
        birth=people.birth,
        male=people.male,
        origin=people.origin,
        country=people.country,
        household=people.household + household0,
        addr=addr,
        start=start,
        death=np.full(len(addr), NO_DATE),
        left=np.full(len(addr), NO_DATE),
        first_address=addr,
    )


def _one_year(
    state: _State,
    residents: IntArray,
    year: int,
    geo: Geography,
    addr_profile: IntArray,
    next_household: int,
    rng: np.random.Generator,
) -> int:
    """Simulate the events of one year; returns the next free household id."""
    r, r1 = year_start(year), year_start(year + 1)
    n = len(residents)
    age = age_at(state["birth"][residents], year)
    addr = state["addr"][residents]

    def some_day(k: int) -> IntArray:
        return r + rng.integers(0, r1 - r, k)

    dies = rng.random(n) < np.minimum(1.0, np.exp(-9.8 + 0.09 * age))
    death_day = some_day(n)
    households, member_of = np.unique(state["household"][residents], return_inverse=True)
    oldest = np.zeros(len(households), dtype=np.int64)
    np.maximum.at(oldest, member_of, age)
    generation_gap = oldest[member_of] - age
    leaver = (age >= 18) & (age <= 27) & (generation_gap >= 16) & (rng.random(n) < 0.22)

    household_addr = np.empty(len(households), dtype=np.int64)
    household_addr[member_of] = addr
    profile = addr_profile[household_addr]
    u = rng.random(len(households))
    p_out = np.asarray(cat.TURNOVER_OUT)[profile]
    p_within = p_out + np.asarray(cat.TURNOVER_WITHIN)[profile]
    kind = np.where(u < p_out, OUT, np.where(u < p_within, WITHIN, STAY))[member_of]
    move_day = some_day(len(households))[member_of]
    kind[leaver] = np.where(rng.random(int(leaver.sum())) < 0.55, WITHIN, OUT)
    move_day[leaver] = some_day(int(leaver.sum()))
    kind[dies & (death_day <= move_day)] = STAY

    new_addr, kind, free = _allocate(
        state, residents, addr, kind, leaver, dies, death_day, move_day, geo, addr_profile, rng
    )
    dies_here = dies & ~((kind == OUT) & (move_day < death_day))

    birth_day = some_day(n)
    mothers = _mothers(
        state,
        residents,
        age,
        generation_gap,
        leaver,
        kind,
        move_day,
        dies_here,
        death_day,
        birth_day,
        rng,
    )

    # Apply: moves, then deaths, then births, then new households moving in.
    moving = kind != STAY
    movers = residents[moving]
    state.end_residence(movers, move_day[moving])
    within = kind == WITHIN
    state["addr"][residents[within]] = new_addr[within]
    state["start"][residents[within]] = move_day[within]
    out = kind == OUT
    state["addr"][residents[out]] = -1
    state["left"][residents[out]] = move_day[out]
    leaving_home = leaver & moving
    state["household"][residents[leaving_home]] = next_household + np.arange(
        int(leaving_home.sum())
    )
    next_household += int(leaving_home.sum())
    dead = residents[dies_here]
    state.end_residence(dead, death_day[dies_here])
    state["addr"][dead] = -1
    state["death"][dead] = death_day[dies_here]

    _add_births(state, residents, addr, new_addr, kind, move_day, mothers, birth_day[mothers], rng)
    return _add_newcomers(state, free, geo, addr_profile, r, r1, next_household, rng)


def _allocate(
    state: _State,
    residents: IntArray,
    addr: IntArray,
    kind: IntArray,
    leaver: npt.NDArray[np.bool_],
    dies: npt.NDArray[np.bool_],
    death_day: IntArray,
    move_day: IntArray,
    geo: Geography,
    addr_profile: IntArray,
    rng: np.random.Generator,
) -> tuple[IntArray, IntArray, IntArray]:
    """Give each moving unit (a household, or a young adult leaving home) a free dwelling.

    Returns the new address of every resident, the move kinds (a move is cancelled when
    no dwelling is free) and the dwellings still free afterwards.
    """
    kind = kind.copy()
    unit_key = np.where(leaver, -1 - np.arange(len(residents)), state["household"][residents])
    while True:
        dies_here = dies & ~((kind == OUT) & (move_day < death_day))
        staying = (kind == STAY) & ~dies_here
        pool = np.flatnonzero(np.bincount(addr[staying], minlength=geo.n_addresses) == 0)
        movers = np.flatnonzero(kind == WITHIN)
        units, unit_of = np.unique(unit_key[movers], return_inverse=True)
        if len(pool) >= len(units):
            break
        cancel = rng.choice(len(units), len(units) - len(pool), replace=False)
        kind[movers[np.isin(unit_of, cancel)]] = STAY
    nonwestern = is_nonwestern_country(state["country"][residents[movers]]) & (
        state["origin"][residents[movers]] > 1
    )
    unit_nonwestern = np.zeros(len(units), dtype=np.float64)
    np.maximum.at(unit_nonwestern, unit_of, nonwestern.astype(np.float64))
    chosen = rng.choice(pool, size=len(units), replace=False)
    share = np.asarray(cat.NONWESTERN_HH_SHARE)[addr_profile[chosen]]
    dwelling_rank = np.argsort(share + rng.normal(0, 0.12, len(units)), kind="stable")
    unit_rank = np.argsort(unit_nonwestern + rng.normal(0, 0.7, len(units)), kind="stable")
    destination = np.empty(len(units), dtype=np.int64)
    destination[unit_rank] = chosen[dwelling_rank]
    new_addr = addr.copy()
    new_addr[movers] = destination[unit_of]
    kind[movers[new_addr[movers] == addr[movers]]] = STAY
    return new_addr, kind, np.setdiff1d(pool, chosen)


def _mothers(
    state: _State,
    residents: IntArray,
    age: IntArray,
    generation_gap: IntArray,
    leaver: npt.NDArray[np.bool_],
    kind: IntArray,
    move_day: IntArray,
    dies_here: npt.NDArray[np.bool_],
    death_day: IntArray,
    birth_day: IntArray,
    rng: np.random.Generator,
) -> IntArray:
    """Indexes (into residents) of the women giving birth this year."""
    fertility = 0.17 * np.exp(-(((age - 31) / 5.5) ** 2))
    woman = ~state["male"][residents].astype(bool)
    gives = woman & (age >= 20) & (age <= 44) & (generation_gap < 16) & ~leaver
    gives &= rng.random(len(residents)) < fertility
    gives &= ~(dies_here & (death_day <= birth_day))
    gives &= ~((kind == OUT) & (move_day <= birth_day))
    return np.flatnonzero(gives)


def _add_births(
    state: _State,
    residents: IntArray,
    addr: IntArray,
    new_addr: IntArray,
    kind: IntArray,
    move_day: IntArray,
    mothers: IntArray,
    birth_day: IntArray,
    rng: np.random.Generator,
) -> None:
    mother = residents[mothers]
    moved_before = (kind[mothers] == WITHIN) & (move_day[mothers] <= birth_day)
    birth_addr = np.where(moved_before, new_addr[mothers], addr[mothers])
    immigrant_mother = state["origin"][mother] == 2
    children = state.add(
        birth=birth_day,
        male=rng.random(len(mothers)) < 0.51,
        origin=np.where(immigrant_mother, 3, 1),
        country=np.where(immigrant_mother, state["country"][mother], 0),
        household=state["household"][mother],
        addr=birth_addr,
        start=birth_day,
        death=np.full(len(mothers), NO_DATE),
        left=np.full(len(mothers), NO_DATE),
        first_address=birth_addr,
    )
    follows = (kind[mothers] != STAY) & (move_day[mothers] > birth_day)
    moving = children[follows]
    day = move_day[mothers][follows]
    state.end_residence(moving, day)
    goes_within = kind[mothers][follows] == WITHIN
    state["addr"][moving] = np.where(goes_within, new_addr[mothers][follows], -1)
    state["start"][moving] = day
    state["left"][moving] = np.where(goes_within, NO_DATE, day)


def _add_newcomers(
    state: _State,
    free: IntArray,
    geo: Geography,
    addr_profile: IntArray,
    r: int,
    r1: int,
    next_household: int,
    rng: np.random.Generator,
) -> int:
    """Households moving into the municipality, filling dwellings up to the occupancy."""
    target_vacant = round((1 - cat.OCCUPANCY) * geo.n_addresses)
    n_new = max(0, len(free) - target_vacant)
    dwellings = rng.choice(free, size=n_new, replace=False)
    arrival = r + rng.integers(0, r1 - r, n_new)
    people = new_households(addr_profile[dwellings], arrival, migrant=True, rng=rng)
    _add_people(state, people, dwellings, arrival[people.household], next_household)
    return next_household + n_new
