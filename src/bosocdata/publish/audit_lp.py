"""The linear programmes of the disclosure audit: how far can a reader narrow a hidden count?

One programme system per period and denominator group (a *component*: no relation
crosses two of them). Its variables are the hidden numerators, the hidden denominators
and, where a relation has no `__rest__` cell, a slack for it; its constraints are the
published table's relations (docs/concepts/disclosure-control.md):

- per indicator: hidden area numerators + published ones (+ slack) = `__all__`;
- per group: hidden area denominators + published ones (+ slack) = `__all__`;
- numerator <= denominator for `pct` (the complement is a count);
- every count >= 0.

For each hidden count the smallest and the largest value it can take are found with
`scipy.optimize.linprog` (HiGHS), as tau-ARGUS audits a suppression pattern. Every
solution is a feasible table, so the solutions found so far already prove a lower bound
of each count's interval; a count whose known solutions differ by at least the
protection level needs no programme of its own. That keeps the demo's table to seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.optimize import linprog

from bosocdata.publish.disclosure_relations import FloatArray, Relation, TableCells

BoolArray = npt.NDArray[np.bool_]
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


def build_components(
    cells: TableCells,
    hidden: BoolArray,
    truth_numerator: FloatArray | None = None,
    truth_denominator: FloatArray | None = None,
    only: set[tuple[object, ...]] | None = None,
) -> list[Component]:
    """One `Component` per period and denominator group that hides anything.

    `only` restricts them to the given (period, group) keys.
    """
    by_group: dict[tuple[object, object], list[Relation]] = {}
    for relation in cells.numerator_relations:
        first = relation.total if relation.total is not None else relation.members[0]
        by_group.setdefault((cells.period[first], cells.group[first]), []).append(relation)
    components = []
    for relation in cells.denominator_relations:
        if only is not None and relation.key not in only:
            continue
        rows = np.concatenate([cells.denominator_cells[i].rows for i in _items(relation)])
        if not hidden[rows].any():
            continue
        components.append(
            _component(
                cells,
                hidden,
                relation,
                by_group.get((relation.key[0], relation.key[1]), []),
                truth_numerator,
                truth_denominator,
            )
        )
    return components


def _items(relation: Relation) -> list[int]:
    return [*relation.members, *([relation.total] if relation.total is not None else [])]


def _component(
    cells: TableCells,
    hidden: BoolArray,
    denominator_relation: Relation,
    numerator_relations: list[Relation],
    truth_n: FloatArray | None,
    truth_d: FloatArray | None,
) -> Component:
    dcells = _items(denominator_relation)
    shown_d: dict[int, float] = {}
    var_of_cell: dict[int, int] = {}
    var_of_row: dict[int, int] = {}
    labels: list[str] = []
    truth: list[float] = []

    def new(label: str, true_value: float) -> int:
        labels.append(label)
        truth.append(true_value)
        return len(labels) - 1

    for i in dcells:
        cell = cells.denominator_cells[i]
        open_rows = cell.rows[~hidden[cell.rows]]
        if len(open_rows):
            shown_d[i] = float(cells.denominator[open_rows[0]])
        else:
            true_value = _first(truth_d, cell.rows)
            var_of_cell[i] = new(f"D[{cell.area_id}]", true_value)
    for relation in numerator_relations:
        for row in _items(relation):
            if hidden[row]:
                var_of_row[row] = new(
                    f"n[{cells.indicator_id[row]},{cells.area_id[row]}]",
                    _first(truth_n, np.array([row])),
                )
    slack_of: dict[tuple[str, object], int] = {}
    for relation in [denominator_relation, *numerator_relations]:
        if relation.total is not None and not relation.has_rest:
            slack_of[("r", relation.key)] = new(f"rest{relation.key}", np.nan)
    component = Component(key=denominator_relation.key, size=len(labels), labels=labels)
    component.upper = [np.inf] * len(labels)

    # denominators add up
    if denominator_relation.total is not None:
        coefficients = np.zeros(component.size)
        rhs = 0.0
        for i in denominator_relation.members:
            if i in var_of_cell:
                coefficients[var_of_cell[i]] += 1.0
            else:
                rhs -= shown_d[i]
        total = denominator_relation.total
        if total in var_of_cell:
            coefficients[var_of_cell[total]] -= 1.0
        else:
            rhs += shown_d[total]
        if ("r", denominator_relation.key) in slack_of:
            coefficients[slack_of[("r", denominator_relation.key)]] = 1.0
        component.eq_rows.append(coefficients)
        component.eq_rhs.append(rhs)

    # numerators add up, per indicator
    for relation in numerator_relations:
        if relation.total is None:
            continue
        coefficients = np.zeros(component.size)
        rhs = 0.0
        for row in relation.members:
            if row in var_of_row:
                coefficients[var_of_row[row]] += 1.0
            else:
                rhs -= float(cells.numerator[row])
        if relation.total in var_of_row:
            coefficients[var_of_row[relation.total]] -= 1.0
        else:
            rhs += float(cells.numerator[relation.total])
        if ("r", relation.key) in slack_of:
            coefficients[slack_of[("r", relation.key)]] = 1.0
        component.eq_rows.append(coefficients)
        component.eq_rhs.append(rhs)

    # numerator <= denominator, and the quantities to bound
    for row, var in var_of_row.items():
        period, indicator, area = (
            cells.period[row],
            str(cells.indicator_id[row]),
            str(cells.area_id[row]),
        )
        component.quantities.append(
            Quantity(period, indicator, area, "numerator", _unit(component.size, var), row=row)
        )
        if not cells.bounded[row]:
            continue
        own = int(cells.denominator_cell_of_row[row])
        if own in var_of_cell:
            coupling = _unit(component.size, var) - _unit(component.size, var_of_cell[own])
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
                denominator_relation.key[0],
                indicators,
                dcell.area_id,
                "denominator",
                _unit(component.size, var),
                denominator_cell=i,
            )
        )
    if truth_n is not None and truth_d is not None:
        component.truth = _complete_truth(component, np.array(truth, dtype=np.float64))
    return component


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
    if component.truth is None or np.isnan(component.truth).any():
        return []
    x = component.truth
    problems = []
    for coefficients, rhs in zip(component.eq_rows, component.eq_rhs, strict=True):
        if abs(coefficients @ x - rhs) > TOLERANCE:
            problems.append(f"an additivity relation of {component.key} does not hold")
    if any(row @ x > TOLERANCE for row in component.ub_rows) or (x < -TOLERANCE).any():
        problems.append(f"a count of {component.key} breaks 0 <= numerator <= denominator")
    return problems


def solve_component(component: Component, k: int, *, seed_directions: int = 4) -> ComponentResult:
    """The hidden counts of `component` whose interval is narrower than `k`.

    Feasible tables found along the way (the true one, the optima of a few fixed
    pseudo-random objectives, then every optimum) bound each count's interval from
    inside; only a count they do not already prove wide enough gets programmes of its
    own: the maximum first, the minimum only if still needed.
    """
    a_eq = np.array(component.eq_rows) if component.eq_rows else None
    b_eq = np.array(component.eq_rhs) if component.eq_rows else None
    a_ub = np.array(component.ub_rows) if component.ub_rows else None
    b_ub = np.zeros(len(component.ub_rows)) if component.ub_rows else None
    bounds = [(0.0, None if np.isinf(u) else u) for u in component.upper]
    objectives = np.array([q.objective for q in component.quantities]).reshape(
        len(component.quantities), component.size
    )
    seen_low = np.full(len(component.quantities), np.inf)
    seen_high = np.full(len(component.quantities), -np.inf)
    programmes = 0

    def remember(point: FloatArray) -> None:
        values = objectives @ point
        np.minimum(seen_low, values, out=seen_low)
        np.maximum(seen_high, values, out=seen_high)

    def optimum(objective: FloatArray) -> tuple[float, bool]:
        """min objective @ x; (value, feasible). -inf when unbounded."""
        nonlocal programmes
        programmes += 1
        result = linprog(
            objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs"
        )
        if result.status == 2:
            return np.nan, False
        if result.status == 3:
            return -np.inf, True
        if result.status != 0:
            raise RuntimeError(f"linprog failed on {component.key}: {result.message}")
        remember(np.asarray(result.x, dtype=np.float64))
        return float(result.fun), True

    if component.truth is not None and not np.isnan(component.truth).any():
        remember(component.truth)
    directions = np.random.default_rng(0).standard_normal((seed_directions, component.size))
    for objective in [np.ones(component.size), -np.ones(component.size), *directions]:
        _, feasible = optimum(objective)
        if not feasible:
            return ComponentResult([], programmes, infeasible=True)

    def wide(index: int) -> bool:
        return bool(seen_high[index] - seen_low[index] >= k - TOLERANCE)

    narrow = []
    for index, quantity in enumerate(component.quantities):
        if wide(index):
            continue
        negated_high, _ = optimum(-quantity.objective)
        if wide(index) or np.isinf(negated_high):
            continue
        low, _ = optimum(quantity.objective)
        if not -negated_high - low >= k - TOLERANCE:
            narrow.append(Interval(quantity, low, -negated_high))
    return ComponentResult(narrow, programmes, infeasible=False)
