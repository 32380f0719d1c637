"""The evaluation of one intervention for a board: the web page `/indsats/{id}` on paper.

    render_evaluation_report(published_path, "hp1", Path("evaluering-hp1.pdf"))

Everything comes from the published zone's `interventions` and `evaluation` tables,
read through a cursor of `presentation.zone.PublishedZone` (so a partner's report holds
what the partner may see), and is put into words by `presentation.evaluation_view`, the
same code as the web page: the same charts, the same sentences with their references
and caveats, the same decomposition "Hvorfor ændrede tallet sig?".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from bosocdata.errors import BosocError
from bosocdata.presentation import evaluation_view as ev
from bosocdata.presentation import queries as q
from bosocdata.presentation.cells import danish_sort_key
from bosocdata.presentation.read_model import every_area
from bosocdata.presentation.vocabulary import Vocabulary
from bosocdata.reports.content import Frame, format_date
from bosocdata.reports.render import render_html, write_pdf


@dataclass(frozen=True)
class EvaluationPage:
    name: str
    first_year: int
    areas: list[str]
    sections: list[ev.IndicatorSection]

    @property
    def has_suppressed(self) -> bool:
        return any(s.suppressed for s in self.sections)


def evaluation_page(
    cur: duckdb.DuckDBPyConnection, intervention_id: str, labels: Vocabulary
) -> EvaluationPage:
    """The intervention's page, or `BosocError` naming the ones there are."""
    found = ev.interventions(cur)
    info = found.get(intervention_id)
    if info is None:
        known = ", ".join(sorted(found)[:8]) or "none"
        raise BosocError(
            f"there is no evaluated intervention {intervention_id!r} in the published zone",
            hint=f"evaluated interventions: {known} (run `bosoc evaluate` after `bosoc compute`)",
        )
    areas = q.areas(cur)
    names = [ev.area_or_other(a, areas, labels) for a in info.areas]
    return EvaluationPage(
        name=info.name,
        first_year=info.first_year,
        areas=sorted(names, key=danish_sort_key),
        sections=ev.indicator_sections(cur, info, labels),
    )


def evaluation_report_html(
    cur: duckdb.DuckDBPyConnection, intervention_id: str, *, lang: str = "da"
) -> str:
    """The HTML of one intervention's evaluation (what `render_evaluation_report` prints)."""
    labels = Vocabulary(lang)
    page = evaluation_page(cur, intervention_id, labels)
    meta = q.meta(cur)
    frame = Frame(
        lang=labels.language,
        data_date=format_date(meta.get("computed_at"), labels),
        suppression_k=meta.get("suppression_k") or "5",
    )
    return render_html(
        "evaluation.html",
        labels,
        frame=frame,
        title=f"{labels('evaluation_report_title')}: {page.name}",
        page=page,
    )


def render_evaluation_report(
    published_path: Path, intervention_id: str, out_pdf: Path, *, lang: str = "da"
) -> None:
    """One intervention's evaluation for a board meeting, as a PDF at `out_pdf`.

    Raises `BosocError` for an intervention that was not evaluated, `NotComputed` when
    there is no published zone."""
    with every_area(Path(published_path)) as cur:
        html = evaluation_report_html(cur, intervention_id, lang=lang)
    write_pdf(html, Path(out_pdf))
