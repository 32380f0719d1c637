"""`bosoc report AREA --out FILE.pdf [--year Y]` and `bosoc report --all --out DIR`."""

from __future__ import annotations

from pathlib import Path

import typer

from bosocdata.errors import BosocError
from bosocdata.settings import Paths


def register(app: typer.Typer) -> None:
    @app.command()
    def report(
        area: str | None = typer.Argument(None, help="The area id, e.g. aeblehaven."),
        out: Path = typer.Option(
            ..., "--out", help="The PDF to write; with --all the folder to write into."
        ),
        all_areas: bool = typer.Option(
            False,
            "--all",
            help="One PDF per housing area plus the yearly report aarsrapport-<year>.pdf.",
        ),
        year: int | None = typer.Option(None, help="The year. Default: the latest published."),
        lang: str = typer.Option("da", help="Language of the report: da or en."),
    ) -> None:
        """PDF reports for board meetings, from the published zone only."""
        from bosocdata.reports import render_all_reports, render_area_report

        published = Paths.from_env().published
        if all_areas == (area is not None):
            raise BosocError(
                "give either an area id or --all",
                hint="bosoc report aeblehaven --out aeblehaven.pdf, or bosoc report --all --out "
                "rapporter/",
            )
        if area is not None:
            render_area_report(published, area, out, year=year, lang=lang)
            typer.echo(f"Skrev {out}")
            return
        if out.exists() and not out.is_dir():
            raise BosocError(
                f"{out} is a file; --all writes a folder of reports",
                hint="give a folder, e.g. --out rapporter/",
            )
        written = render_all_reports(published, out, year=year, lang=lang)
        typer.echo(f"Skrev {len(written)} rapporter i {out}")
