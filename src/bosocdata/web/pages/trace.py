"""How an area's index, points and need were made: `/omraade/{area_id}/beregning`,
the `contributions` rows of one area and year (split from the profile, profile_page.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from bosocdata.presentation import assessment_tables as qa
from bosocdata.presentation import queries as q
from bosocdata.presentation.cells import area_name
from bosocdata.presentation.numbers import format_number
from bosocdata.presentation.ranking import contribution_sentence
from bosocdata.web.page_cache import cached
from bosocdata.web.rendering import (
    Formatter,
    PageError,
    chosen_year,
    render,
    translator_for,
    url,
    zone_of,
)

router = APIRouter()


def _number(fmt: Formatter, x: Any, decimals: int) -> str:
    return format_number(None if x is None else float(x), decimals, fmt.language)


@dataclass(frozen=True)
class TraceRow:
    name: str
    theme: str
    value: str
    benchmark: str
    normalised: str
    weight: str
    contribution: str
    points: str
    excess: str
    sentence: str = ""


@router.get("/omraade/{area_id}/beregning", response_class=HTMLResponse)
@cached
def area_trace(request: Request, area_id: str, year: str | None = None) -> HTMLResponse:
    """The `contributions` rows of one area and year: how its index, points and need
    were made from the indicator values."""
    t = translator_for(request)
    fmt = Formatter(t.language)
    with zone_of(request).cursor() as cur:
        available = q.periods(cur)
        period = chosen_year(year, available)
        areas = q.areas(cur)
        if area_id not in areas:
            raise PageError(404, "not_found_title", "not_found_area", id=area_id)
        catalogue = q.indicators(cur)
        rows = qa.rows_of(cur, "contributions", period=period, area_id=area_id)
        found = qa.area_assessment(cur, area_id, period)
        meta = q.meta(cur)
    name = area_name(area_id, areas, t)
    normalisation = str((found.index or {}).get("normalisation") or "zscore_municipality")
    shown = []
    total = 0.0
    for r in rows:
        info = catalogue.get(r["indicator_id"])
        unit = r.get("unit")
        if r.get("contribution") is not None:
            total += float(r["contribution"])
        excess = (
            ""
            if r.get("excess") is None
            else f"{fmt.count(r['excess'])} ({fmt.count(r.get('excess_low'))}–"
            f"{fmt.count(r.get('excess_high'))})"
        )
        indicator = info.name(t.language) if info else r["indicator_id"]
        sentence = ""
        if r.get("in_index"):
            sentence = contribution_sentence(
                name=indicator,
                value=r.get("value"),
                benchmark=r.get("benchmark"),
                unit=unit,
                normalised=r.get("normalised"),
                weight=r.get("effective_weight"),
                contribution=r.get("contribution"),
                normalisation=normalisation,
                language=t.language,
            )
        shown.append(
            TraceRow(
                indicator,
                t.maybe("theme_" + str(r.get("theme")), str(r.get("theme") or "")),
                fmt.value(r.get("value"), unit),
                fmt.value(r.get("benchmark"), unit),
                _number(fmt, r.get("normalised"), 2),
                _number(fmt, r.get("effective_weight"), 3),
                _number(fmt, r.get("contribution"), 3),
                _number(fmt, r.get("points"), 0),
                excess or "–",
                sentence,
            )
        )
    index = (found.index or {}).get("index")
    return render(
        request,
        "trace.html",
        meta=meta,
        area_id=area_id,
        name=name,
        year=period,
        years=available,
        rows=shown,
        total=_number(fmt, total, 3),
        index=_number(fmt, index, 3),
        back=url(f"/omraade/{area_id}", year=period),
    )
