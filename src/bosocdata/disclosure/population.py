"""Disclosure control of the population table (residents by area, age band and sex).

The table (`bosocdata.indicators.population.population_table`) is a two-way table with
margins: per period, areas x (age band, sex), whose columns add up to `__all__` and
whose rows add up to the residents counts the indicator table publishes (all residents,
0-17, 18-64, 18+). `protect_population` suppresses

1. **primary**: every count from 1 to k-1. A 0 is published: like Statistics Denmark
   and Eurostat we treat an empty cell of a frequency table as safe, since "nobody in
   the area is a man of 65+" tells nothing about a person (Hundepool et al. 2012,
   *Statistical Disclosure Control*, chapter 5 on frequency tables; zeros are unsafe
   only where they reveal an attribute of a whole group, which a band x sex count of
   residents does not);
2. **secondary**: further cells until no hidden count, and no residents count the
   indicator table withholds, can be narrowed by a reader to an interval less than k
   wide. First the classical rule for tables with margins, per relation with a known
   sum (column, shown margin, or a piece of a row that shown margins fix): a relation
   never hides exactly one cell, and its hidden cells sum to at least k; the
   complement hidden is the smallest count that achieves that (non-zero, not an
   `__all__` cell where another will do), else the largest. Then the audit's linear
   programmes (as for the indicator table) check each period; for a count still too
   narrow one more cell of its row or column is hidden, and the period is checked
   again, so the result passes the audit by construction.

`population_audit.audit_population` proves it from the published tables alone. The reasoning is in
docs/concepts/disclosure-control.md, section 6.
"""

from __future__ import annotations

import logging

import numpy as np
import numpy.typing as npt
import pandas as pd

from bosocdata.disclosure.audit_lp import solve_component
from bosocdata.disclosure.population_lp import (
    ALL_AGES,
    CELLS,
    TABLE_NAME,
    WIDTH,
    PeriodGrid,
    Target,
    beyond_reach,
    known_row_sets,
    margin_truth,
    period_component,
    period_grids,
)
from bosocdata.disclosure.population_margins import TOTALS_COLUMNS as TOTALS_COLUMNS
from bosocdata.disclosure.population_margins import (
    published_residents_counts as published_residents_counts,
)
from bosocdata.disclosure.rules import check_k
from bosocdata.errors import BosocError

logger = logging.getLogger("bosocdata.disclosure.population")

BoolArray = npt.NDArray[np.bool_]
PUBLISHED_COLUMNS = ("area_id", "period", "age_band", "sex", "residents", "suppressed")
KEY_COLUMNS = ("area_id", "period", "age_band", "sex")


def totals_frame(published_totals: pd.DataFrame | None) -> pd.DataFrame:
    if published_totals is None:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in TOTALS_COLUMNS})
    missing = [c for c in ("area_id", "period", "residents") if c not in published_totals]
    if missing:
        raise BosocError(
            f"published residents counts lack the column(s) {', '.join(missing)}",
            hint="pass area_id, period, residents (and ages, default 'all') per area and period",
        )
    totals = published_totals.copy()
    if "ages" not in totals.columns:
        totals["ages"] = ALL_AGES
    return totals[list(TOTALS_COLUMNS)]


def check_columns(table: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise BosocError(
            f"{what} lacks the column(s) {', '.join(missing)}",
            hint="it is the table of bosocdata.indicators.population.population_table",
        )


# ------------------------------------------------------------------------------- protect


def protect_population(
    table: pd.DataFrame,
    *,
    k: int = 5,
    published_totals: pd.DataFrame | None = None,
    max_rounds: int = 500,
) -> pd.DataFrame:
    """The population table as it may be published.

    `table`: area_id, period, age_band, sex, residents (true counts, every cell).
    `published_totals`: area_id, period, residents and optionally ages (default `all`):
    the residents counts the published indicator table shows for each area and period,
    residents missing where it withholds them (`published_residents_counts` makes it).

    Returns area_id, period, age_band, sex, residents (missing where suppressed) and
    suppressed, in the input's row order.
    """
    check_k(k)
    check_columns(table, (*KEY_COLUMNS, "residents"), "the population table")
    frame = table.reset_index(drop=True)
    values = pd.to_numeric(frame["residents"], errors="coerce").to_numpy(dtype=np.float64)
    primary = ~(values >= k) & ~(values == 0)  # 1..k-1, and a missing count (fail closed)
    totals = totals_frame(published_totals)
    grids = period_grids(frame, values, primary, totals)
    for grid in grids:
        _check_margins(grid)
        _protect_period(grid, k, max_rounds)
    hidden = np.zeros(len(frame), dtype=bool)
    for grid in grids:
        hidden[grid.table_rows[grid.hidden]] = True
    logger.info(
        "population table k=%d: %d of %d cells suppressed (%d by the threshold rule)",
        k,
        int(hidden.sum()),
        len(hidden),
        int(primary.sum()),
    )
    published = frame[list(KEY_COLUMNS)].copy()
    residents = pd.array(np.where(np.isnan(values), 0, values).astype(np.int64), dtype="Int64")
    residents[hidden | np.isnan(values)] = pd.NA
    published["residents"] = residents
    published["suppressed"] = hidden
    return published[list(PUBLISHED_COLUMNS)]


def _check_margins(grid: PeriodGrid) -> None:
    """A shown margin must be the sum of its cells, or the relations the audit uses lie."""
    for margin in grid.margins:
        if np.isnan(margin.value):
            continue
        cells = margin_truth(grid, margin)
        if abs(cells - margin.value) > 1e-6:
            raise BosocError(
                f"the population table has {cells:.0f} residents aged {margin.label} in "
                f"{grid.areas[margin.row]}, period {grid.period}, but the indicator table "
                f"publishes {margin.value:.0f}",
                hint="compute both from the same store and years; a residence that starts "
                "before the person's birth date puts a negative age in the store",
            )


def _protect_period(grid: PeriodGrid, k: int, max_rounds: int) -> None:
    """Hide cells of one period (in `grid.hidden`) until the audit finds nothing narrow."""
    known = _known_sets_by_row(grid)
    skip = frozenset(beyond_reach(grid, k)) if grid.margins else frozenset()
    for _ in range(max_rounds):
        _classical_rule(grid, known, k)
        component, targets, _ = period_component(grid, with_truth=True, skip=skip)
        if component is None:
            return
        result = solve_component(component, k)
        if result.infeasible:
            raise RuntimeError(f"the true population table of {grid.period} breaks its relations")
        for interval in result.narrow:
            index = next(i for i, q in enumerate(component.quantities) if q is interval.quantity)
            target = targets[index]
            candidate = _candidate_for(grid, known, target, k)
            if candidate is not None:
                grid.hidden[candidate] = True
                break
        else:
            for interval in result.narrow:
                logger.warning(
                    "population table %s: %s %s cannot be protected (interval %.0f-%.0f)",
                    grid.period,
                    interval.quantity.area_id,
                    interval.quantity.what,
                    interval.low,
                    interval.high,
                )
            return


def _known_sets_by_row(grid: PeriodGrid) -> dict[int, list[BoolArray]]:
    return {
        row: known_row_sets([m for m in grid.margins if m.row == row])
        for row in {m.row for m in grid.margins}
    }


def _relations(
    grid: PeriodGrid, known: dict[int, list[BoolArray]]
) -> list[tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]]:
    """The (rows, columns) of every relation whose sum a reader knows exactly."""
    relations = []
    total = grid.total_row
    if total is not None and grid.has_rest:
        members = np.array(grid.member_rows(), dtype=np.intp)
        for c in range(WIDTH):
            if not grid.hidden[total, c]:
                relations.append((members, np.full(len(members), c, dtype=np.intp)))
    for row, masks in known.items():
        for mask in masks:
            columns = np.flatnonzero(mask).astype(np.intp)
            relations.append((np.full(len(columns), row, dtype=np.intp), columns))
    return relations


def _classical_rule(grid: PeriodGrid, known: dict[int, list[BoolArray]], k: int) -> None:
    """Per relation with a known sum: never exactly one hidden cell; hidden cells sum >= k."""
    relations = _relations(grid, known)
    changed = True
    while changed:
        changed = False
        for rows, columns in relations:
            shut = grid.hidden[rows, columns]
            if not shut.any():
                continue
            hidden_sum = float(grid.values[rows, columns][shut].sum())
            if shut.sum() >= 2 and hidden_sum >= k:
                continue
            open_cells = list(zip(rows[~shut].tolist(), columns[~shut].tolist(), strict=True))
            candidate = _cheapest(grid, open_cells, hidden_sum, k)
            if candidate is not None:
                grid.hidden[candidate] = True
                changed = True


def _cheapest(
    grid: PeriodGrid, cells: list[tuple[int, int]], hidden_sum: float, k: int
) -> tuple[int, int] | None:
    """The complement to hide: non-zero, not `__all__`, the smallest that lifts the sum to k.

    Failing that, the largest (a zero can only move up, and an `__all__` cell is the
    municipality's own pyramid, so both come last).
    """
    if not cells:
        return None
    total = grid.total_row

    def cost(cell: tuple[int, int]) -> tuple[bool, bool, bool, float, str, int]:
        value = float(grid.values[cell])
        enough = hidden_sum + value >= k
        return (
            value == 0,
            cell[0] == total,
            not enough,
            value if enough else -value,
            grid.areas[cell[0]],
            cell[1],
        )

    return min(cells, key=cost)


def _candidate_for(
    grid: PeriodGrid, known: dict[int, list[BoolArray]], target: Target, k: int
) -> tuple[int, int] | None:
    """One more cell to hide for a narrow count: from its own row or column."""
    open_ = ~grid.hidden
    if target.cell is not None:
        row, column = target.cell
        sets = [mask for mask in known.get(row, []) if mask[column]]
        row_mask = sets[0] if sets else np.ones(WIDTH, dtype=bool)
        pools = [
            [(row, c) for c in np.flatnonzero(row_mask & open_[row]).tolist()]
            + [(r, column) for r in np.flatnonzero(open_[:, column]).tolist()],
            [(row, c) for c in np.flatnonzero(open_[row]).tolist()],
        ]
    else:
        assert target.margin is not None
        margin = grid.margins[target.margin]
        row, mask = margin.row, margin.mask
        pools = [
            [(row, c) for c in np.flatnonzero(mask & open_[row]).tolist()],
            # the rest of the row: 18-64 = 18+ - 65+ is protected by hiding 65+
            [(row, c) for c in np.flatnonzero(open_[row]).tolist()],
            [
                (r, c)
                for c in np.flatnonzero(mask).tolist()
                for r in np.flatnonzero(open_[:, c]).tolist()
            ],
        ]
    # last resort: any cell of the period, so that the loop ends protected (what even
    # hiding every cell cannot protect was left out beforehand, `beyond_reach`)
    pools.append([(int(r), int(c)) for r, c in zip(*np.nonzero(open_), strict=True)])
    for pool in pools:
        candidate = _cheapest(grid, pool, 0.0, k)
        if candidate is not None:
            return candidate
    return None


__all__ = [
    "CELLS",
    "TABLE_NAME",
    "protect_population",
    "published_residents_counts",
]
