"""`/eksport`: the published indicator table of what the user may see, as CSV.

The same rows as `bosoc export --zone published` (disclosure control applied, suppressed
cells empty), limited to the user's areas. Viewers may not export; every export is in the
audit log (both done by `guard.py`, as for every route under `/eksport`).
"""

from __future__ import annotations

import csv
import io
import math

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bosocdata.web import queries as q
from bosocdata.web.rendering import PageError, chosen_year, zone_of

router = APIRouter()

CONTRACT_COLUMNS = (
    "area_id",
    "area_name",
    "period",
    "indicator_id",
    "unit",
    "numerator",
    "denominator",
    "value",
    "ci_low",
    "ci_high",
    "benchmark",
    "comparison",
    "suppressed",
)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@router.get("/eksport")
def export_csv(request: Request, year: str | None = None, area_id: str | None = None) -> Response:
    """The indicator table of `year` (default the latest; `alle` for every year)."""
    with zone_of(request).cursor() as cur:
        every_year = year is not None and year.strip().lower() in ("alle", "all")
        period = None if every_year else chosen_year(year, q.periods(cur))
        if area_id is not None and area_id not in q.areas(cur):
            raise PageError(404, "not_found_title", "not_found_area", id=area_id)
        rows = q.published_rows(cur, period=period, area_id=area_id)
        columns = q.table_columns(cur, "indicator_table")
    ordered = [c for c in CONTRACT_COLUMNS if c in columns]
    ordered += [c for c in columns if c not in ordered]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ordered)
    writer.writerows([_text(row.get(c)) for c in ordered] for row in rows)
    name = f"bosocdata-{period or 'alle'}{'-' + area_id if area_id else ''}.csv"
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
