"""`bosoc indicators list | show ID | explain ID | validate`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    from bosocdata.indicators.cli import indicators_app

    app.add_typer(indicators_app, name="indicators")
