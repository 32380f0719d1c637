"""The disclosure audit: proof, from the published table alone, that suppression holds.

As statistical offices audit a suppression pattern with tau-ARGUS (Hundepool et al.
2012, *Statistical Disclosure Control*, Wiley, sections 4.2-4.3), the audit takes the
linear relations a reader knows, finds by linear programming the smallest and largest
value each hidden count can take, and requires the interval to be at least the
protection level wide. The protection level is a *sliding* one of width k: a reader may
learn that a count lies in [lo, hi], but hi - lo >= k. Besides, it checks that

- no published cell breaks the threshold rule;
- no suppressed row shows a number (only the identifying columns);
- the benchmark is withheld where the `__all__` cell is suppressed;
- with the secure table: every cell the threshold rule marks is suppressed, and the
  true table satisfies the relations the audit assumed (else its model is wrong).

docs/concepts/disclosure-control.md explains the relations and the protection level.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import duckdb
import numpy as np
import pandas as pd

from bosocdata.disclosure.ages import IndicatorAges
from bosocdata.disclosure.audit_lp import build_components, solve_component, truth_violations
from bosocdata.disclosure.dominance import (
    CONTRIBUTOR_COLUMNS,
    dominance_p,
    dominance_unsafe,
    hidden_sum_ranges,
)
from bosocdata.disclosure.relations import build_cells, denominator_groups
from bosocdata.disclosure.rules import (
    ALL_AREA,
    IDENTIFYING_COLUMNS,
    check_columns,
    check_k,
    primary_unsafe,
    rule_units,
)
from bosocdata.errors import BosocError, NotComputed

KEYS = ["area_id", "period", "indicator_id"]


class AuditCell(NamedTuple):
    """A hidden count: `what` is numerator, denominator or denominator - numerator."""

    period: object
    indicator_id: str
    area_id: str
    what: str

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period} {self.area_id}: {self.what}"


class AuditFailure(NamedTuple):
    """A hidden count a reader can narrow to [low, high], less than k wide."""

    cell: AuditCell
    low: float
    high: float


@dataclass
class AuditReport:
    k: int
    cells: int
    suppressed: int
    programmes: int
    seconds: float
    failures: list[AuditFailure] = field(default_factory=list)
    #: problems that are not an interval: a published cell under k, a number shown on
    #: a suppressed row, relations that do not hold
    problems: list[str] = field(default_factory=list)
    #: what the audit shows without finding fault: each sum hidden by the dominance rule
    #: with the range a reader can narrow it to (wide enough)
    kept: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures and not self.problems

    @property
    def findings(self) -> int:
        """Everything the report lists: each one is a reason to fail."""
        return len(self.failures) + len(self.problems)

    @property
    def clean(self) -> bool:
        """No finding at all: what the verdict and `bosoc audit-disclosure`'s exit say."""
        return self.findings == 0

    def verdict(self) -> str:
        if self.clean:
            return "PASSED, no findings"
        return f"FAILED, {self.findings} finding{'s' if self.findings != 1 else ''}"

    def text(self) -> str:
        lines = [
            f"Disclosure audit (k={self.k}): {self.verdict()}",
            f"  {self.suppressed} of {self.cells} cells suppressed; "
            f"{self.programmes} linear programmes in {self.seconds:.1f} s",
        ]
        for failure in self.failures:
            lines.append(
                f"  narrow: {failure.cell} lies in [{_number(failure.low)}, "
                f"{_number(failure.high)}], less than {self.k} wide"
            )
        lines.extend(f"  problem: {problem}" for problem in self.problems)
        lines.extend(f"  kept: {line}" for line in self.kept)
        return "\n".join(lines)


def _number(value: float) -> str:
    return f"{value:.6g}"


def audit_disclosure(
    published: pd.DataFrame,
    *,
    k: int = 5,
    denominator_groups_of: Mapping[str, str] | None = None,
    secure: pd.DataFrame | None = None,
    ages_of: Mapping[str, IndicatorAges] | None = None,
    area_groups: Mapping[str, Sequence[str]] | None = None,
    p: float | None = None,
) -> AuditReport:
    """Audit a published indicator table; `secure` (the unsuppressed one) is optional.

    With `secure` carrying the contributor columns (`top1`, `top2`), the dominance rule
    is checked too (dominance.py; `p` None reads BOSOC_DOMINANCE_P): every sum it marks
    must be hidden, and a reader's range for it at least p % of its largest contribution
    wide; each such sum is listed as `kept` with its range.

    The relations are the table's additivity (areas + `__rest__` = `__all__` per period
    and indicator), shared denominators (per `denominator_groups_of`, else the
    table's `denominator_group` column, else inferred from equal published
    denominators) and, with `ages_of` (`metadata.age_structure(catalogue)`), the
    residents counts of different ages as sums of elementary age intervals, and with
    `area_groups` (group id -> its areas) each group's rows as the sum of its areas'.
    """
    started = time.perf_counter()
    check_k(k)
    check_columns(published, "the published indicator table")
    table = published.reset_index(drop=True)
    hidden = table["suppressed"].fillna(False).astype(bool).to_numpy()
    cells = build_cells(
        table, denominator_groups(table, denominator_groups_of), ages_of, area_groups
    )
    problems = _shown_numbers(table, hidden) + _published_unsafe(table, hidden, k)

    truth_n = truth_d = None
    kept: list[str] = []
    if secure is not None:
        truth_n, truth_d, secure_problems = _truth(table, secure, hidden, k)
        problems += secure_problems
        rule_p = dominance_p() if p is None else p
        group_ids = frozenset(area_groups or {})
        dominance_problems, kept = _dominance(table, secure, hidden, rule_p, group_ids)
        problems += dominance_problems

    failures: list[AuditFailure] = []
    programmes = 0
    for component in build_components(cells, hidden, truth_n, truth_d):
        problems += truth_violations(component)
        result = solve_component(component, k)
        programmes += result.programmes
        if result.infeasible:
            problems.append(
                f"the published relations of period {component.key[0]}, denominator group "
                f"{component.key[1]} contradict each other: the audit cannot bound them"
            )
        failures.extend(
            AuditFailure(
                AuditCell(q.period, q.indicator_id, q.area_id, q.what),
                interval.low,
                interval.high,
            )
            for interval in result.narrow
            for q in [interval.quantity]
        )
    return AuditReport(
        k=k,
        cells=len(table),
        suppressed=int(hidden.sum()),
        programmes=programmes,
        seconds=time.perf_counter() - started,
        failures=failures,
        problems=problems,
        kept=kept,
    )


def _shown_numbers(table: pd.DataFrame, hidden: np.ndarray) -> list[str]:
    """Any number shown on a suppressed row, or a benchmark of a suppressed `__all__`."""
    problems = []
    for column in table.columns:
        if column in IDENTIFYING_COLUMNS:
            continue
        shown = hidden & table[column].notna().to_numpy()
        if shown.any():
            row = table.loc[int(np.flatnonzero(shown)[0])]
            problems.append(
                f"column {column} is shown on {int(shown.sum())} suppressed row(s), first "
                f"{row['indicator_id']} {row['period']} {row['area_id']}"
            )
    if "benchmark" in table.columns:
        total_hidden = hidden & (table["area_id"].astype(str) == ALL_AREA).to_numpy()
        hidden_keys = table.loc[total_hidden, ["period", "indicator_id"]]
        leaked = table.merge(hidden_keys, on=["period", "indicator_id"])["benchmark"].notna()
        if leaked.any():
            problems.append(
                f"benchmark is shown on {int(leaked.sum())} row(s) whose __all__ cell is suppressed"
            )
    return problems


def _published_unsafe(table: pd.DataFrame, hidden: np.ndarray, k: int) -> list[str]:
    unsafe = ~hidden & primary_unsafe(
        rule_units(table), table["numerator"], table["denominator"], k
    )
    return [
        f"published cell breaks the threshold rule (k={k}): "
        f"{row.indicator_id} {row.period} {row.area_id}"
        for row in table.loc[unsafe, KEYS].itertuples()
    ]


def _dominance(
    table: pd.DataFrame,
    secure: pd.DataFrame,
    hidden: np.ndarray,
    p: float,
    groups: frozenset[str] = frozenset(),
) -> tuple[list[str], list[str]]:
    """(problems, kept) of the dominance rule, from the secure table's contributions."""
    wanted = [c for c in ("numerator_kind", "numerator", *CONTRIBUTOR_COLUMNS) if c in secure]
    if not set(CONTRIBUTOR_COLUMNS) <= set(wanted):
        return [], []
    keys = table[KEYS].astype({"area_id": str, "indicator_id": str})
    truth = keys.merge(
        secure[[*KEYS, *wanted]].astype({"area_id": str, "indicator_id": str}),
        on=KEYS,
        how="left",
        validate="one_to_one",
    )
    if "numerator_kind" not in truth and "numerator_kind" in table:
        truth["numerator_kind"] = table["numerator_kind"].to_numpy()
    dominated = dominance_unsafe(truth, p)
    problems = [
        f"the dominance rule (p={p:g} %) marks {row.indicator_id} {row.period} {row.area_id}, "
        "but it is published"
        for row in table.loc[dominated & ~hidden, KEYS].itertuples()
    ]
    kept: list[str] = []
    rows = np.flatnonzero(dominated & hidden)
    top1 = pd.to_numeric(truth["top1"], errors="coerce").to_numpy(dtype=np.float64)
    for row, (low, high) in hidden_sum_ranges(table, rows, groups).items():
        need = p / 100.0 * abs(top1[row])
        cell = table.iloc[row]
        name = f"{cell['indicator_id']} {cell['period']} {cell['area_id']}"
        if high - low < need:
            problems.append(
                f"dominance: {name}: a reader narrows the hidden sum to [{_number(low)}, "
                f"{_number(high)}], less than {p:g} % of its largest contribution"
            )
        else:
            kept.append(
                f"dominance: {name}: hidden; a reader narrows the sum to [{_number(low)}, "
                f"{_number(high)}], at least {p:g} % of its largest contribution wide"
            )
    return problems, kept


def _truth(
    table: pd.DataFrame, secure: pd.DataFrame, hidden: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The secure numerator and denominator of each published row, and what they show."""
    check_columns(secure, "the secure indicator table")
    keys = table[KEYS].astype({"area_id": str, "indicator_id": str})
    truth = keys.merge(
        secure[[*KEYS, "unit", "numerator", "denominator"]].astype(
            {"area_id": str, "indicator_id": str}
        ),
        on=KEYS,
        how="left",
        validate="one_to_one",
    )
    n = pd.to_numeric(truth["numerator"], errors="coerce").to_numpy(dtype=np.float64)
    d = pd.to_numeric(truth["denominator"], errors="coerce").to_numpy(dtype=np.float64)
    unsafe = primary_unsafe(rule_units(table), n, d, k) & ~hidden
    problems = [
        f"the secure table puts {row.indicator_id} {row.period} {row.area_id} under the "
        f"threshold rule (k={k}), but it is published"
        for row in table.loc[unsafe & truth["unit"].notna().to_numpy(), KEYS].itertuples()
    ]
    return n, d, problems


def audit_published_zone(
    published_db_path: Path, k: int, ages_of: Mapping[str, IndicatorAges] | None = None
) -> AuditReport:
    """Audit the `indicator_table` of a published DuckDB file, opened read-only, with
    the rows of its groups of areas (`groups`, `area_groups`) and their relations.

    The residents counts of different ages are related as the catalogue's indicators
    define them (`ages_of`, default: `metadata.age_structure` of the built-in catalogue).
    """
    if not published_db_path.exists():
        raise NotComputed(f"the published zone {published_db_path}")
    try:
        con = duckdb.connect(str(published_db_path), read_only=True)
    except duckdb.Error as error:
        raise BosocError(
            f"cannot open {published_db_path}: {error}",
            hint="is it a published zone written by `bosoc compute`?",
        ) from error
    try:
        exists = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'indicator_table'"
        ).fetchone()
        if not exists or exists[0] == 0:
            raise NotComputed(f"the indicator table of {published_db_path}")
        table = con.execute(
            "SELECT * FROM indicator_table ORDER BY period, indicator_id, area_id"
        ).df()
        table, area_groups = _with_groups(con, table)
    finally:
        con.close()
    if ages_of is None:
        ages_of = default_age_structure()
    return audit_disclosure(table, k=k, ages_of=ages_of, area_groups=area_groups)


def _with_groups(
    con: duckdb.DuckDBPyConnection, table: pd.DataFrame
) -> tuple[pd.DataFrame, dict[str, list[str]] | None]:
    """The indicator table with the groups of areas' rows, and which areas each sums."""
    present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if not {"groups", "area_groups"} <= present:
        return table, None
    rows = con.execute("SELECT * FROM groups ORDER BY period, indicator_id, area_id").df()
    members: dict[str, list[str]] = {}
    for group, area in con.execute("SELECT group_id, area_id FROM area_groups").fetchall():
        members.setdefault(str(group), []).append(str(area))
    return pd.concat([table, rows[table.columns]], ignore_index=True), members


def read_published_table(published_db_path: Path, name: str) -> pd.DataFrame | None:
    """A table of a published DuckDB file (opened read-only), or None if it has none."""
    con = duckdb.connect(str(published_db_path), read_only=True)
    try:
        exists = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()
        if not exists or exists[0] == 0:
            return None
        return con.execute(f'SELECT * FROM "{name}"').df()
    finally:
        con.close()


def default_age_structure() -> dict[str, IndicatorAges]:
    """The age structure of the built-in indicator catalogue."""
    from bosocdata.disclosure.catalogue import age_structure
    from bosocdata.indicators import load_catalogue

    return age_structure(load_catalogue())
