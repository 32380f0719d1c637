"""Person-years, latent propensities and interval registers built from yearly draws.

Each person-year is a resident at a reference date R = 1 January. Registers with
`start`/`end` intervals are built from one drawn state per person-year, so that the
state at each R is exactly the drawn one: consecutive years with the same state merge
into one spell, and a change between two reference dates happens on a random (or a
fixed) day between them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import ndtr

from bosocdata.synth.dates import NO_DATE, age_at, day, year_start
from bosocdata.synth.population import Population

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class PersonYears:
    """One row per resident per reference date, in year order."""

    person: IntArray
    year: IntArray
    year_index: IntArray
    area: IntArray  # index into the rates' areas; the last index is the ordinary neighbourhoods
    address: IntArray
    age: IntArray
    ref: IntArray  # R
    next_ref: IntArray  # R of the next year
    exit: IntArray  # first day not resident after R, at most next_ref

    def __len__(self) -> int:
        return len(self.person)

    def where(self, mask: BoolArray) -> PersonYears:
        return PersonYears(**{k: getattr(self, k)[mask] for k in self.__dataclass_fields__})


def person_years(pop: Population, address_area: IntArray, rest_index: int) -> PersonYears:
    parts: dict[str, list[IntArray]] = {k: [] for k in PersonYears.__dataclass_fields__}
    first_year = pop.snapshots[0].year
    exit_all = pop.exit
    for snap in pop.snapshots:
        n = len(snap.person)
        r, r1 = year_start(snap.year), year_start(snap.year + 1)
        area = address_area[snap.address]
        parts["person"].append(snap.person)
        parts["year"].append(np.full(n, snap.year))
        parts["year_index"].append(np.full(n, snap.year - first_year))
        parts["area"].append(np.where(area >= 0, area, rest_index))
        parts["address"].append(snap.address)
        parts["age"].append(age_at(pop.birth[snap.person], snap.year))
        parts["ref"].append(np.full(n, r))
        parts["next_ref"].append(np.full(n, r1))
        parts["exit"].append(np.minimum(exit_all[snap.person], r1))
    return PersonYears(**{k: np.concatenate(v).astype(np.int64) for k, v in parts.items()})


def latent_uniform(
    py: PersonYears, n_persons: int, rho: float, rng: np.random.Generator
) -> npt.NDArray[np.float64]:
    """A uniform per person-year, correlated over a person's years (Gaussian AR(1)).

    Each value is exactly uniform on [0, 1), so `u < p` happens with probability p;
    the correlation only makes states persist from year to year.
    """
    z = rng.standard_normal(n_persons)
    out = np.empty(len(py))
    innovation = np.sqrt(1.0 - rho * rho)
    for k in range(int(py.year_index.max()) + 1):
        if k:
            z = rho * z + innovation * rng.standard_normal(n_persons)
        rows = py.year_index == k
        out[rows] = ndtr(z[py.person[rows]])
    return out


@dataclass(frozen=True)
class Spells:
    person: IntArray
    start: IntArray
    end: IntArray  # NO_DATE = open
    state: IntArray
    row: IntArray  # the person-year row where the spell starts (for per-spell attributes)


def _sorted(py: PersonYears, state: IntArray) -> tuple[IntArray, BoolArray]:
    order = np.lexsort((py.year, py.person))
    p, y = py.person[order], py.year[order]
    consecutive = (p[1:] == p[:-1]) & (y[1:] == y[:-1] + 1)
    return order, consecutive


def spells_at_reference(
    py: PersonYears,
    state: IntArray,
    *,
    last_year: int,
    rng: np.random.Generator,
    change: tuple[int, int] | None = None,
    end_without_successor: tuple[int, int] | None = None,
) -> Spells:
    """Spells such that the state at each R is `state` (-1 = no row covers R).

    `change` fixes the day (month, day) of the year before R on which states change
    (e.g. school start); else a random day between the two reference dates.
    `end_without_successor` fixes the day (in R's year) on which a spell ends that has
    no next year to continue into; else a random day before the next R.
    """
    order, consecutive = _sorted(py, state)
    p, y, s = py.person[order], py.year[order], state[order]
    ref, next_ref, exit_ = py.ref[order], py.next_ref[order], py.exit[order]
    n = len(p)
    same = consecutive & (s[1:] == s[:-1]) & (s[:-1] >= 0)
    continues = np.r_[same, False]
    continued = np.r_[False, same]
    has_prev = np.r_[False, consecutive]
    has_next = np.r_[consecutive, False]
    prev_ref = _fixed_days(y - 1, (1, 1))
    if change is None:
        change_day = prev_ref + 1 + np.floor(rng.random(n) * (ref - prev_ref)).astype(np.int64)
    else:
        change_day = _fixed_days(y - 1, change)
    first_year = py.year_index[order] == 0
    start = np.where(
        has_prev | ~first_year,
        change_day,
        ref - rng.integers(1, 5 * 365, n),
    )
    if end_without_successor is None:
        lone_end = ref + 1 + np.floor(rng.random(n) * (next_ref - ref)).astype(np.int64)
    else:
        lone_end = _fixed_days(y, end_without_successor)
    lone_end = np.minimum(lone_end, np.maximum(exit_, ref + 1))
    lone_end = np.where((y == last_year) & (exit_ >= next_ref), NO_DATE, lone_end)
    end = np.where(has_next, np.r_[change_day[1:], 0], lone_end)
    starts = np.flatnonzero((s >= 0) & ~continued)
    ends = np.flatnonzero((s >= 0) & ~continues)
    return Spells(p[starts], start[starts], end[ends], s[starts], order[starts])


def spells_in_windows(
    py: PersonYears, active: BoolArray, *, last_year: int, rng: np.random.Generator
) -> Spells:
    """Spells overlapping the window [R, next R) exactly in the years where `active`."""
    order, consecutive = _sorted(py, active.astype(np.int64))
    p, y, a = py.person[order], py.year[order], active[order]
    ref, next_ref, exit_ = py.ref[order], py.next_ref[order], py.exit[order]
    n = len(p)
    same = consecutive & a[1:] & a[:-1]
    continues = np.r_[same, False]
    continued = np.r_[False, same]
    start = ref + np.floor(rng.random(n) * np.maximum(exit_ - ref, 1)).astype(np.int64)
    starts = np.flatnonzero(a & ~continued)
    ends = np.flatnonzero(a & ~continues)
    lower = np.where(np.isin(ends, starts), start[ends], ref[ends])
    end = lower + 1 + np.floor(rng.random(len(ends)) * (next_ref[ends] - lower)).astype(np.int64)
    still_open = (
        (y[ends] == last_year) & (exit_[ends] >= next_ref[ends]) & (rng.random(len(ends)) < 0.5)
    )
    end = np.where(still_open, NO_DATE, end)
    return Spells(
        p[starts], start[starts], end, np.ones(len(starts), dtype=np.int64), order[starts]
    )


def _fixed_days(years: IntArray, month_day: tuple[int, int]) -> IntArray:
    table = {int(v): day(int(v), *month_day) for v in np.unique(years)}
    lookup = np.array([table[int(v)] for v in sorted(table)], dtype=np.int64)
    return lookup[np.searchsorted(sorted(table), years)]


def uniform_day(py: PersonYears, rng: np.random.Generator) -> IntArray:
    """A random day in [R, exit): the person is resident on it."""
    width = np.maximum(py.exit - py.ref, 1)
    return py.ref + np.floor(rng.random(len(py)) * width).astype(np.int64)
