"""The map page `/kort`: area polygons as server-rendered SVG, coloured by an indicator."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from bosocdata.web import queries as q
from bosocdata.web.present import area_name, danish_sort_key, show_cell
from bosocdata.web.rendering import (
    Formatter,
    PageError,
    chosen_year,
    render,
    translator_for,
    url,
    zone_of,
)
from bosocdata.web.svg import (
    MAP_MISSING,
    MAP_PALETTE,
    MapLegendItem,
    MapShape,
    MapView,
    Projection,
    centroid,
    class_breaks,
    colour_for,
    polygons_of,
    ring_path,
)

router = APIRouter()
MAP_WIDTH = 760


@router.get("/kort", response_class=HTMLResponse)
def map_page(
    request: Request, indicator: str | None = None, year: str | None = None
) -> HTMLResponse:
    t = translator_for(request)
    fmt = Formatter(t.language)
    with zone_of(request).cursor() as cur:
        available = q.periods(cur)
        period = chosen_year(year, available)
        catalogue = q.indicators(cur)
        present = sorted({c.indicator_id for c in q.cells(cur, period=period)})
        choices = [i for i in catalogue if i in present] + [
            i for i in present if i not in catalogue
        ]
        if indicator in (None, ""):
            chosen = q.RESIDENTS_INDICATOR if q.RESIDENTS_INDICATOR in choices else choices[0]
        elif indicator in choices:
            chosen = indicator
        else:
            raise PageError(400, "bad_request_title", "bad_parameter", name="indicator")
        cells = {c.area_id: c for c in q.cells(cur, period=period, indicator_id=chosen)}
        areas = q.areas(cur)
        meta = q.meta(cur)

    housing = sorted(
        (a for a in areas if a not in (q.ALL_ID, q.REST_ID)),
        key=lambda a: danish_sort_key(areas[a].name),
    )
    shaped = {a: polygons_of(areas[a].geometry) for a in housing}
    shaped = {a: polys for a, polys in shaped.items() if polys}
    values: list[float] = [
        v for a in shaped if a in cells for v in [cells[a].value] if v is not None
    ]
    breaks = class_breaks(values) if values else []
    unit = cells[next(iter(cells))].unit if cells else None
    view = None
    if shaped:
        rings = [ring for polys in shaped.values() for poly in polys for ring in poly]
        project = Projection(rings, MAP_WIDTH)
        view = MapView(MAP_WIDTH, project.height)
        for a, polys in shaped.items():
            cell = cells.get(a)
            shown = show_cell(cell, t)
            value = None if cell is None else cell.value
            name = areas[a].name
            title = (
                f"{name}: {t('suppressed_title')}"
                if shown.suppressed
                else f"{name}: {shown.value} ({t('interval')} {shown.interval})"
            )
            path = " ".join(ring_path(ring, project) for poly in polys for ring in poly)
            label_x, label_y = centroid(max((p[0] for p in polys), key=len), project)
            view.shapes.append(
                MapShape(
                    a,
                    path,
                    colour_for(value, breaks) if breaks else MAP_MISSING,
                    title,
                    url(f"/omraade/{a}", year=period),
                    name,
                    f"{label_x:.1f}",
                    f"{label_y:.1f}",
                )
            )
        if breaks:
            view.legend = [
                MapLegendItem(
                    MAP_PALETTE[i],
                    f"{fmt.value(breaks[i], unit)}–{fmt.value(breaks[i + 1], unit)}",
                )
                for i in range(len(MAP_PALETTE))
                if i == 0 or breaks[i] != breaks[i + 1]
            ]
        view.legend.append(MapLegendItem(MAP_MISSING, t("map_missing")))

    options = [(i, catalogue[i].name(t.language) if i in catalogue else i) for i in choices]
    table = [
        (area_name(a, areas, t), url(f"/omraade/{a}", year=period), show_cell(cells.get(a), t))
        for a in housing
    ]
    return render(
        request,
        "map.html",
        meta=meta,
        year=period,
        years=available,
        indicator=chosen,
        indicator_name=dict(options)[chosen],
        options=options,
        view=view,
        table=table,
        any_suppressed=any(c.suppressed for c in cells.values()),
    )
