"""The linear programmes of the disclosure audit: how far can a reader narrow a hidden count?

One programme system per period and denominator group (a *component*: no relation
crosses two of them), except that the groups of residents selected by age alone form
one component per period together (relation 5 ties them). Its variables are the hidden
numerators, the hidden denominators, where a relation has no `__rest__` cell a slack
for it, and in the age component the residents of each area and elementary age
interval; its constraints are the published table's relations
(docs/concepts/disclosure-control.md):

- per indicator: hidden area numerators + published ones (+ slack) = `__all__`;
- per group: hidden area denominators + published ones (+ slack) = `__all__`;
- numerator <= denominator for `pct` (the complement is a count);
- residents counts of an age range = the sum of their elementary intervals, and the
  intervals add up over the areas (`disclosure_ages`);
- every count >= 0.

For each hidden count the smallest and the largest value it can take are found with
HiGHS (`audit_highs.WarmLp`), as tau-ARGUS audits a suppression pattern. Every
solution is a feasible table, so the solutions found so far already prove a lower bound
of each count's interval; a count whose known solutions differ by at least the
protection level needs no programme of its own. That keeps the demo's table to seconds.

Why one module of over 400 lines: building a component's constraint matrix and solving
it share the component's variable numbering and the warm-started solver state; apart,
each half would need the other's internals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from bosocdata.disclosure.ages import ages_label, area_order
from bosocdata.disclosure.audit_highs import Outcome, WarmLp
from bosocdata.disclosure.relations import BoolArray, FloatArray, Relation, TableCells
from bosocdata.disclosure.rules import ALL_AREA

TOLERANCE = 1e-6


@dataclass(frozen=True)
class Quantity:
    """A hidden count: `objective @ x` over the component's variables."""

    period: object
    indicator_id: str
    area_id: str
    what: str  # "numerator", "denominator" or "denominator - numerator"
    objective: FloatArray
    #: the row of a numerator (or its complement), else the denominator cell
    row: int | None = None
    denominator_cell: int | None = None
    #: a residents count of an age range that no row publishes, (area, age atoms): it is
    #: disclosed when a reader narrows it below k wide *and* into counts under k
    #: (an exact 0 is no disclosure, as in the population table)
    derived: tuple[str, bytes] | None = None
    #: a lower bound of a derived count proven from the shown counts of its area alone
    floor: float = 0.0


@dataclass
class Component:
    """The programme system of one period and denominator group."""

    key: tuple[object, ...]
    size: int
    eq_rows: list[FloatArray] = field(default_factory=list)
    eq_rhs: list[float] = field(default_factory=list)
    ub_rows: list[FloatArray] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    truth: FloatArray | None = None
    labels: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Interval:
    quantity: Quantity
    low: float
    high: float


@dataclass
class ComponentResult:
    narrow: list[Interval]
    programmes: int
    infeasible: bool


#: The second part of the key of a period's component of age groups.
AGES_COMPONENT = "residents by age"


def component_key(cells: TableCells, relation: Relation) -> tuple[object, ...]:
    """The component a denominator relation (period, group) belongs to."""
    period, group = relation.key
    if cells.ages is not None and str(group) in cells.ages.group_atoms:
        return (period, AGES_COMPONENT)
    return relation.key


def build_components(
    cells: TableCells,
    hidden: BoolArray,
    truth_numerator: FloatArray | None = None,
    truth_denominator: FloatArray | None = None,
    only: set[tuple[object, ...]] | None = None,
) -> list[Component]:
    """One `Component` per period and denominator group (or age groups) that hides anything.

    `only` restricts them to the given component keys (`component_key`).
    """
    by_group: dict[tuple[object, object], list[Relation]] = {}
    for relation in cells.numerator_relations:
        first = relation.total if relation.total is not None else relation.members[0]
        by_group.setdefault((cells.period[first], cells.group[first]), []).append(relation)
    grouped: dict[tuple[object, ...], list[Relation]] = {}
    for relation in cells.denominator_relations:
        key = component_key(cells, relation)
        if only is None or key in only:
            grouped.setdefault(key, []).append(relation)
    components = []
    for key, relations in grouped.items():
        rows = np.concatenate(
            [cells.denominator_cells[i].rows for r in relations for i in _items(r)]
        )
        if not hidden[rows].any() and key[1] != AGES_COMPONENT:
            continue  # (ages: a count no row shows is hidden by nature, e.g. 65+)
        numerators = [n for r in relations for n in by_group.get((r.key[0], r.key[1]), [])]
        components.append(
            _component(
                cells, hidden, key, relations, numerators, truth_numerator, truth_denominator
            )
        )
    return components


def _items(relation: Relation) -> list[int]:
    return [*relation.members, *([relation.total] if relation.total is not None else [])]


class _Builder:
    """Variables and equations of one component, the true value of each variable."""

    def __init__(self) -> None:
        self.labels: list[str] = []
        self.truth: list[float] = []
        self.equations: list[tuple[dict[int, float], float]] = []

    def new(self, label: str, true_value: float) -> int:
        self.labels.append(label)
        self.truth.append(true_value)
        return len(self.labels) - 1

    def term(self, equation: dict[int, float], rhs: float, var: int | None, value: float,
             sign: float) -> float:  # fmt: skip
        """Add `sign * count` to `equation @ x = rhs`: a variable, or a shown number."""
        if var is not None:
            equation[var] = equation.get(var, 0.0) + sign
            return rhs
        return rhs - sign * value

    def dense(self, size: int) -> tuple[list[FloatArray], list[float]]:
        rows = []
        for equation, _ in self.equations:
            row = np.zeros(size)
            for var, coefficient in equation.items():
                row[var] += coefficient
            rows.append(row)
        return rows, [rhs for _, rhs in self.equations]


def _component(
    cells: TableCells,
    hidden: BoolArray,
    key: tuple[object, ...],
    denominator_relations: list[Relation],
    numerator_relations: list[Relation],
    truth_n: FloatArray | None,
    truth_d: FloatArray | None,
) -> Component:
    build = _Builder()
    shown_d: dict[int, float] = {}
    var_of_cell: dict[int, int] = {}
    var_of_row: dict[int, int] = {}
    dcells = [i for relation in denominator_relations for i in _items(relation)]
    for i in dcells:
        cell = cells.denominator_cells[i]
        open_rows = cell.rows[~hidden[cell.rows]]
        if len(open_rows):
            shown_d[i] = float(cells.denominator[open_rows[0]])
        else:
            var_of_cell[i] = build.new(f"D[{cell.area_id}]", _first(truth_d, cell.rows))
    for relation in numerator_relations:
        for row in _items(relation):
            if hidden[row]:
                var_of_row[row] = build.new(
                    f"n[{cells.indicator_id[row]},{cells.area_id[row]}]",
                    _first(truth_n, np.array([row])),
                )
    slack_of: dict[tuple[object, ...], int] = {}
    for relation in [*denominator_relations, *numerator_relations]:
        if relation.total is not None and not relation.has_rest:
            slack_of[relation.key] = build.new(f"rest{relation.key}", np.nan)

    def add_relation(relation: Relation, var_of: dict[int, int], value_of: object) -> None:
        if relation.total is None:
            return
        equation: dict[int, float] = {}
        rhs = 0.0
        for item in relation.members:
            rhs = build.term(equation, rhs, var_of.get(item), _value(value_of, item), 1.0)
        total = relation.total
        rhs = build.term(equation, rhs, var_of.get(total), _value(value_of, total), -1.0)
        if relation.key in slack_of:
            equation[slack_of[relation.key]] = 1.0
        build.equations.append((equation, rhs))

    for relation in denominator_relations:  # denominators add up
        add_relation(relation, var_of_cell, shown_d)
    for relation in numerator_relations:  # numerators add up, per indicator
        add_relation(relation, var_of_row, cells.numerator)
    var_of_atom: dict[tuple[str, int], int] = {}
    if key[1] == AGES_COMPONENT:
        var_of_atom = _add_age_relations(
            cells, build, dcells, shown_d, var_of_cell, var_of_row, numerator_relations
        )

    size = len(build.labels)
    eq_rows, eq_rhs = build.dense(size)
    component = Component(key=key, size=size, labels=build.labels, eq_rows=eq_rows, eq_rhs=eq_rhs)
    component.upper = [np.inf] * size

    # numerator <= denominator, and the quantities to bound
    for row, var in var_of_row.items():
        period, indicator, area = (
            cells.period[row],
            str(cells.indicator_id[row]),
            str(cells.area_id[row]),
        )
        component.quantities.append(
            Quantity(period, indicator, area, "numerator", _unit(size, var), row=row)
        )
        if not cells.bounded[row]:
            continue
        own = int(cells.denominator_cell_of_row[row])
        if own in var_of_cell:
            coupling = _unit(size, var) - _unit(size, var_of_cell[own])
            component.ub_rows.append(coupling)
            component.quantities.append(
                Quantity(period, indicator, area, "denominator - numerator", -coupling, row=row)
            )
        elif not np.isnan(shown_d.get(own, np.nan)):
            component.upper[var] = shown_d[own]
    for i, var in var_of_cell.items():
        dcell = cells.denominator_cells[i]
        indicators = ",".join(sorted({str(cells.indicator_id[r]) for r in dcell.rows}))
        component.quantities.append(
            Quantity(
                cells.period[dcell.rows[0]],
                indicators,
                dcell.area_id,
                "denominator",
                _unit(size, var),
                denominator_cell=i,
            )
        )
    if key[1] == AGES_COMPONENT:
        kept, known = _hidden_residents_counts(cells, hidden, key[0], component.quantities)
        kept += _hidden_complements(cells, hidden, numerator_relations, var_of_atom, known, size)
        shown = _shown_residents_counts(cells, hidden, dcells, numerator_relations)
        kept += _derived_residents_counts(cells, key[0], var_of_atom, known, shown, size)
        component.quantities = kept
    if truth_n is not None and truth_d is not None:
        component.truth = _complete_truth(component, np.array(build.truth, dtype=np.float64))
    return component


def _hidden_residents_counts(
    cells: TableCells, hidden: BoolArray, period: object, quantities: list[Quantity]
) -> tuple[list[Quantity], set[tuple[str, bytes]]]:
    """The quantities without the residents counts another row shows, each count once.

    A residents count of an age range is one number however many rows show it (as a
    denominator, as the numerator of `boern_unge_under_18`, or as its complement): it
    is hidden only where every row showing it is hidden, like a shared denominator.
    Also returns the residents counts that are shown or have a quantity now. Only the
    rows of the component's `period` count: the same age range of an area shown in
    another year is another number.
    """
    rows = np.flatnonzero(~hidden & (np.asarray(cells.period) == period)).tolist()
    shown = {count for row in rows for count in _residents_counts_of_row(cells, row)}
    kept: list[Quantity] = []
    seen: set[tuple[str, bytes]] = set()
    for quantity in quantities:
        found = _residents_count(cells, quantity)
        if found is not None and (found in shown or found in seen):
            continue
        if found is not None:
            seen.add(found)
        kept.append(quantity)
    return kept, shown | seen


def _hidden_complements(
    cells: TableCells,
    hidden: BoolArray,
    numerator_relations: list[Relation],
    var_of_atom: dict[tuple[str, int], int],
    known: set[tuple[str, bytes]],
    size: int,
) -> list[Quantity]:
    """The complement of a hidden age numerator (18+ of u18) no row shows, as a count.

    With its denominator shown, the complement would move with the numerator; but where
    another row shows the numerator (boern's 0-17 denominator), only the complement is
    left hidden, and it is bounded here directly, over the age intervals.
    """
    quantities = []
    for relation in numerator_relations:
        for row in _items(relation):
            counts = _residents_counts_of_row(cells, row)
            if not hidden[row] or len(counts) < 3 or counts[2] in known:
                continue
            area, atoms = counts[2]
            known.add(counts[2])
            mask = np.frombuffer(atoms, dtype=bool)
            objective = np.zeros(size)
            for atom in np.flatnonzero(mask).tolist():
                objective[var_of_atom[(area, atom)]] = 1.0
            quantities.append(
                Quantity(
                    cells.period[row],
                    str(cells.indicator_id[row]),
                    area,
                    "denominator - numerator",
                    objective,
                    row=row,
                )
            )
    return quantities


def _residents_counts_of_row(cells: TableCells, row: int) -> list[tuple[str, bytes]]:
    """The residents counts a shown row shows: its denominator, numerator, complement."""
    area = str(cells.area_id[row])
    counts = []
    population = cells.age_atoms_of_cell(int(cells.denominator_cell_of_row[row]))
    if population is not None:
        counts.append((area, population.tobytes()))
        numerator = cells.age_atoms_of_numerator(row)
        if numerator is not None:
            counts.append((area, numerator.tobytes()))
            counts.append((area, (population & ~numerator).tobytes()))
    return counts


def _residents_count(cells: TableCells, quantity: Quantity) -> tuple[str, bytes] | None:
    """The residents count (area, age atoms) a quantity is, if it is one."""
    if quantity.denominator_cell is not None:
        mask = cells.age_atoms_of_cell(quantity.denominator_cell)
    else:
        assert quantity.row is not None
        mask = cells.age_atoms_of_numerator(quantity.row)
        population = cells.age_atoms_of_cell(int(cells.denominator_cell_of_row[quantity.row]))
        if mask is not None and population is not None and quantity.what != "numerator":
            mask = population & ~mask
    return None if mask is None else (quantity.area_id, mask.tobytes())


def _value(values: object, item: int) -> float:
    if isinstance(values, dict):
        return float(values.get(item, np.nan))
    return float(np.asarray(values)[item])


def _add_age_relations(
    cells: TableCells,
    build: _Builder,
    dcells: list[int],
    shown_d: dict[int, float],
    var_of_cell: dict[int, int],
    var_of_row: dict[int, int],
    numerator_relations: list[Relation],
) -> dict[tuple[str, int], int]:
    """Relation 5: residents counts of an age range are sums of elementary intervals."""
    assert cells.ages is not None
    atoms = len(cells.ages.atoms)
    areas = area_order(cells.denominator_cells[i].area_id for i in dcells)
    var_of_atom = {
        (area, atom): build.new(f"E[{area},{ages_label(cells.ages.atoms[atom])}]", np.nan)
        for area in areas
        for atom in range(atoms)
    }
    groups = dict(cells.area_groups or {})
    for atom in range(atoms):  # the intervals add up over the areas (a group: over its own)
        equation = {var_of_atom[(a, atom)]: 1.0 for a in areas if a != ALL_AREA and a not in groups}
        equation[var_of_atom[(ALL_AREA, atom)]] = -1.0
        build.equations.append((equation, 0.0))
        for group, members in groups.items():
            if group in areas and all(m in areas for m in members):
                equation = {var_of_atom[(m, atom)]: 1.0 for m in members}
                equation[var_of_atom[(group, atom)]] = -1.0
                build.equations.append((equation, 0.0))

    def tie(area: str, mask: BoolArray, var: int | None, value: float) -> None:
        if var is None and np.isnan(value):
            return
        equation = {var_of_atom[(area, int(a))]: 1.0 for a in np.flatnonzero(mask)}
        rhs = build.term(equation, 0.0, var, value, -1.0)
        build.equations.append((equation, rhs))

    for i in dcells:
        mask = cells.age_atoms_of_cell(i)
        if mask is not None:
            area = cells.denominator_cells[i].area_id
            tie(area, mask, var_of_cell.get(i), shown_d.get(i, np.nan))
    for relation in numerator_relations:
        for row in _items(relation):
            mask = cells.age_atoms_of_numerator(row)
            if mask is not None:
                tie(str(cells.area_id[row]), mask, var_of_row.get(row), cells.numerator[row])
    return var_of_atom


def _derived_residents_counts(
    cells: TableCells,
    period: object,
    var_of_atom: dict[tuple[str, int], int],
    published: set[tuple[str, bytes]],
    shown: dict[str, tuple[npt.NDArray[np.bool_], FloatArray]],
    size: int,
) -> list[Quantity]:
    """Every run of consecutive age intervals of every area that no row publishes.

    65+ = all - 0-17 - 18-64 is a count of persons too, though no indicator shows it.
    `published`: the counts shown, or hidden and bounded as such; `shown`: per area the
    shown counts' atoms and values, for a quick lower bound (`_floor`).
    """
    assert cells.ages is not None
    atoms = cells.ages.atoms
    quantities = []
    runs = contiguous_runs(len(atoms))
    run_masks = np.zeros((len(runs), len(atoms)), dtype=bool)
    for r, (first, last) in enumerate(runs):
        run_masks[r, first : last + 1] = True
    for area in sorted({area for area, _ in var_of_atom}):
        floors = _floors(run_masks, *shown[area]) if area in shown else np.zeros(len(runs))
        for (first, last), mask, floor in zip(runs, run_masks, floors.tolist(), strict=True):
            if (area, mask.tobytes()) in published:
                continue
            objective = np.zeros(size)
            for atom in range(first, last + 1):
                objective[var_of_atom[(area, atom)]] = 1.0
            ages = (atoms[first][0], atoms[last][1])
            quantities.append(
                Quantity(
                    period,
                    f"residents {ages_label(ages)}",
                    area,
                    "residents",
                    objective,
                    derived=(area, mask.tobytes()),
                    floor=floor,
                )
            )
    return quantities


def _shown_residents_counts(
    cells: TableCells, hidden: BoolArray, dcells: list[int], numerator_relations: list[Relation]
) -> dict[str, tuple[npt.NDArray[np.bool_], FloatArray]]:
    """Per area: the atoms (one row each) and values of the residents counts shown."""
    found: dict[str, dict[bytes, float]] = {}
    for i in dcells:
        cell = cells.denominator_cells[i]
        mask = cells.age_atoms_of_cell(i)
        open_rows = cell.rows[~hidden[cell.rows]]
        if mask is not None and len(open_rows):
            found.setdefault(cell.area_id, {})[mask.tobytes()] = cells.denominator[open_rows[0]]
    for relation in numerator_relations:
        for row in _items(relation):
            counts = _residents_counts_of_row(cells, row)
            if hidden[row] or len(counts) < 3:
                continue
            n, d = cells.numerator[row], cells.denominator[row]
            for (area, atoms), value in zip(counts[1:], (n, d - n), strict=True):
                found.setdefault(area, {})[atoms] = value
    return {
        area: (
            np.array([np.frombuffer(a, dtype=bool) for a in values]),
            np.array(list(values.values()), dtype=np.float64),
        )
        for area, values in found.items()
        if values
    }


def _floors(
    runs: npt.NDArray[np.bool_], masks: npt.NDArray[np.bool_], values: FloatArray
) -> FloatArray:
    """A lower bound of the residents in each of `runs` from shown counts of the same area.

    For shown counts S and T (T possibly none) with S minus the run inside T:
    run >= S and run = S - (S minus run) >= S - T, as no count is negative. All runs at
    once ([run, S, T] arrays): an area has a few dozen runs and a handful of counts.
    """
    outside = masks[None, :, :] & ~runs[:, None, :]  # [run, S]: atoms of S outside the run
    values = np.where(np.isnan(values), -np.inf, values)
    covers = ~(outside[:, :, None, :] & ~masks[None, None, :, :]).any(axis=3)  # S-run in T
    alone = ~outside.any(axis=2)  # [run, S]: S inside the run
    from_alone = np.where(alone, values[None, :], -np.inf).max(axis=1)
    differences = values[:, None] - values[None, :]
    from_pairs = np.where(covers, differences[None, :, :], -np.inf).max(axis=(1, 2))
    # (two hidden counts make a NaN difference, which gives no bound)
    best = np.where(from_pairs > from_alone, from_pairs, from_alone)
    return np.where(best > 0.0, best, 0.0)


def contiguous_runs(atoms: int) -> list[tuple[int, int]]:
    """(first, last) of every run of consecutive atoms, shortest first."""
    runs = [(first, last) for first in range(atoms) for last in range(first, atoms)]
    return sorted(runs, key=lambda run: (run[1] - run[0], run[0]))


def _first(values: FloatArray | None, rows: npt.NDArray[np.intp]) -> float:
    if values is None:
        return np.nan
    known = values[rows][~np.isnan(values[rows])]
    return float(known[0]) if len(known) else np.nan


def _unit(size: int, index: int) -> FloatArray:
    vector = np.zeros(size)
    vector[index] = 1.0
    return vector


def _complete_truth(component: Component, truth: FloatArray) -> FloatArray:
    """Fill the slacks of the true table: what each equation leaves over."""
    for coefficients, rhs in zip(component.eq_rows, component.eq_rhs, strict=True):
        unknown = np.isnan(truth) & (coefficients != 0)
        if unknown.sum() == 1:
            (index,) = np.flatnonzero(unknown)
            known = ~np.isnan(truth) & (coefficients != 0)
            truth[index] = (rhs - coefficients[known] @ truth[known]) / coefficients[index]
    return truth


def truth_violations(component: Component) -> list[str]:
    """The relations the true (secure) table breaks: the audit's model is wrong there."""
    if component.truth is None:
        return []
    known = ~np.isnan(component.truth)
    x = np.where(known, component.truth, 0.0)
    problems = []
    for coefficients, rhs in zip(component.eq_rows, component.eq_rhs, strict=True):
        if known[coefficients != 0].all() and abs(coefficients @ x - rhs) > TOLERANCE:
            problems.append(f"an additivity relation of {component.key} does not hold")
    checkable = [row for row in component.ub_rows if known[row != 0].all()]
    if any(row @ x > TOLERANCE for row in checkable) or (x < -TOLERANCE).any():
        problems.append(f"a count of {component.key} breaks 0 <= numerator <= denominator")
    return problems


def solve_component(
    component: Component, k: int, *, seed_directions: int = 4, batch_rounds: int = 10
) -> ComponentResult:
    """The hidden counts of `component` whose interval is narrower than `k`.

    Feasible tables found along the way (the true one, the optima of a few fixed
    pseudo-random objectives, then every optimum) bound each count's interval from
    inside; only a count they do not already prove wide enough gets programmes of its
    own: the maximum first, the minimum only if still needed. One HiGHS model serves
    every programme of the component (`audit_highs.WarmLp`: only the objective changes).
    """
    quantities = len(component.quantities)
    objectives = sp.csr_matrix(
        np.array([q.objective for q in component.quantities]).reshape(quantities, component.size)
    )
    lp = WarmLp(
        sp.csr_matrix(np.array(component.eq_rows)) if component.eq_rows else None,
        np.array(component.eq_rhs) if component.eq_rows else None,
        sp.csr_matrix(np.array(component.ub_rows)) if component.ub_rows else None,
        np.zeros(len(component.ub_rows)) if component.ub_rows else None,
        np.zeros(component.size),
        np.array(component.upper, dtype=np.float64),
    )
    seen_low = np.full(quantities, np.inf)
    seen_high = np.full(quantities, -np.inf)

    def remember(point: FloatArray) -> None:
        values = objectives @ point
        np.minimum(seen_low, values, out=seen_low)
        np.maximum(seen_high, values, out=seen_high)

    def optimum(objective: FloatArray) -> tuple[float, bool]:
        """min objective @ x; (value, feasible). -inf when unbounded."""
        outcome, value, x = lp.minimise(objective)
        if outcome == Outcome.INFEASIBLE:
            return np.nan, False
        if x is not None:
            remember(x)
        return value, True

    if component.truth is not None and not np.isnan(component.truth).any():
        remember(component.truth)
    directions = np.random.default_rng(0).standard_normal((seed_directions, component.size))
    for objective in [np.ones(component.size), -np.ones(component.size), *directions]:
        _, feasible = optimum(objective)
        if not feasible:
            return ComponentResult([], lp.solves, infeasible=True)

    def wide(index: int) -> bool:
        return bool(seen_high[index] - seen_low[index] >= k - TOLERANCE)

    # Push the counts not yet proven wide apart together: random signs, both ways.
    signs = np.random.default_rng(1)
    for _ in range(batch_rounds):
        open_ = ~(seen_high - seen_low >= k - TOLERANCE)
        if open_.sum() < 2:
            break
        weights = np.where(open_, signs.choice([-1.0, 1.0], size=quantities), 0.0)
        combined = np.asarray(objectives.T @ weights).ravel()
        optimum(combined)
        optimum(-combined)

    narrow = []
    at_least_k: dict[str, list[npt.NDArray[np.bool_]]] = {}  # area -> runs proven >= k
    for index, quantity in enumerate(component.quantities):
        if wide(index):
            continue
        if quantity.derived is not None:
            area, atoms = quantity.derived
            mask = np.frombuffer(atoms, dtype=bool)
            if quantity.floor >= k - TOLERANCE:
                continue  # at least k residents for certain
            if any(not (run & ~mask).any() for run in at_least_k.get(area, [])):
                continue  # it holds a run of k or more residents: so is it
            interval = _derived_narrow(quantity, optimum, wide, index, k)
            if interval is None and seen_low[index] >= k - TOLERANCE:
                at_least_k.setdefault(area, []).append(mask)
            if interval is not None:
                narrow.append(interval)
            continue
        negated_high, _ = optimum(-quantity.objective)
        if wide(index) or np.isinf(negated_high):
            continue
        low, _ = optimum(quantity.objective)
        if not -negated_high - low >= k - TOLERANCE:
            narrow.append(Interval(quantity, low, -negated_high))
    return ComponentResult(narrow, lp.solves, infeasible=False)


def _derived_narrow(
    quantity: Quantity,
    optimum: Callable[[FloatArray], tuple[float, bool]],
    wide: Callable[[int], bool],
    index: int,
    k: int,
) -> Interval | None:
    """A derived residents count is disclosed if narrower than k and reaching under k.

    Not if it is at least k for certain (like a published count), nor if it is 0 for
    certain (an empty cell of a frequency table, published in the population table).
    """
    low, _ = optimum(quantity.objective)
    if low >= k - TOLERANCE or wide(index):
        return None
    negated_high, _ = optimum(-quantity.objective)
    high = -negated_high
    if wide(index) or np.isinf(negated_high) or high <= TOLERANCE:
        return None
    return Interval(quantity, low, high)
