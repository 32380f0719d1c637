"""`bosoc compute [--years A-B] [--quarterly] [--engine duckdb|spark]`."""

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
        quarterly: bool = typer.Option(
            False,
            "--quarterly",
            help="Quarters instead of years: periods YYYYQ (20241 = 1st quarter of 2024).",
        ),
        engine: str | None = typer.Option(
            None,
            help="duckdb (embedded) or spark (BOSOC_SPARK_MASTER); default BOSOC_ENGINE, "
            "else duckdb. The published zone is the same whichever runs.",
        ),
    ) -> None:
        """Compute indicators, statistics and the disclosure-controlled publication."""
        from bosocdata.pipeline import compute_all

        summary = compute_all(
            Paths.from_env(),
            years=parse_years(years) if years else None,
            quarterly=quarterly,
            engine=engine,
        )
        typer.echo(summary.text())
        if summary.has_warnings:
            raise typer.Exit(1)
