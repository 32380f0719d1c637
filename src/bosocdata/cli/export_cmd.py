"""`bosoc export OUT_FILE [--zone secure|published]`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from bosocdata.errors import BosocError
from bosocdata.settings import Paths


class Zone(StrEnum):
    published = "published"
    secure = "secure"


def register(app: typer.Typer) -> None:
    @app.command()
    def export(
        out_file: Path = typer.Argument(..., help="Where to write: .csv, .xlsx or .parquet."),
        zone: Zone = typer.Option(Zone.published, help="published (what the web shows) or secure."),
        danish: bool = typer.Option(
            False, "--danish", help="CSV with ; and decimal comma, for Danish Excel."
        ),
        full: bool = typer.Option(
            False, "--full", help="Add the statistics columns (99.8 % intervals, trend, funnel)."
        ),
        table: str = typer.Option(
            "indicators",
            "--table",
            help="indicators (default), or a published assessment table: index, "
            "categorisation, dynamics, alerts, priorities, contributions, criteria, evaluation.",
        ),
    ) -> None:
        """Write the indicator table (docs/reference/tables.md), or an assessment table."""
        from bosocdata.cli.export_files import export_indicator_table, export_table

        if table != "indicators":
            if zone is not Zone.published:
                raise BosocError(
                    "the assessment tables are published tables only",
                    hint="leave out --zone, or export the indicator table",
                )
            rows = export_table(Paths.from_env(), table, out_file, danish=danish)
            typer.echo(f"Skrev {rows} rækker til {out_file}")
            return

        rows = export_indicator_table(
            Paths.from_env(), out_file, zone=zone.value, danish=danish, full=full
        )
        typer.echo(f"Skrev {rows} rækker til {out_file}")
