"""`bosoc synth OUT_DIR [--scale F] [--seed N] [--years A-B] [--area-size F]`."""

from __future__ import annotations

from pathlib import Path

import typer

from bosocdata.cli.options import parse_years


def register(app: typer.Typer) -> None:
    @app.command()
    def synth(
        out_dir: Path = typer.Argument(..., help="Folder to write the delivery to."),
        scale: float = typer.Option(1.0, help="1 = Aarhus-sized, about 360,000 residents."),
        seed: int = typer.Option(1, help="The same seed gives the same files."),
        years: str = typer.Option("2010-2025", help="First and last year, e.g. 2010-2025."),
        area_size: float = typer.Option(
            1.0,
            help="Shrink the housing areas below their real size (1), for quick trials "
            "and tests; the demo keeps 1.",
        ),
    ) -> None:
        """Write a synthetic delivery for a fictitious Aarhus-like municipality."""
        from bosocdata.synth import generate

        first, last = parse_years(years)
        summary = generate(
            out_dir, scale=scale, seed=seed, years=(first, last), area_size=area_size
        )
        typer.echo(str(summary))
