"""The relations between the indicator table's residents counts of different ages.

Many indicators count out of residents selected by age alone: all residents, 0-17,
18-64, 18+, 15-17, 10-17, 24 (their *population*), and a few count residents of an age
range in their numerator (`boern_unge_under_18`: 0-17 of all residents). Each such
number, in one area and period, is a count of residents of an age range, and a reader
who sees all residents and 0-17 knows 18+ too. Per period we therefore cut the age axis
at every boundary used into elementary intervals (0-9, 10-14, 15-17, 18-23, 24, 25-64,
65+, ...) and give every area (with `__rest__` and `__all__`) one unknown count >= 0 per
interval: every published residents count of an age range is the sum of its intervals,
and the intervals add up over the areas like everything else
(docs/concepts/disclosure-control.md, section 3, relation 5).

`AgeIndex` records which denominator groups and numerators are such counts;
`audit_lp` adds the relations to its programmes; `AgeCandidates` chooses, for a residents
count a reader can narrow, which other residents counts to hide.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from bosocdata.disclosure.audit_highs import Outcome, WarmLp
from bosocdata.disclosure.rules import ALL_AREA, REST_AREA

if TYPE_CHECKING:
    from bosocdata.disclosure.relations import TableCells

#: Ages [low, high] in completed years; high None: no upper limit.
AgeRange = tuple[int, int | None]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: Hiding a count of the whole municipality costs this many times a count of an area:
#: `__all__` is the benchmark every area is compared with.
ALL_AREA_COST = 10.0


@dataclass(frozen=True)
class IndicatorAges:
    """The residents counts an indicator's row shows, where they are pure age ranges.

    `population`: its population is residents selected by these ages alone (the
    denominator is their count), else None. `numerator`: its numerator counts the
    residents of these ages among the population, selected by age alone, else None.
    """

    population: AgeRange | None
    numerator: AgeRange | None = None


def age_atoms(ranges: Iterable[AgeRange]) -> list[AgeRange]:
    """The elementary intervals that every range in `ranges` is a union of.

    >>> age_atoms([(0, None), (0, 17), (18, 64), (24, 24)])
    [(0, 17), (18, 23), (24, 24), (25, 64), (65, None)]
    """
    cuts = {0}
    for low, high in ranges:
        cuts.add(low)
        if high is not None:
            cuts.add(high + 1)
    ordered = sorted(cuts)
    runs: list[AgeRange] = [(low, next_low - 1) for low, next_low in pairwise(ordered)]
    return [*runs, (ordered[-1], None)]


def atom_mask(ages: AgeRange, atoms: list[AgeRange]) -> BoolArray:
    """Which of `atoms` make up `ages` (`atoms` from `age_atoms` over a list with `ages`)."""
    low, high = ages

    def inside(atom: AgeRange) -> bool:
        atom_low, atom_high = atom
        below_top = high is None or (atom_high is not None and atom_high <= high)
        return atom_low >= low and below_top

    return np.array([inside(atom) for atom in atoms], dtype=bool)


def ages_label(ages: AgeRange) -> str:
    low, high = ages
    if high is None:
        return "all" if low == 0 else f"{low}+"
    return f"{low}" if low == high else f"{low}-{high}"


@dataclass(frozen=True)
class AgeIndex:
    """Which counts of the table are residents of an age range, over which atoms."""

    atoms: list[AgeRange]
    #: denominator group -> its atoms (only groups of residents selected by age alone)
    group_atoms: dict[str, BoolArray]
    #: indicator_id -> the atoms its numerator counts (only such numerators)
    numerator_atoms: dict[str, BoolArray]
    #: indicator_id -> the atoms of its population (for the complement of a numerator)
    population_atoms: dict[str, BoolArray] = field(default_factory=dict)

    def complement_atoms(self, indicator_id: str) -> BoolArray:
        return self.population_atoms[indicator_id] & ~self.numerator_atoms[indicator_id]


def age_index(
    groups_of_indicators: Mapping[str, str], ages_of: Mapping[str, IndicatorAges] | None
) -> AgeIndex | None:
    """The `AgeIndex` of a table whose indicators are in `groups_of_indicators`.

    A group is an age group when every indicator of it has a population of the same
    pure age range; an indicator whose numerator is a pure age range counts those ages
    only if its group is one.
    """
    if not ages_of:
        return None
    ranges_of: dict[str, set[AgeRange | None]] = {}
    for indicator, group in groups_of_indicators.items():
        ages = ages_of.get(indicator)
        ranges_of.setdefault(group, set()).add(ages.population if ages is not None else None)
    population_of = {g: next(iter(r)) if len(r) == 1 else None for g, r in ranges_of.items()}
    pure_groups = {g: a for g, a in population_of.items() if a is not None}
    numerators = {
        indicator: ages.numerator
        for indicator, group in groups_of_indicators.items()
        if group in pure_groups
        for ages in [ages_of.get(indicator)]
        if ages is not None and ages.numerator is not None
    }
    if not pure_groups:
        return None
    atoms = age_atoms([*pure_groups.values(), *numerators.values()])
    return AgeIndex(
        atoms=atoms,
        group_atoms={g: atom_mask(a, atoms) for g, a in pure_groups.items()},
        numerator_atoms={i: atom_mask(a, atoms) for i, a in numerators.items()},
        population_atoms={
            i: atom_mask(pure_groups[groups_of_indicators[i]], atoms) for i in numerators
        },
    )


# ------------------------------------------------------------- which counts to hide


@dataclass
class AgeCount:
    """One residents count of an age range in one area: shown by any of `rows`."""

    area_id: str
    atoms: BoolArray
    value: float
    rows: list[int]


def area_order(areas: Iterable[str]) -> list[str]:
    """The areas of a period, with `__rest__` (always: it may be a reader's unknown) and
    `__all__` last."""
    plain = sorted({a for a in areas if a not in (ALL_AREA, REST_AREA)})
    return [*plain, REST_AREA, ALL_AREA]


class AgeCandidates:
    """Which shown residents counts to hide so that a narrow one can move by k.

    A linear programme over the residents of each area and elementary age interval
    (>= 0, adding up over the areas), in which every residents count of the period is
    its sum of intervals plus a deviation: free for a hidden count, at a cost for a
    shown one (the number of rows that hiding it hides, more for `__all__`). Asking the
    narrow count to move k up (or down) from its true value, the cheapest deviation
    names the counts to hide: hidden, they let it move that far. The linear programmes
    of the audit then check the whole table again (relations between numerators and
    denominators are not in this one).
    """

    def __init__(self, counts: list[AgeCount], atoms: int) -> None:
        self.counts = counts
        areas = area_order(c.area_id for c in counts)
        self.areas = areas
        row_of_area = {a: i for i, a in enumerate(areas)}
        self._atoms = atoms
        e_size = len(areas) * atoms
        size = e_size + 2 * len(counts)
        eq_rows: list[dict[int, float]] = []
        rhs: list[float] = []
        total = row_of_area[ALL_AREA]
        for atom in range(atoms):
            row = {r * atoms + atom: 1.0 for r in range(len(areas)) if r != total}
            row[total * atoms + atom] = -1.0
            eq_rows.append(row)
            rhs.append(0.0)
        for i, count in enumerate(counts):
            r = row_of_area[count.area_id]
            row = {r * atoms + int(a): 1.0 for a in np.flatnonzero(count.atoms)}
            row[e_size + 2 * i] = -1.0
            row[e_size + 2 * i + 1] = 1.0
            eq_rows.append(row)
            rhs.append(count.value)
        matrix = _sparse_rows(eq_rows, size)
        self._e_size = e_size
        self._lp = WarmLp(matrix, np.array(rhs), None, None, np.zeros(size), np.full(size, np.inf))
        self._upper_default = np.full(size, np.inf)

    def to_hide(
        self,
        target: int,
        interval: tuple[float, float],
        hidden_counts: BoolArray,
        cost: FloatArray,
        k: int,
    ) -> list[int]:
        """The shown counts whose hiding lets count `target` leave `interval` by k.

        `interval`: where a reader can place the target now (the true value is inside;
        a table at its low end stays possible after more hiding, so reaching low + k
        makes the target's range k wide; likewise high - k). `hidden_counts`: which
        counts are hidden now; `cost` per count (of hiding it). [] if none helps.
        """
        low, high = interval
        objective = np.zeros(self._e_size + 2 * len(self.counts))
        weights = np.where(hidden_counts, 0.0, cost)
        objective[self._e_size :: 2] = weights
        objective[self._e_size + 1 :: 2] = weights
        objective[self._e_size + 2 * target : self._e_size + 2 * target + 2] = 0.0
        best: tuple[float, FloatArray] | None = None
        row = self._atoms + target
        for column, start in ((0, low), (1, high)):  # up from low, down from high
            if column == 1 and high < k:
                continue
            index = self._e_size + 2 * target + column
            opposite = self._e_size + 2 * target + 1 - column
            self._lp.set_bounds(index, float(k))
            self._lp.set_bounds(opposite, 0.0, 0.0)
            self._lp.set_row(row, float(start))
            outcome, value, x = self._lp.minimise(objective)
            self._lp.set_bounds(index, 0.0)
            self._lp.set_bounds(opposite, 0.0)
            self._lp.set_row(row, self.counts[target].value)
            if outcome == Outcome.OPTIMAL and x is not None and (best is None or value < best[0]):
                best = (value, x)
        if best is None:
            return []
        deviation = best[1][self._e_size :: 2] + best[1][self._e_size + 1 :: 2]
        chosen = np.flatnonzero((deviation > 1e-6) & ~hidden_counts)
        return [int(c) for c in chosen if c != target]


def _sparse_rows(rows: list[dict[int, float]], size: int) -> sp.csr_matrix:
    data, indices, indptr = [], [], [0]
    for row in rows:
        for column, value in sorted(row.items()):
            indices.append(column)
            data.append(value)
        indptr.append(len(indices))
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), size))


@dataclass
class PeriodAges:
    """The residents counts of one period, and which table cells show them."""

    counts: list[AgeCount] = field(default_factory=list)
    #: denominator cell -> count; numerator row -> count; complement row -> count
    of_cell: dict[int, int] = field(default_factory=dict)
    of_numerator: dict[int, int] = field(default_factory=dict)
    of_complement: dict[int, int] = field(default_factory=dict)
    _index: dict[tuple[str, bytes], int] = field(default_factory=dict)
    _candidates: AgeCandidates | None = None

    def add(self, area_id: str, atoms: BoolArray, value: float, rows: Iterable[int]) -> int:
        key = (area_id, atoms.tobytes())
        if key not in self._index:
            self._index[key] = len(self.counts)
            self.counts.append(AgeCount(area_id, atoms, value, []))
        count = self._index[key]
        self.counts[count].rows.extend(int(r) for r in rows)
        return count

    def index_of(self, area_id: str, atoms: bytes) -> int | None:
        return self._index.get((area_id, atoms))

    def candidates(self) -> AgeCandidates:
        if self._candidates is None:
            atoms = len(self.counts[0].atoms) if self.counts else 0
            self._candidates = AgeCandidates(self.counts, atoms)
        return self._candidates

    def hidden_counts(self, hidden: BoolArray) -> BoolArray:
        return np.array([bool(hidden[c.rows].all()) for c in self.counts], dtype=bool)

    def costs(self, hidden: BoolArray) -> FloatArray:
        """Per count: the rows hiding it would hide (more for `__all__`)."""
        return np.array(
            [
                float((~hidden[c.rows]).sum()) * (ALL_AREA_COST if c.area_id == ALL_AREA else 1.0)
                for c in self.counts
            ]
        )


def period_ages(cells: TableCells) -> dict[object, PeriodAges]:
    """Per period: every residents count of an age range the table holds (true values)."""
    ages = cells.ages
    if ages is None:
        return {}
    result: dict[object, PeriodAges] = {}
    # A group's counts are left out here: the candidates to hide are chosen among the
    # areas' counts (whose sum over the areas is `__all__`); the audit checks the groups.
    groups = set(cells.area_groups or {})
    for i, dcell in enumerate(cells.denominator_cells):
        if dcell.area_id in groups:
            continue
        mask = cells.age_atoms_of_cell(i)
        values = cells.denominator[dcell.rows]
        values = values[~np.isnan(values)]
        if mask is None or not len(values):
            continue
        period = cells.period[dcell.rows[0]]
        found = result.setdefault(period, PeriodAges())
        found.of_cell[i] = found.add(dcell.area_id, mask, float(values[0]), dcell.rows)
    rows = np.flatnonzero(np.isin(cells.indicator_id, list(ages.numerator_atoms)))
    for row in rows.tolist():
        n, d = cells.numerator[row], cells.denominator[row]
        if np.isnan(n) or np.isnan(d):
            continue
        indicator, area = str(cells.indicator_id[row]), str(cells.area_id[row])
        if area in groups:
            continue
        found = result.setdefault(cells.period[row], PeriodAges())
        found.of_numerator[row] = found.add(area, ages.numerator_atoms[indicator], n, [row])
        found.of_complement[row] = found.add(area, ages.complement_atoms(indicator), d - n, [row])
    for found in result.values():  # the counts no row shows, hidden by nature
        for area in sorted({c.area_id for c in found.counts}):
            for first in range(len(ages.atoms)):
                for last in range(first, len(ages.atoms)):
                    mask = np.zeros(len(ages.atoms), dtype=bool)
                    mask[first : last + 1] = True
                    found.add(area, mask, 0.0, [])
    return result
