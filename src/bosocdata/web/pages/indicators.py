"""The HTML pages: overview, area profile, indicator, indicator list, map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from bosocdata.presentation import queries as q
from bosocdata.presentation.cells import (
    ShownCell,
    area_name,
    danish_sort_key,
    ordered_area_ids,
    readable_source,
    show_cell,
)
from bosocdata.presentation.charts import BarScale, funnel_plot
from bosocdata.presentation.charts.funnel import funnel_x_end
from bosocdata.presentation.featured import front_page_indicators
from bosocdata.presentation.vocabulary import Vocabulary
from bosocdata.statistics import funnel_curve
from bosocdata.web.page_cache import cached
from bosocdata.web.pages.map import indicator_map
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


@dataclass(frozen=True)
class Column:
    indicator_id: str
    name: str
    unit_label: str
    href: str


@dataclass(frozen=True)
class OverviewRow:
    area_id: str
    name: str
    href: str
    kind: str  # all / rest / area
    residents: ShownCell
    cells: list[ShownCell]


def _unit_label(unit: str | None, t: Vocabulary) -> str:
    return t(f"unit_{unit}") if unit in {"pct", "per100hh", "per1000", "dkk", "ratio"} else ""


def _kind(area_id: str) -> str:
    return {q.ALL_ID: "all", q.REST_ID: "rest"}.get(area_id, "area")


def _indicator_name(indicator_id: str, catalogue: dict[str, q.Indicator], lang: str) -> str:
    found = catalogue.get(indicator_id)
    return found.name(lang) if found else indicator_id


@router.get("/", response_class=HTMLResponse)
@cached
def overview(request: Request, year: str | None = None) -> HTMLResponse:
    t = translator_for(request)
    with zone_of(request).cursor() as cur:
        available = q.periods(cur)
        period = chosen_year(year, available)
        areas = q.areas(cur)
        catalogue = q.indicators(cur)
        cells = q.cells(cur, period=period)
        meta = q.meta(cur)
    by_key = {(c.area_id, c.indicator_id): c for c in cells}
    present = {c.indicator_id for c in cells}
    columns = [
        Column(
            i,
            _indicator_name(i, catalogue, t.language),
            _unit_label(next(c.unit for c in cells if c.indicator_id == i), t),
            url(f"/indikator/{i}", year=period),
        )
        for i in front_page_indicators()
        if i in present
    ]
    area_ids = ordered_area_ids(areas)
    area_ids += sorted({c.area_id for c in cells} - set(area_ids))
    rows = [
        OverviewRow(
            area_id=a,
            name=area_name(a, areas, t),
            href=url(f"/omraade/{a}", year=period),
            kind=_kind(a),
            residents=show_cell(by_key.get((a, q.RESIDENTS_INDICATOR)), t),
            cells=[
                show_cell(by_key.get((a, col.indicator_id)), t, is_benchmark_row=a == q.ALL_ID)
                for col in columns
            ],
        )
        for a in area_ids
    ]
    return render(
        request,
        "overview.html",
        meta=meta,
        year=period,
        years=available,
        columns=columns,
        rows=rows,
        any_suppressed=any(c.suppressed for c in cells),
    )


@dataclass(frozen=True)
class IndicatorRow:
    area_id: str
    name: str
    href: str
    kind: str
    cell: ShownCell
    bar: object


SORTS = ("name", "value", "denominator")
ORDERS = ("asc", "desc")


def _checked(raw: str | None, allowed: tuple[str, ...], name: str) -> str:
    if raw is None or raw == "":
        return allowed[0]
    if raw not in allowed:
        raise PageError(400, "bad_request_title", "bad_parameter", name=name)
    return raw


@router.get("/indikator/{indicator_id}", response_class=HTMLResponse)
@cached
def indicator_page(
    request: Request,
    indicator_id: str,
    year: str | None = None,
    sort: str | None = None,
    order: str | None = None,
) -> HTMLResponse:
    t = translator_for(request)
    sort_by = _checked(sort, SORTS, "sort")
    direction = _checked(order, ORDERS, "order")
    with zone_of(request).cursor() as cur:
        available = q.periods(cur)
        period = chosen_year(year, available)
        catalogue = q.indicators(cur)
        cells = q.cells(cur, period=period, indicator_id=indicator_id)
        if indicator_id not in catalogue and not q.cells(cur, indicator_id=indicator_id):
            raise PageError(404, "not_found_title", "not_found_indicator", id=indicator_id)
        areas = q.areas(cur)
        meta = q.meta(cur)
    info = catalogue.get(indicator_id)
    extras = indicator_extras(request, indicator_id, cells, areas, info, period, t)
    unit = info.unit if info and info.unit else (cells[0].unit if cells else None)
    by_area = {c.area_id: c for c in cells}
    numbers = [
        v for c in cells for v in (c.value, c.ci_low, c.ci_high, c.benchmark) if v is not None
    ]
    scale = BarScale(numbers)
    fixed = [a for a in (q.ALL_ID, q.REST_ID) if a in by_area or a in areas]
    others = sorted(
        (a for a in {*areas, *by_area} if a not in fixed),
        key=lambda a: danish_sort_key(area_name(a, areas, t)),
    )

    def sort_key(a: str) -> tuple[bool, object]:
        c = by_area.get(a)
        if sort_by == "name":
            return False, danish_sort_key(area_name(a, areas, t))
        number = None if c is None else (c.value if sort_by == "value" else c.denominator)
        return number is None, 0.0 if number is None else number

    others.sort(key=sort_key, reverse=direction == "desc")
    # Missing numbers stay last whichever way the table is sorted.
    if direction == "desc" and sort_by != "name":
        others.sort(key=lambda a: sort_key(a)[0])
    rows = [
        IndicatorRow(
            a,
            area_name(a, areas, t),
            url(f"/omraade/{a}", year=period),
            _kind(a),
            show_cell(by_area.get(a), t, is_benchmark_row=a == q.ALL_ID),
            scale.bar(
                *(
                    (None, None, None, None)
                    if a not in by_area
                    else (
                        by_area[a].value,
                        by_area[a].ci_low,
                        by_area[a].ci_high,
                        by_area[a].benchmark,
                    )
                )
            ),
        )
        for a in fixed + others
    ]
    benchmark = next((c.benchmark for c in cells if c.benchmark is not None), None)
    sort_links = {
        key: url(
            f"/indikator/{indicator_id}",
            year=period,
            sort=key,
            order="desc" if sort_by == key and direction == "asc" else "asc",
        )
        for key in SORTS
    }
    return render(
        request,
        "indicator.html",
        meta=meta,
        indicator_id=indicator_id,
        info=info,
        source=readable_source(info.source) if info and info.source else "",
        name=_indicator_name(indicator_id, catalogue, t.language),
        unit_label=_unit_label(unit, t),
        benchmark=Formatter(t.language).value(benchmark, unit),
        year=period,
        years=available,
        rows=rows,
        sort=sort_by,
        order=direction,
        sort_links=sort_links,
        any_suppressed=any(c.suppressed for c in cells),
        **extras,
    )


def indicator_extras(
    request: Request,
    indicator_id: str,
    cells: list[q.Cell],
    areas: dict[str, q.Area],
    info: q.Indicator | None,
    period: int,
    t: Vocabulary,
) -> dict[str, Any]:
    """The funnel plot and the map of one indicator in one year."""
    fmt = Formatter(t.language)
    unit = info.unit if info and info.unit else (cells[0].unit if cells else None)
    name = _indicator_name(indicator_id, {indicator_id: info} if info else {}, t.language)
    by_area = {c.area_id: c for c in cells}
    benchmark = next((c.benchmark for c in cells if c.benchmark is not None), None)
    points = [
        (
            c.denominator,
            c.value,
            f"{area_name(c.area_id, areas, t)}: {fmt.value(c.value, unit)} "
            f"({fmt.interval(c.ci_low, c.ci_high, unit)}), "
            f"{t('denominator').lower()} {fmt.count(c.denominator)}",
            c.comparison if c.comparison in ("better", "similar", "worse") else "none",
            url(f"/omraade/{c.area_id}", year=period),
        )
        for c in cells
        if c.area_id not in (q.ALL_ID, q.REST_ID)
        and c.value is not None
        and c.denominator
        and not c.suppressed
    ]
    funnel = None
    if benchmark is not None and unit and len(points) >= 2:
        top = funnel_x_end([float(p[0] or 0.0) for p in points])
        grid = np.linspace(max(top / 400, 1.0), top, 120)
        try:
            curve = funnel_curve(unit, benchmark, grid)
        except (ValueError, KeyError):
            curve = None  # a unit without funnel limits (e.g. a mean income)
        if curve is not None:
            funnel = funnel_plot(
                points,
                {c: curve[c].tolist() for c in curve.columns},
                benchmark,
                fmt.count,
                lambda v: fmt.value(v, unit),
                language=t.language,
            )
    view = indicator_map(request, by_area, areas, period, width=560)
    return {
        "funnel": funnel,
        "funnel_desc": t("funnel_desc", name=name, year=period),
        "map": view,
        "map_caption": t("map_caption", indicator=name, year=period),
    }


@router.get("/indikatorer", response_class=HTMLResponse)
@cached
def indicator_list(request: Request) -> HTMLResponse:
    with zone_of(request).cursor() as cur:
        catalogue = q.indicators(cur)
        meta = q.meta(cur)
    return render(request, "indicators.html", meta=meta, indicators=list(catalogue.values()))
