"""`bosoc report AREA --out FILE.pdf [--year Y]`, `bosoc report --all --out DIR` and
`bosoc report --intervention ID --out FILE.pdf` (the evaluation of one intervention)."""

from __future__ import annotations

from pathlib import Path

import typer

from bosocdata.errors import BosocError
from bosocdata.outfiles import check_out_file, check_suffix
from bosocdata.settings import Paths


def register(app: typer.Typer) -> None:
    @app.command()
    def report(
        area: str | None = typer.Argument(None, help="The area id, e.g. BO01."),
        out: Path = typer.Option(
            ..., "--out", help="The PDF to write; with --all the folder to write into."
        ),
        all_areas: bool = typer.Option(
            False,
            "--all",
            help="One PDF per housing area plus the yearly report aarsrapport-<year>.pdf.",
        ),
        intervention: str | None = typer.Option(
            None,
            "--intervention",
            help="The evaluation of this intervention (its id, e.g. IND01), from `bosoc evaluate`.",
        ),
        year: int | None = typer.Option(None, help="The year. Default: the latest published."),
        lang: str = typer.Option("da", help="Language of the report: da or en."),
    ) -> None:
        """PDF reports for board meetings, from the published zone only."""
        from bosocdata.reports import render_all_reports, render_area_report

        published = Paths.from_env().published
        if [area is not None, all_areas, intervention is not None].count(True) != 1:
            raise BosocError(
                "give one of: an area id, --all or --intervention",
                hint="bosoc report BO01 --out BO01.pdf, bosoc report --all --out "
                "rapporter/, or bosoc report --intervention IND01 --out evaluering.pdf",
            )
        if not all_areas:  # refused before the slow rendering, not after it
            check_suffix(out, (".pdf",))  # a PDF under another name would mislead
            check_out_file(out, "the report")
        if intervention is not None:
            from bosocdata.reports.evaluation import render_evaluation_report

            render_evaluation_report(published, intervention, out, lang=lang)
            typer.echo(f"Skrev {out}")
            return
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
