"""PDF reports for board meetings, from the published zone only.

    render_area_report(published_path, "BO01", Path("BO01.pdf"))
    render_yearly_report(published_path, Path("aarsrapport-2024.pdf"))
    render_evaluation_report(published_path, "IND01", Path("evaluering-IND01.pdf"))

A report reads `published/published.duckdb` (disclosure-controlled aggregates) and
nothing else; a suppressed cell is printed as "–". HTML from Jinja templates
(reports/templates/), charts as inline SVG drawn in Python, PDF by WeasyPrint.
"""

from __future__ import annotations

import re
from pathlib import Path

from bosocdata.presentation.read_model import Published, load_published
from bosocdata.presentation.vocabulary import Vocabulary
from bosocdata.reports.content import area_page, make_frame, ordered_housing_areas, overview
from bosocdata.reports.evaluation import evaluation_report_html, render_evaluation_report
from bosocdata.reports.render import render_html, write_pdf

__all__ = [
    "area_report_html",
    "evaluation_report_html",
    "render_all_reports",
    "render_area_report",
    "render_evaluation_report",
    "render_yearly_report",
    "yearly_report_html",
]


def area_report_html(
    published: Published, area_id: str, *, year: int | None = None, lang: str = "da"
) -> str:
    """The HTML of one area's profile (what `render_area_report` prints)."""
    labels = Vocabulary(lang)
    page = area_page(published, area_id, published.resolve_year(year), labels)
    return render_html(
        "area.html",
        labels,
        frame=make_frame(published, labels),
        title=f"{labels('area_report_title')} {page.year}: {page.name}",
        page=page,
        compact=False,
    )


def yearly_report_html(published: Published, *, year: int | None = None, lang: str = "da") -> str:
    """The HTML of the yearly report: the overview of all areas, then one page each."""
    labels = Vocabulary(lang)
    resolved = published.resolve_year(year)
    pages = [
        area_page(published, a, resolved, labels, compact=True)
        for a in ordered_housing_areas(published)
    ]
    return render_html(
        "yearly.html",
        labels,
        frame=make_frame(published, labels),
        title=f"{labels('yearly_report_title')} {resolved}",
        overview=overview(published, resolved, labels),
        pages=pages,
        compact=True,
    )


def render_area_report(
    published_path: Path,
    area_id: str,
    out_pdf: Path,
    *,
    year: int | None = None,
    lang: str = "da",
) -> None:
    """One area's profile for a board meeting, as a PDF at `out_pdf`.

    `year` defaults to the latest published period. Raises `BosocError` for an unknown
    area or year, `NotComputed` when there is no published zone.
    """
    published = load_published(Path(published_path))
    write_pdf(area_report_html(published, area_id, year=year, lang=lang), Path(out_pdf))


def render_yearly_report(
    published_path: Path, out_pdf: Path, *, year: int | None = None, lang: str = "da"
) -> None:
    """The yearly report of every housing area, as a PDF at `out_pdf`."""
    published = load_published(Path(published_path))
    write_pdf(yearly_report_html(published, year=year, lang=lang), Path(out_pdf))


def render_all_reports(
    published_path: Path, out_dir: Path, *, year: int | None = None, lang: str = "da"
) -> list[Path]:
    """One PDF per housing area (`<area_id>.pdf`) and `aarsrapport-<year>.pdf` in `out_dir`.

    Returns the files written, the yearly report last.
    """
    published = load_published(Path(published_path))
    resolved = published.resolve_year(year)
    out_dir = Path(out_dir)
    written = []
    for area_id in ordered_housing_areas(published):
        target = out_dir / f"{file_stem(area_id)}.pdf"
        write_pdf(area_report_html(published, area_id, year=resolved, lang=lang), target)
        written.append(target)
    yearly = out_dir / f"aarsrapport-{resolved}.pdf"
    write_pdf(yearly_report_html(published, year=resolved, lang=lang), yearly)
    written.append(yearly)
    return written


def file_stem(area_id: str) -> str:
    """An area id as a safe file name: anything but letters, digits, - and _ becomes _."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", area_id) or "_"
