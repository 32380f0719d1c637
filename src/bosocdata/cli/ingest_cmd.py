"""`bosoc ingest DELIVERY_DIR`."""

from __future__ import annotations

from pathlib import Path

import typer

from bosocdata.settings import Paths


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(
        delivery_dir: Path = typer.Argument(..., help="The delivery folder: a file a register."),
    ) -> None:
        """Validate, pseudonymise and load a delivery into the secure store."""
        from bosocdata.ingest import ingest_delivery

        report = ingest_delivery(delivery_dir, Paths.from_env())
        typer.echo(report.summary())
        if report.has_warnings:
            raise typer.Exit(1)
