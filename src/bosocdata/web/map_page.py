"""The map page `/kort`: area polygons as server-rendered SVG, coloured by an indicator or
by the vulnerability index (`indicator=index`, from the published `index` table)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from bosocdata.presentation.numbers import format_number
from bosocdata.presentation.vocabulary import Vocabulary
from bosocdata.web import assessment as qa
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
INDEX_CHOICE = "index"


def housing_areas(areas: dict[str, q.Area]) -> list[str]:
    return sorted(
        (a for a in areas if a not in (q.ALL_ID, q.REST_ID)),
        key=lambda a: danish_sort_key(areas[a].name),
    )


def map_view(
    areas: dict[str, q.Area],
    values: dict[str, float | None],
    titles: dict[str, str],
    label: Callable[[float], str],
    period: int,
    t: Vocabulary,
    *,
    width: int = MAP_WIDTH,
) -> MapView | None:
    """The polygons of the housing areas coloured by `values` (five equal-width classes),
    with `titles` as hover text; None when no area has a polygon."""
    shaped = {a: polygons_of(areas[a].geometry) for a in housing_areas(areas)}
    shaped = {a: polys for a, polys in shaped.items() if polys}
    if not shaped:
        return None
    numbers = [v for a in shaped for v in [values.get(a)] if v is not None]
    breaks = class_breaks(numbers) if numbers else []
    rings = [ring for polys in shaped.values() for poly in polys for ring in poly]
    project = Projection(rings, width)
    view = MapView(width, project.height)
    for a, polys in shaped.items():
        path = " ".join(ring_path(ring, project) for poly in polys for ring in poly)
        label_x, label_y = centroid(max((p[0] for p in polys), key=len), project)
        view.shapes.append(
            MapShape(
                a,
                path,
                colour_for(values.get(a), breaks) if breaks else MAP_MISSING,
                titles.get(a, areas[a].name),
                url(f"/omraade/{a}", year=period),
                areas[a].name,
                f"{label_x:.1f}",
                f"{label_y:.1f}",
            )
        )
    if breaks:
        view.legend = [
            MapLegendItem(MAP_PALETTE[i], f"{label(breaks[i])}–{label(breaks[i + 1])}")
            for i in range(len(MAP_PALETTE))
            if i == 0 or breaks[i] != breaks[i + 1]
        ]
    view.legend.append(MapLegendItem(MAP_MISSING, t("map_missing")))
    return view


def cell_titles(
    cells: dict[str, q.Cell], areas: dict[str, q.Area], t: Vocabulary
) -> dict[str, str]:
    titles = {}
    for a in housing_areas(areas):
        shown = show_cell(cells.get(a), t)
        name = areas[a].name
        titles[a] = (
            f"{name}: {t('suppressed_title')}"
            if shown.suppressed
            else f"{name}: {shown.value} ({t('interval')} {shown.interval})"
        )
    return titles


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
        has_index = qa.has_table(cur, "index")
        if has_index:
            choices = [INDEX_CHOICE, *choices]
        if indicator in (None, ""):
            chosen = q.RESIDENTS_INDICATOR if q.RESIDENTS_INDICATOR in choices else choices[0]
        elif indicator in choices:
            chosen = indicator
        else:
            raise PageError(400, "bad_request_title", "bad_parameter", name="indicator")
        areas = q.areas(cur)
        if chosen == INDEX_CHOICE:
            index_rows = {r["area_id"]: r for r in qa.rows_of(cur, "index", period=period)}
            cells: dict[str, q.Cell] = {}
        else:
            index_rows = {}
            cells = {c.area_id: c for c in q.cells(cur, period=period, indicator_id=chosen)}
        meta = q.meta(cur)

    options = [
        (i, t("index_option") if i == INDEX_CHOICE else catalogue[i].name(t.language))
        if i == INDEX_CHOICE or i in catalogue
        else (i, i)
        for i in choices
    ]
    table: list[tuple[str, str, object]]
    if chosen == INDEX_CHOICE:
        view, table = _index_map(areas, index_rows, period, t, fmt)
    else:
        unit = cells[next(iter(cells))].unit if cells else None
        view = map_view(
            areas,
            {a: c.value for a, c in cells.items()},
            cell_titles(cells, areas, t),
            lambda v: fmt.value(v, unit),
            period,
            t,
        )
        table = [
            (
                area_name(a, areas, t),
                url(f"/omraade/{a}", year=period),
                show_cell(cells.get(a), t),
            )
            for a in housing_areas(areas)
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
        is_index=chosen == INDEX_CHOICE,
        any_suppressed=any(c.suppressed for c in cells.values()),
    )


def _index_map(
    areas: dict[str, q.Area],
    rows: dict[str, dict[str, object]],
    period: int,
    t: Vocabulary,
    fmt: Formatter,
) -> tuple[MapView | None, list[tuple[str, str, object]]]:
    def two(v: object) -> str:
        return format_number(None if v is None else float(v), 2, fmt.language)  # type: ignore[arg-type]

    values: dict[str, float | None] = {}
    titles: dict[str, str] = {}
    table: list[tuple[str, str, object]] = []
    for a in housing_areas(areas):
        row = rows.get(a, {})
        index = row.get("index")
        values[a] = None if index is None else float(index)  # type: ignore[arg-type]
        name = areas[a].name
        if row.get("rank") is None:
            titles[a] = t("index_title_unranked", name=name, value=two(index))
            rank = t("not_ranked")
        else:
            rank = t(
                "rank_text",
                rank=fmt.count(row["rank"]),  # type: ignore[arg-type]
                n=fmt.count(row.get("n_ranked")),  # type: ignore[arg-type]
                low=fmt.count(row.get("rank_low")),  # type: ignore[arg-type]
                high=fmt.count(row.get("rank_high")),  # type: ignore[arg-type]
            )
            titles[a] = f"{name}: {t('index_name').lower()} {two(index)}, {rank}"
        table.append(
            (
                area_name(a, areas, t),
                url(f"/omraade/{a}", year=period),
                {"index": two(index), "rank": rank},
            )
        )
    view = map_view(areas, values, titles, two, period, t)
    return view, table
