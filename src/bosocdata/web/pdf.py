"""The PDF reports of `bosocdata.reports`, made from what the user may see.

`bosocdata.reports` reads a published file whole; the web application must not, since a
partner may see only some areas. So the report's `Published` object is built here from
the request's scoped views (`published.py`) and handed to the report's own HTML and PDF
functions: the yearly report of a partner holds the partner's areas only.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from bosocdata.reports import area_report_html, yearly_report_html
from bosocdata.reports.published_reader import (
    OPTIONAL_TABLES,
    AreaInfo,
    Cell,
    ExtraTable,
    IndicatorInfo,
    Published,
)
from bosocdata.reports.render import write_pdf
from bosocdata.web import assessment as qa
from bosocdata.web import queries as q


def scoped_published(cur: duckdb.DuckDBPyConnection) -> Published:
    """The report's view of the published zone, limited to the cursor's areas."""
    areas = {
        a.area_id: AreaInfo(a.area_id, a.name or a.area_id, a.housing_organisation, a.district)
        for a in q.areas(cur).values()
    }
    indicators = {
        i.indicator_id: IndicatorInfo(
            i.indicator_id, i.name_da, i.name_en, i.unit, i.direction, i.theme
        )
        for i in q.indicators(cur).values()
    }
    cells = [
        Cell(
            area_id=c.area_id,
            period=c.period,
            indicator_id=c.indicator_id,
            unit=c.unit,
            denominator=c.denominator,
            value=c.value,
            ci_low=c.ci_low,
            ci_high=c.ci_high,
            benchmark=c.benchmark,
            comparison=None if c.suppressed else c.comparison,
            suppressed=c.suppressed,
            direction=c.direction,
            trend=None if c.suppressed or c.trend is None else str(c.trend),
        )
        for c in q.cells(cur)
    ]
    extra = []
    for name in OPTIONAL_TABLES:
        if qa.has_table(cur, name):
            columns = qa.columns_of(cur, name)
            rows = qa.rows_of(cur, name)
            extra.append(
                ExtraTable(name, tuple(columns), tuple(tuple(r[c] for c in columns) for r in rows))
            )
    return Published(
        path=Path("published.duckdb"),
        areas=areas,
        indicators=indicators,
        cells=cells,
        meta=q.meta(cur),
        extra_tables=extra,
    )


def _pdf_bytes(html: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="bosoc-pdf-") as folder:
        target = Path(folder) / "report.pdf"
        write_pdf(html, target)
        return target.read_bytes()


def area_pdf(cur: duckdb.DuckDBPyConnection, area_id: str, year: int, lang: str) -> bytes:
    published = scoped_published(cur)
    return _pdf_bytes(area_report_html(published, area_id, year=year, lang=lang))


def yearly_pdf(cur: duckdb.DuckDBPyConnection, year: int, lang: str) -> bytes:
    published = scoped_published(cur)
    return _pdf_bytes(yearly_report_html(published, year=year, lang=lang))
