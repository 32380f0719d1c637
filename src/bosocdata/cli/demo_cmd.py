"""`bosoc demo [--no-serve]`: synth + ingest + compute, then serve."""

from __future__ import annotations

import typer

from bosocdata.settings import Paths

# About 120,000 residents: the 25 housing areas at their full size, the rest a quarter
# of Aarhus; 22 of the 25 areas are large enough to rank.
DEMO_SCALE = 0.25
DEMO_SEED = 1


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve when done."),
        scale: float = typer.Option(
            DEMO_SCALE,
            help="Size of the synthetic municipality (1 = Aarhus, 360,000 residents); "
            "the 25 housing areas keep their size, the scale shrinks the rest.",
        ),
        seed: int = typer.Option(DEMO_SEED),
        port: int = typer.Option(8000),
    ) -> None:
        """The one command a newcomer runs: build a fictitious municipality and show it."""
        from bosocdata.pipeline import run_demo

        run_demo(Paths.from_env(), scale=scale, seed=seed, serve=serve, port=port)
