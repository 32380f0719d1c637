"""The PDF reports of `bosocdata.reports`, made from what the user may see.

The report is built from the same read model as `bosoc report`
(`presentation.read_model.read_published`), read through the request's scoped cursor:
the yearly report of a partner holds the partner's areas only.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from bosocdata.presentation.read_model import read_published
from bosocdata.reports import area_report_html, yearly_report_html
from bosocdata.reports.render import write_pdf


def _pdf_bytes(html: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="bosoc-pdf-") as folder:
        target = Path(folder) / "report.pdf"
        write_pdf(html, target)
        return target.read_bytes()


def area_pdf(cur: duckdb.DuckDBPyConnection, area_id: str, year: int, lang: str) -> bytes:
    published = read_published(cur)
    return _pdf_bytes(area_report_html(published, area_id, year=year, lang=lang))


def yearly_pdf(cur: duckdb.DuckDBPyConnection, year: int, lang: str) -> bytes:
    published = read_published(cur)
    return _pdf_bytes(yearly_report_html(published, year=year, lang=lang))
