"""Exports: every published table as CSV or Excel, and the PDF reports.

- `/eksport?year=&area_id=`: the indicator table as CSV (the first export; unchanged).
- `/eksport/<table>?format=csv|xlsx&year=&area_id=&sep=&decimal=`: each published table
  (`TABLES`; one fixed route per table, so the audit log names it), limited to the user's
  areas; 404 when the file lacks the table. CSV with `,` by default: machine-readable,
  the published columns at full precision. `decimal=komma` (with `sep=semikolon`) and
  Excel are the versions for people (web/people_export.py): named columns in the
  reader's language, names instead of ids, numbers rounded as on screen, counts whole;
  the workbook adds the definitions and "Om tallene".
- `/eksport/pdf/omraade/{area_id}?year=&lang=`: the area profile as PDF;
  `/eksport/pdf/aarsrapport?year=&lang=`: the yearly report of the user's areas;
  `/eksport/pdf/indsats/{intervention_id}?lang=`: the evaluation of an intervention
  whose every area the user may see (404 otherwise, as its page). All three
  are background jobs (web/jobs): the route reads the user's areas and answers with a
  redirect to the job's progress page, where the file is fetched when it is ready.

Every route here is under `/eksport`, so `guard.py` refuses viewers and writes each call
to the audit log; the data come from the per-request views, so the area scope holds.
Suppressed cells are empty in every format.
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bosocdata.formulas import neutralise, neutralise_text
from bosocdata.presentation import assessment_tables as qa
from bosocdata.presentation import evaluation_view as ev
from bosocdata.presentation import queries as q
from bosocdata.publish.columns import INTERFACE_COLUMNS
from bosocdata.reports import file_stem
from bosocdata.web.downloads import attachment
from bosocdata.web.jobs.routes import start_job
from bosocdata.web.page_cache import cached
from bosocdata.web.people_export import people_csv, people_workbook
from bosocdata.web.rendering import (
    PageError,
    chosen_year,
    language_of,
    translator_for,
    zone_of,
)

router = APIRouter()

TABLES: tuple[str, ...] = ("indicator_table", *qa.AREA_TABLES)
FORMATS = ("csv", "xlsx")
SEPARATORS = {"komma": ",", "comma": ",", ",": ",", "semikolon": ";", "semicolon": ";", ";": ";"}
DECIMALS = {"punktum": ".", "point": ".", ".": ".", "komma": ",", "comma": ",", ",": ","}


def _text(value: object, decimal: str = ".") -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and decimal != ".":
        return repr(value).replace(".", decimal)
    return str(value)


def _choice(raw: str | None, allowed: dict[str, str], default: str, name: str) -> str:
    if raw is None or raw == "":
        return default
    found = allowed.get(raw.strip().lower())
    if found is None:
        raise PageError(400, "bad_request_title", "bad_parameter", name=name)
    return found


def _period(cur: Any, year: str | None) -> int | None:
    if year is not None and year.strip().lower() in ("alle", "all"):
        return None
    return chosen_year(year, q.periods(cur))


def _csv(
    columns: list[str], rows: list[dict[str, Any]], *, sep: str = ",", decimal: str = "."
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    # Text a spreadsheet would take for a formula gets a `'` in front (bosocdata.formulas);
    # numbers are turned into text after that, so a negative number stays a number.
    writer.writerow([neutralise_text(c) for c in columns])
    writer.writerows([_text(neutralise(row.get(c)), decimal) for c in columns] for row in rows)
    text = out.getvalue()
    # A Danish spreadsheet guesses the encoding: the byte-order mark says UTF-8.
    return ("\ufeff" + text if decimal == "," else text).encode("utf-8")


def _attachment(body: bytes, media_type: str, name: str) -> Response:
    return attachment(body, media_type, name)  # the name encoded per RFC 6266/5987


def table_rows(
    cur: Any, table: str, period: int | None, area_id: str | None
) -> tuple[list[str], list[dict[str, Any]]]:
    """The columns and rows of a published table as the user may see them."""
    if table == "indicator_table":
        rows = q.published_rows(cur, period=period, area_id=area_id)
        present = q.table_columns(cur, "indicator_table")
        columns = [c for c in INTERFACE_COLUMNS if c in present]
        return columns + [c for c in present if c not in columns], rows
    if not qa.has_table(cur, table):
        raise PageError(404, "not_found_title", "not_found_page")
    rows = qa.rows_of(cur, table, period=period, area_id=area_id)
    if table == "population":  # as for indicator cells: a hidden count is emptied again
        rows = [{**r, "residents": None} if r.get("suppressed") else r for r in rows]
    return qa.columns_of(cur, table), rows


@router.get("/eksport")
@cached
def export_csv(request: Request, year: str | None = None, area_id: str | None = None) -> Response:
    """The indicator table of `year` (default the latest; `alle` for every year)."""
    with zone_of(request).cursor() as cur:
        period = _period(cur, year)
        if area_id is not None and area_id not in q.areas(cur):
            raise PageError(404, "not_found_title", "not_found_area", id=area_id)
        columns, rows = table_rows(cur, "indicator_table", period, area_id)
    name = f"bosocdata-{period or 'alle'}{'-' + area_id if area_id else ''}.csv"
    return _attachment(_csv(columns, rows), "text/csv; charset=utf-8", name)


@router.get("/eksport/pdf/aarsrapport")
def export_yearly_pdf(request: Request, year: str | None = None) -> Response:
    """The yearly report of the areas the user may see."""
    lang = language_of(request)
    with zone_of(request).cursor() as cur:
        period = chosen_year(year, q.periods(cur))
    # Rendered by a worker process (web/jobs), which reads the user's areas itself: the
    # request answers at once.
    return start_job(request, "yearly", f"aarsrapport-{period}.pdf", lang, (period, ""))


@router.get("/eksport/pdf/omraade/{area_id}")
def export_area_pdf(request: Request, area_id: str, year: str | None = None) -> Response:
    """One area's profile as a PDF for a board meeting."""
    lang = language_of(request)
    with zone_of(request).cursor() as cur:
        period = chosen_year(year, q.periods(cur))
        if area_id not in q.areas(cur):
            raise PageError(404, "not_found_title", "not_found_area", id=area_id)
    name = f"omraade-{area_id}-{period}.pdf"
    return start_job(request, "area", name, lang, (period, area_id))


@router.get("/eksport/pdf/indsats/{intervention_id}")
def export_evaluation_pdf(request: Request, intervention_id: str) -> Response:
    """One intervention's evaluation as a PDF for a board meeting."""
    lang = language_of(request)
    with zone_of(request).cursor() as cur:
        if intervention_id not in ev.interventions(cur):
            raise PageError(404, "not_found_title", "eval_not_found")
        latest = max(q.periods(cur), default=0)
    name = f"evaluering-{file_stem(intervention_id)}.pdf"
    return start_job(request, "evaluation", name, lang, (latest, intervention_id))


def _table_export(table: str) -> Any:
    def export_table(
        request: Request,
        format: str | None = None,
        year: str | None = None,
        area_id: str | None = None,
        sep: str | None = None,
        decimal: str | None = None,
    ) -> Response:
        return table_response(request, table, format, year, area_id, sep, decimal)

    export_table.__doc__ = f"The published table `{table}` as CSV or Excel."
    return export_table


def table_response(
    request: Request,
    table: str,
    format: str | None,
    year: str | None,
    area_id: str | None,
    sep: str | None,
    decimal: str | None,
) -> Response:
    """A published table as CSV or Excel; `year=alle` for every year."""
    kind = format or "csv"
    if kind not in FORMATS:
        raise PageError(400, "bad_request_title", "bad_parameter", name="format")
    separator = _choice(sep, SEPARATORS, ",", "sep")
    decimal_mark = _choice(decimal, DECIMALS, ".", "decimal")
    if separator == decimal_mark:
        raise PageError(400, "bad_request_title", "bad_parameter", name="decimal")
    people = kind == "xlsx" or decimal_mark == ","  # the downloads for people
    t = translator_for(request)
    with zone_of(request).cursor() as cur:
        # a table without a time column (the evaluation's periods are event times too)
        # is exported whole; the year asked is checked all the same
        period = _period(cur, year)
        if qa.TIME_COLUMNS.get(table, "period") is None:
            period = None
        if area_id is not None and area_id not in q.areas(cur):
            raise PageError(404, "not_found_title", "not_found_area", id=area_id)
        columns, rows = table_rows(cur, table, period, area_id)
        if people:
            meta = q.meta(cur)
            body = (
                people_workbook(cur, table, rows, t, meta)
                if kind == "xlsx"
                else people_csv(cur, table, rows, t, separator, decimal_mark)
            )
    stem = f"bosocdata-{table}-{period or 'alle'}{'-' + area_id if area_id else ''}"
    if kind == "xlsx":
        return _attachment(
            body,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{stem}.xlsx",
        )
    if people:
        return _attachment(body, "text/csv; charset=utf-8", f"{stem}.csv")
    body = _csv(columns, rows, sep=separator, decimal=decimal_mark)
    return _attachment(body, "text/csv; charset=utf-8", f"{stem}.csv")


# One fixed route per table (not a path parameter): the audit log's path names the table.
for _table in TABLES:
    router.add_api_route(f"/eksport/{_table}", cached(_table_export(_table)), methods=["GET"])
