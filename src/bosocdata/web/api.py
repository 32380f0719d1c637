"""JSON endpoints: the same published rows the pages show, nothing more."""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Request

from bosocdata.presentation import queries as q
from bosocdata.presentation.zone import NotPublished, PublishedZone
from bosocdata.web.rendering import PageError, chosen_year, zone_of

router = APIRouter()


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def health(zone: PublishedZone) -> dict[str, Any]:
    """The application runs; `published` says whether there is anything to show."""
    try:
        computed_at = zone.computed_at()
    except NotPublished:
        return {"status": "ok", "published": False}
    return {"status": "ok", "published": True, "computed_at": computed_at}


@router.get("/healthz")
def healthz(request: Request) -> dict[str, Any]:
    """As `health`. The gate (web/auth/gate.py) answers `GET /healthz` itself, before any
    thread pool, so that a server busy with pages still answers at once; this route is
    what the route table shows."""
    return health(request.app.state.zone)


@router.get("/api/areas")
def api_areas(request: Request, year: str | None = None) -> dict[str, Any]:
    """Every area with its residents in `year` (default the latest period)."""
    with zone_of(request).cursor() as cur:
        period = chosen_year(year, q.periods(cur))
        areas = q.areas(cur)
        residents = {
            c.area_id: c for c in q.cells(cur, period=period, indicator_id=q.RESIDENTS_INDICATOR)
        }
    rows = []
    for area_id, area in areas.items():
        cell = residents.get(area_id)
        rows.append(
            {
                "area_id": area_id,
                "name": area.name,
                "housing_organisation": area.housing_organisation,
                "district": area.district,
                "residents": None if cell is None else _jsonable(cell.denominator),
                "suppressed": bool(cell and cell.suppressed),
            }
        )
    return {"year": period, "areas": rows}


@router.get("/api/indicator_table")
def api_indicator_table(
    request: Request, year: str | None = None, area_id: str | None = None
) -> dict[str, Any]:
    """Published rows of the indicator table for `year` (default the latest), one area or all."""
    with zone_of(request).cursor() as cur:
        period = chosen_year(year, q.periods(cur))
        if area_id is not None and area_id not in q.areas(cur):
            raise PageError(404, "not_found_title", "not_found_area", id=area_id)
        rows = q.published_rows(cur, period=period, area_id=area_id)
    return {
        "year": period,
        "rows": [{k: _jsonable(v) for k, v in row.items()} for row in rows],
    }
