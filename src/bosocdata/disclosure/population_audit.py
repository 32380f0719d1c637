"""The audit of the population table: from the published tables alone, can a reader
narrow any hidden count (or a residents count the indicator table withholds) to an
interval less than k wide? The reasoning is in docs/concepts/disclosure-control.md,
section 6."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from bosocdata.disclosure.audit import AuditCell, AuditFailure, AuditReport
from bosocdata.disclosure.audit_lp import solve_component
from bosocdata.disclosure.population import (
    PUBLISHED_COLUMNS,
    BoolArray,
    check_columns,
    totals_frame,
)
from bosocdata.disclosure.population_lp import (
    beyond_reach,
    period_component,
    period_grids,
)
from bosocdata.disclosure.rules import check_k


@dataclass
class PopulationAuditReport(AuditReport):
    """The audit of the population table; `passed` is about the population table alone.

    `indicator_table_problems` are counts that the indicator table's residents counts
    give away by themselves (the population table cannot protect those): a finding for
    the indicator table's disclosure control, listed but not counted here.
    """

    indicator_table_problems: list[str] = field(default_factory=list)

    @property
    def findings(self) -> int:
        """The population table's own findings and the indicator table's: each listed
        count is narrower than k for a reader of the published zone, whichever table's
        control should have protected it."""
        return super().findings + len(self.indicator_table_problems)

    def text(self) -> str:
        lines = [super().text().replace("Disclosure audit", "Disclosure audit, population")]
        lines += [f"  indicator table: {problem}" for problem in self.indicator_table_problems]
        return "\n".join(lines)


def audit_population(
    published_population: pd.DataFrame,
    published_totals: pd.DataFrame | None = None,
    *,
    k: int = 5,
) -> PopulationAuditReport:
    """Audit the published population table, with the residents counts published beside it.

    Failures: every hidden cell, and every residents count the indicator table withholds,
    that a reader can narrow to an interval less than k wide (linear programming over
    the relations of `disclosure_population_lp`). Problems: a shown count from 1 to k-1,
    a number on a suppressed row, a shown count missing, relations that do not hold, and
    Counts the indicator table's residents counts give away by themselves are listed
    apart, in `indicator_table_problems`.
    """
    started = time.perf_counter()
    check_k(k)
    check_columns(published_population, PUBLISHED_COLUMNS, "the published population table")
    table = published_population.reset_index(drop=True)
    suppressed = table["suppressed"].fillna(True).astype(bool).to_numpy()
    values = pd.to_numeric(table["residents"], errors="coerce").to_numpy(dtype=np.float64)
    problems = _row_problems(table, suppressed, values, k)
    hidden = suppressed | np.isnan(values)
    values = np.where(hidden, np.nan, values)
    grids = period_grids(table, values, hidden, totals_frame(published_totals))

    failures: list[AuditFailure] = []
    programmes = 0
    indicator_problems: list[str] = []
    for grid in grids:
        given_away = beyond_reach(grid, k) if grid.margins else {}
        indicator_problems += [
            f"period {grid.period}: its residents counts alone narrow "
            f"{area} {what} to [{low:.0f}, {high:.0f}], less than {k} wide"
            for (area, what), (low, high) in given_away.items()
        ]
        component, _, relation_problems = period_component(
            grid, with_truth=False, skip=frozenset(given_away)
        )
        problems += relation_problems
        if component is None:
            continue
        result = solve_component(component, k)
        programmes += result.programmes
        if result.infeasible:
            problems.append(f"period {grid.period}: the published relations contradict each other")
        failures += [
            AuditFailure(
                AuditCell(q.period, q.indicator_id, q.area_id, q.what), interval.low, interval.high
            )
            for interval in result.narrow
            for q in [interval.quantity]
        ]
    return PopulationAuditReport(
        k=k,
        cells=len(table),
        suppressed=int(suppressed.sum()),
        programmes=programmes,
        seconds=time.perf_counter() - started,
        failures=failures,
        problems=problems,
        indicator_table_problems=indicator_problems,
    )


def _row_problems(
    table: pd.DataFrame, suppressed: BoolArray, values: npt.NDArray[np.float64], k: int
) -> list[str]:
    def where(rows: BoolArray) -> str:
        row = table.loc[rows].iloc[0]
        return f"{int(rows.sum())} row(s), first {row['area_id']} {row['period']} " + (
            f"{row['age_band']} {row['sex']}"
        )

    problems = []
    checks = [
        (suppressed & ~np.isnan(values), "residents shown on a suppressed row"),
        (~suppressed & (values > 0) & (values < k), f"a shown count from 1 to {k - 1}"),
        (~suppressed & np.isnan(values), "residents missing on a row not marked suppressed"),
    ]
    for rows, what in checks:
        if rows.any():
            problems.append(f"population table: {what}: {where(rows)}")
    return problems


__all__ = ["PopulationAuditReport", "audit_population"]
