"""`bosoc audit-disclosure [--k K]`: prove that no suppressed cell can be recovered."""

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


def register(app: typer.Typer) -> None:
    @app.command("audit-disclosure")
    def audit_disclosure(
        k: int | None = typer.Option(
            None, help="Protection level; default: the k the publication was made with."
        ),
    ) -> None:
        """Audit the published zone: every hidden count keeps a range at least k wide."""
        from bosocdata.publish.audit import audit_published_zone

        paths = Paths.from_env()
        if not paths.published.exists():
            raise NotComputed("the published zone")
        report = audit_published_zone(paths.published, k or _published_k(paths) or 5)
        typer.echo(report.text())
        if not report.passed:
            raise typer.Exit(1)
