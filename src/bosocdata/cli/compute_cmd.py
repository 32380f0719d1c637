"""`bosoc compute [--years A-B]`."""

from __future__ import annotations

import typer

from bosocdata.cli.options import parse_years
from bosocdata.settings import Paths


def register(app: typer.Typer) -> None:
    @app.command()
    def compute(
        years: str | None = typer.Option(
            None, help="First and last year, e.g. 2015-2025. Default: every year the data covers."
        ),
    ) -> None:
        """Compute indicators, statistics and the disclosure-controlled publication."""
        from bosocdata.pipeline import compute_all

        summary = compute_all(Paths.from_env(), years=parse_years(years) if years else None)
        typer.echo(summary.text())
        if summary.has_warnings:
            raise typer.Exit(1)
