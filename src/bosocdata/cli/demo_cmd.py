"""`bosoc demo [--no-serve]`: synth + ingest + compute, then serve."""

from __future__ import annotations

import typer

from bosocdata.settings import Paths


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve when done."),
        scale: float = typer.Option(
            0.25, help="Size of the synthetic municipality (1 = Aarhus, 360,000 residents)."
        ),
        seed: int = typer.Option(1),
        port: int = typer.Option(8000),
    ) -> None:
        """The one command a newcomer runs: build a fictitious municipality and show it."""
        from bosocdata.pipeline import run_demo

        run_demo(Paths.from_env(), scale=scale, seed=seed, serve=serve, port=port)
