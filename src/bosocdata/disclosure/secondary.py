"""Secondary suppression: hide more cells until no hidden count can be narrowed below k.

For every relation (docs/concepts/disclosure-control.md) the hidden cells must leave a
reader an interval at least k wide for each hidden count. The check here is a lower
bound of the reader's interval that needs no optimisation: fix the other kind of count
at its true value (denominators when checking numerators, numerators when checking
denominators). What the reader can deduce within such a slice is a box-constrained sum,
whose intervals have a closed form (`box_sum_ranges`); the reader's real intervals
contain these, so a pattern that passes here passes the linear-programming audit.

Where a relation falls short, the unsuppressed member with the smallest denominator is
hidden as well (ties by area id; `__all__` last), until it passes or nothing is left.
"""

from __future__ import annotations

import logging

import numpy as np
import numpy.typing as npt

from bosocdata.disclosure.ages import period_ages
from bosocdata.disclosure.audit_lp import (
    AGES_COMPONENT,
    Interval,
    Quantity,
    build_components,
    component_key,
    solve_component,
)
from bosocdata.disclosure.relations import (
    FloatArray,
    Relation,
    TableCells,
    denominator_hidden,
    denominator_values,
)

logger = logging.getLogger("bosocdata.disclosure.control")
BoolArray = npt.NDArray[np.bool_]
TOLERANCE = 1e-9


def box_sum_ranges(
    lower: FloatArray, upper: FloatArray, total_low: float, total_high: float
) -> tuple[FloatArray, FloatArray]:
    """Interval of each x_i given lower_i <= x_i <= upper_i and sum(x) in [total_low, total_high].

    x_i is smallest when the others are as large as they can be, and largest when they
    are as small as they can be. `upper` may hold inf.
    """
    finite = np.isfinite(upper)
    infinite_count = int((~finite).sum())
    finite_sum = float(upper[finite].sum())
    others_inf = (infinite_count - (~finite).astype(int)) > 0
    others_upper = np.where(others_inf, np.inf, finite_sum - np.where(finite, upper, 0.0))
    others_lower = float(lower.sum()) - lower
    with np.errstate(invalid="ignore"):
        low = np.maximum(lower, total_low - others_upper)
        high = np.minimum(upper, total_high - others_lower)
    return low, high


def protect(cells: TableCells, primary: BoolArray, k: int, *, max_rounds: int = 200) -> BoolArray:
    """Primary plus secondary suppression, confirmed by the audit's linear programmes.

    The closed-form pass (`secondary_suppression`) settles nearly everything; where a
    denominator is hidden too, or a residents count of an age range (relation 5), the
    audit's programmes check the pattern, and what they still find narrow gets more
    cells hidden: for a residents count, the shown residents counts `AgeCandidates`
    names; else one more cell of its relation. The affected components are audited
    again, until nothing is narrow or nothing is left to hide.
    """
    hidden = secondary_suppression(cells, primary, k)
    state = _LoopState(cells, k)
    to_audit = _to_audit(cells, hidden, state)
    for _ in range(max_rounds):
        before = hidden.copy()
        components = build_components(
            cells, hidden, cells.numerator, cells.denominator, only=to_audit
        )
        left: list[Interval] = []
        for component in components:
            narrow = solve_component(component, k).narrow
            if narrow:
                state.fix(component.key[0], narrow, hidden)
                left += narrow
        if np.array_equal(before, hidden):
            for interval in left:  # nothing left to hide for them: the audit will fail
                q = interval.quantity
                logger.warning(
                    "disclosure control cannot protect %s %s %s %s (interval %g-%g)",
                    q.indicator_id,
                    q.period,
                    q.area_id,
                    q.what,
                    interval.low,
                    interval.high,
                )
            return hidden
        hidden = secondary_suppression(cells, hidden, k)
        to_audit = _components_of_rows(cells, np.flatnonzero(hidden != before))
    return hidden


class _LoopState:
    """What `protect` needs to choose the next cells to hide."""

    def __init__(self, cells: TableCells, k: int) -> None:
        self.cells = cells
        self.k = k
        self.ages = period_ages(cells)
        self.numerator_relation = {
            row: relation for relation in cells.numerator_relations for row in _items(relation)
        }
        self.denominator_relation = {
            item: relation for relation in cells.denominator_relations for item in _items(relation)
        }
        self.areas = np.array([c.area_id for c in cells.denominator_cells], dtype=object)
        self.truth = denominator_values(cells, np.ones(cells.size, dtype=bool))

    def age_count(self, period: object, quantity: Quantity) -> int | None:
        ages = self.ages.get(period)
        if ages is None:
            return None
        if quantity.derived is not None:
            return ages.index_of(*quantity.derived)
        if quantity.denominator_cell is not None:
            return ages.of_cell.get(quantity.denominator_cell)
        assert quantity.row is not None
        if quantity.what == "numerator":
            return ages.of_numerator.get(quantity.row)
        return ages.of_complement.get(quantity.row)

    def fix(self, period: object, narrow: list[Interval], hidden: BoolArray) -> None:
        """Hide more cells for the narrow counts of one component (in `hidden`)."""
        by_age = [(i, self.age_count(period, i.quantity)) for i in narrow]
        if any(count is not None for _, count in by_age) and self._fix_ages(period, by_age, hidden):
            return  # the other counts may well be wide once these are hidden
        done: set[tuple[object, ...]] = set()
        for interval in narrow:
            self._fix_relation(interval.quantity, hidden, done)

    def _fix_ages(
        self, period: object, by_age: list[tuple[Interval, int | None]], hidden: BoolArray
    ) -> bool:
        ages = self.ages[period]
        candidates = ages.candidates()
        changed = False
        for interval, count in by_age:
            if count is None:
                continue
            for chosen in candidates.to_hide(
                count,
                (interval.low, interval.high),
                ages.hidden_counts(hidden),
                ages.costs(hidden),
                self.k,
            ):
                hidden[ages.counts[chosen].rows] = True
                changed = True
        return changed

    def _fix_relation(
        self, quantity: Quantity, hidden: BoolArray, done: set[tuple[object, ...]]
    ) -> None:
        """One more cell of the quantity's own relation (once per relation and round)."""
        cells = self.cells
        if quantity.derived is not None:
            return  # no relation of its own: only hiding residents counts helps
        if quantity.denominator_cell is not None:
            relation = self.denominator_relation[quantity.denominator_cell]
            if relation.key in done:
                return
            candidate = _hide_next(
                relation, denominator_hidden(cells, hidden), self.truth, self.areas
            )
            if candidate is not None:
                hidden[cells.denominator_cells[candidate].rows] = True
        else:
            assert quantity.row is not None
            relation = self.numerator_relation[quantity.row]
            if relation.key in done:
                return
            candidate = _hide_next(relation, hidden, cells.denominator, cells.area_id)
            if candidate is not None:
                hidden[candidate] = True
        done.add(relation.key)


def _items(relation: Relation) -> list[int]:
    return [*relation.members, *([relation.total] if relation.total is not None else [])]


def _to_audit(cells: TableCells, hidden: BoolArray, state: _LoopState) -> set[tuple[object, ...]]:
    """The components the closed form may have left narrow.

    Those where some denominator is hidden everywhere, and those of a period where a
    residents count of an age range is hidden (relation 5 ties it to other groups).
    Elsewhere every hidden numerator is bounded by a denominator the reader sees, and
    the closed form of `secondary_suppression` is then the reader's exact interval;
    except with groups of areas: a cell is then in two relations (the municipality's and
    its group's), and a partner the closed form hid in one can be read back from the
    other (BO24 = group - BO23 - BO25, so BO21 = all - the others). With groups, every
    component with a hidden cell is audited.
    """
    keys = {
        component_key(cells, relation)
        for relation in cells.denominator_relations
        if any(hidden[cells.denominator_cells[i].rows].all() for i in _items(relation))
    }
    if cells.area_groups:
        keys |= _components_of_rows(cells, np.flatnonzero(hidden))
    for period, ages in state.ages.items():
        if ages.hidden_counts(hidden).any():
            keys.add((period, AGES_COMPONENT))
    return keys


def _components_of_rows(cells: TableCells, rows: npt.NDArray[np.intp]) -> set[tuple[object, ...]]:
    """The components that hold any of `rows`."""
    cells_of_rows = set(cells.denominator_cell_of_row[rows].tolist())
    return {
        component_key(cells, relation)
        for relation in cells.denominator_relations
        if cells_of_rows.intersection(_items(relation))
    }


def _hide_next(
    relation: Relation,
    shut: BoolArray,
    size: FloatArray,
    area_id: npt.NDArray[np.object_],
) -> int | None:
    if relation.total is None:
        return None
    members = np.asarray(relation.members, dtype=np.intp)
    return _next_candidate(members, relation.total, shut, size, area_id)


def secondary_suppression(cells: TableCells, primary: BoolArray, k: int) -> BoolArray:
    """The suppression pattern: `primary` and whatever the relations need besides."""
    hidden = primary.copy()
    truth = denominator_values(cells, np.ones(cells.size, dtype=bool))
    floor = _numerator_floor(cells)
    areas = np.array([c.area_id for c in cells.denominator_cells], dtype=object)
    changed = True
    while changed:
        changed = False
        for relation in cells.numerator_relations:
            changed |= _protect_numerators(cells, relation, hidden, k)
        for relation in cells.denominator_relations:
            changed |= _protect_denominators(cells, relation, hidden, k, truth, floor, areas)
    return hidden


def _numerator_floor(cells: TableCells) -> FloatArray:
    """Per denominator cell: the largest numerator bounded by it (0 if none)."""
    floor = np.zeros(len(cells.denominator_cells))
    for i, cell in enumerate(cells.denominator_cells):
        values = cells.numerator[cell.bounded_rows]
        values = values[~np.isnan(values)]
        if len(values):
            floor[i] = float(values.max())
    return floor


def _narrow(low: FloatArray, high: FloatArray, k: int) -> bool:
    return bool(np.any(~(high - low >= k - TOLERANCE)))


def _protect_numerators(cells: TableCells, relation: Relation, hidden: BoolArray, k: int) -> bool:
    """Hide more cells of one period and indicator until its numerators are protected."""
    if relation.total is None:
        return False
    members = np.asarray(relation.members, dtype=np.intp)
    total = relation.total
    n, d = cells.numerator, cells.denominator
    changed = False
    while True:
        shut = members[hidden[members]]
        if len(shut) == 0 and not hidden[total]:
            return changed
        upper_of = _numerator_upper(cells, hidden, np.append(members, total))
        upper = upper_of[shut]
        lower = np.zeros(len(shut))
        if not relation.has_rest:  # the missing __rest__ is a count nobody sees
            upper, lower = np.append(upper, np.inf), np.append(lower, 0.0)
        shown_sum = float(n[members[~hidden[members]]].sum())
        if hidden[total]:
            low, high = box_sum_ranges(lower, upper, -shown_sum, upper_of[total] - shown_sum)
            total_low = shown_sum + float(lower.sum())
            total_high = min(upper_of[total], shown_sum + float(upper.sum()))
            low, high = np.append(low, total_low), np.append(high, total_high)
        else:
            hidden_truth = n[shut]
            rest = (
                float(hidden_truth.sum())
                if relation.has_rest and not np.isnan(hidden_truth).any()
                else n[total] - shown_sum
            )
            low, high = box_sum_ranges(lower, upper, rest, rest)
        if not _narrow(low, high, k):
            return changed
        candidate = _next_candidate(members, total, hidden, d, cells.area_id)
        if candidate is None:
            return changed
        hidden[candidate] = True
        changed = True


def _numerator_upper(
    cells: TableCells, hidden: BoolArray, rows: npt.NDArray[np.intp]
) -> FloatArray:
    """Per row (inf outside `rows`): its denominator where a reader sees it, else inf.

    Where the denominator is hidden too, a reader can bound it only through its own
    relation; taking no bound here is optimistic, and the audit loop of
    `protect_until_audited` catches what it misses.
    """
    upper = np.full(cells.size, np.inf)
    for row in rows.tolist():
        if not cells.bounded[row] or np.isnan(cells.denominator[row]):
            continue
        own = cells.denominator_cells[cells.denominator_cell_of_row[row]]
        if not hidden[own.rows].all():
            upper[row] = cells.denominator[row]
    return upper


def _next_candidate(
    members: npt.NDArray[np.intp],
    total: int,
    shut: BoolArray,
    size: FloatArray,
    area_id: npt.NDArray[np.object_],
) -> int | None:
    """The open member with the smallest size (ties by area id); the total last."""
    open_members = members[~shut[members]]
    if len(open_members):
        sizes = np.where(np.isnan(size[open_members]), np.inf, size[open_members])
        order = np.lexsort((area_id[open_members].astype(str), sizes))
        return int(open_members[order[0]])
    return None if shut[total] else total


def _protect_denominators(
    cells: TableCells,
    relation: Relation,
    hidden: BoolArray,
    k: int,
    truth: FloatArray,
    floor: FloatArray,
    areas: npt.NDArray[np.object_],
) -> bool:
    """Hide more areas of one period and denominator group until its denominators are safe.

    A denominator is hidden only where every indicator of the group hides the area;
    hiding one more area means hiding it in every indicator of the group.
    """
    if relation.total is None:
        return False
    members = np.asarray(relation.members, dtype=np.intp)
    total = relation.total
    own = [*relation.members, total]
    changed = False
    while True:
        shut_cells = np.zeros(len(cells.denominator_cells), dtype=bool)
        for i in own:
            shut_cells[i] = bool(hidden[cells.denominator_cells[i].rows].all())
        shut = members[shut_cells[members]]
        if len(shut) == 0 and not shut_cells[total]:
            return changed
        lower = floor[shut]
        upper = np.full(len(shut), np.inf)
        if not relation.has_rest:
            upper, lower = np.append(upper, np.inf), np.append(lower, 0.0)
        shown_sum = float(truth[members[~shut_cells[members]]].sum())
        if shut_cells[total]:
            low, high = box_sum_ranges(lower, upper, floor[total] - shown_sum, np.inf)
            low, high = np.append(low, shown_sum + float(lower.sum())), np.append(high, np.inf)
        else:
            hidden_truth = truth[shut]
            rest = (
                float(hidden_truth.sum())
                if relation.has_rest and not np.isnan(hidden_truth).any()
                else truth[total] - shown_sum
            )
            low, high = box_sum_ranges(lower, upper, rest, rest)
        if not _narrow(low, high, k):
            return changed
        candidate = _next_candidate(members, total, shut_cells, truth, areas)
        if candidate is None:
            return changed
        hidden[cells.denominator_cells[candidate].rows] = True
        changed = True
