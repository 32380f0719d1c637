"""`bosoc criteria IN_CSV [--out OUT_CSV]`."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def criteria(
        in_csv: Path = typer.Argument(
            ..., help="Area-level criteria values (docs/reference/cli.md, bosoc criteria)."
        ),
        out: Path | None = typer.Option(None, "--out", help="Write the result here (CSV)."),
    ) -> None:
        """Classify areas under the official criteria (almenboligloven § 61 a)."""
        from bosocdata.assessment.criteria import classify_csv

        result = classify_csv(in_csv, out)
        typer.echo(result.text())
        if result.has_warnings:
            raise typer.Exit(1)
