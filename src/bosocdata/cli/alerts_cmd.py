"""`bosoc alerts [--year Y] [--english]`: the early warnings of the published zone."""

from __future__ import annotations

import typer

from bosocdata.settings import Paths


def register(app: typer.Typer) -> None:
    @app.command()
    def alerts(
        year: int | None = typer.Option(None, "--year", help="The year. Default: the latest."),
        english: bool = typer.Option(False, "--english", help="Write the alerts in English."),
    ) -> None:
        """Early warning: indicators worse and worsening, a rising index, criteria near."""
        from bosocdata.assessment.alerts import render_alerts
        from bosocdata.assessment.assess import read_published

        frame = read_published(Paths.from_env().published, ["alerts"])["alerts"]
        typer.echo(render_alerts(frame, year, "en" if english else "da"))
