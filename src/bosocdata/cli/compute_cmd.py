"""`bosoc compute [--years A-B] [--quarterly] [--engine duckdb|spark]`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from bosocdata.cli.options import parse_years
from bosocdata.presentation.numbers import format_count, format_number
from bosocdata.settings import Paths

if TYPE_CHECKING:
    from bosocdata.pipeline import ComputeSummary


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
        typer.echo(summary_text(summary))
        if summary.has_warnings:
            raise typer.Exit(1)


def summary_text(summary: ComputeSummary) -> str:
    """What `bosoc compute` and `bosoc demo` print when done, numbers in Danish."""
    first, last = (summary.periods[0], summary.periods[-1]) if summary.periods else ("-", "-")
    lines = [
        f"Beregnede {summary.indicators} indikatorer for {first}-{last}: "
        f"{format_count(summary.rows, 'da')} celler, heraf "
        f"{format_count(summary.suppressed, 'da')} skjult af hensyn til diskretion "
        f"({format_number(summary.seconds, 1, 'da')} s).",
    ]
    if summary.not_available:
        lines.append("Ikke tilgængelige (registeret er ikke leveret):")
        lines += [f"  {ind}: {why}" for ind, why in sorted(summary.not_available.items())]
    if summary.assessment_warnings:
        lines.append(
            f"Vurderingen gav {len(summary.assessment_warnings)} bemærkninger; "
            "de står i loggen ($BOSOC_HOME/logs/bosoc.log)."
        )
    return "\n".join(lines)
