"""`bosoc audit-disclosure [--k K]`: prove that no suppressed cell can be recovered.

Audits the published indicator table and, where the published zone has one, the
population table with the residents counts the indicator table shows beside it; fails
if either audit fails.
"""

from __future__ import annotations

import duckdb
import typer

from bosocdata.errors import NotComputed
from bosocdata.settings import Paths


def _published_k(paths: Paths) -> int | None:
    con = duckdb.connect(str(paths.published), read_only=True)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'suppression_k'").fetchone()
    finally:
        con.close()
    return int(row[0]) if row else None


def run_audits(paths: Paths, k: int) -> tuple[bool, list[str]]:
    """Audit the published zone: (no finding in any audit, the reports' texts and a last
    line that sums them up). Every finding listed fails the audit."""
    from bosocdata.disclosure.audit import (
        AuditReport,
        audit_published_zone,
        read_published_table,
    )
    from bosocdata.disclosure.catalogue import age_structure
    from bosocdata.disclosure.population import TABLE_NAME, published_residents_counts
    from bosocdata.disclosure.population_audit import audit_population
    from bosocdata.indicators import load_catalogue

    catalogue = load_catalogue()
    report = audit_published_zone(paths.published, k, ages_of=age_structure(catalogue))
    reports: list[AuditReport] = [report]
    population = read_published_table(paths.published, TABLE_NAME)
    if population is not None:
        indicator_table = read_published_table(paths.published, "indicator_table")
        assert indicator_table is not None  # audit_published_zone found it
        population_report = audit_population(
            population, published_residents_counts(indicator_table, catalogue), k=k
        )
        reports.append(population_report)
    findings = sum(r.findings for r in reports)
    texts = [r.text() for r in reports]
    if findings:
        texts.append(
            f"Disclosure audit FAILED: {findings} finding{'s' if findings != 1 else ''} "
            "(see docs/concepts/disclosure-control.md, 'What a finding means')"
        )
    else:
        texts.append("Disclosure audit PASSED: no findings")
    return findings == 0, texts


def register(app: typer.Typer) -> None:
    @app.command("audit-disclosure")
    def audit_disclosure(
        k: int | None = typer.Option(
            None, help="Protection level; default: the k the publication was made with."
        ),
    ) -> None:
        """Audit the published zone: every hidden count keeps a range at least k wide."""
        paths = Paths.from_env()
        if not paths.published.exists():
            raise NotComputed("the published zone")
        passed, texts = run_audits(paths, k or _published_k(paths) or 5)
        for text in texts:
            typer.echo(text)
        if not passed:
            raise typer.Exit(1)
