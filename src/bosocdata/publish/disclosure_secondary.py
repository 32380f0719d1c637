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

import numpy as np
import numpy.typing as npt

from bosocdata.publish.audit_lp import build_components, solve_component
from bosocdata.publish.disclosure_relations import (
    FloatArray,
    Relation,
    TableCells,
    denominator_hidden,
    denominator_values,
)

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
    denominator is hidden too, the audit's programmes check the pattern, and what they
    still find narrow gets one more cell hidden in its relation; the affected period
    and group are audited again, until nothing is narrow or nothing is left to hide.
    """
    hidden = secondary_suppression(cells, primary, k)
    numerator_relation = {
        row: relation
        for relation in cells.numerator_relations
        for row in [*relation.members, *([relation.total] if relation.total is not None else [])]
    }
    denominator_relation = {
        item: relation
        for relation in cells.denominator_relations
        for item in [*relation.members, *([relation.total] if relation.total is not None else [])]
    }
    areas = np.array([c.area_id for c in cells.denominator_cells], dtype=object)
    truth = denominator_values(cells, np.ones(cells.size, dtype=bool))
    to_audit = _with_hidden_denominators(cells, hidden)
    for _ in range(max_rounds):
        touched: set[tuple[object, ...]] = set()
        components = build_components(
            cells, hidden, cells.numerator, cells.denominator, only=to_audit
        )
        for component in components:
            for interval in solve_component(component, k).narrow:
                quantity = interval.quantity
                if quantity.denominator_cell is not None:
                    relation = denominator_relation[quantity.denominator_cell]
                    shut = denominator_hidden(cells, hidden)
                    candidate = _hide_next(relation, shut, truth, areas)
                    if candidate is not None:
                        hidden[cells.denominator_cells[candidate].rows] = True
                else:
                    assert quantity.row is not None
                    relation = numerator_relation[quantity.row]
                    candidate = _hide_next(relation, hidden, cells.denominator, cells.area_id)
                    if candidate is not None:
                        hidden[candidate] = True
                if candidate is not None:
                    touched.add(component.key)
                    break
        if not touched:
            return hidden
        hidden = secondary_suppression(cells, hidden, k)
        to_audit = touched
    return hidden


def _with_hidden_denominators(cells: TableCells, hidden: BoolArray) -> set[tuple[object, ...]]:
    """The (period, group) keys where some denominator is hidden everywhere.

    Elsewhere every hidden numerator is bounded by a denominator the reader sees, and
    the closed form of `secondary_suppression` is then the reader's exact interval:
    there is nothing left for the linear programmes to find.
    """
    return {
        relation.key
        for relation in cells.denominator_relations
        if any(
            hidden[cells.denominator_cells[i].rows].all()
            for i in [*relation.members, *([relation.total] if relation.total is not None else [])]
        )
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
