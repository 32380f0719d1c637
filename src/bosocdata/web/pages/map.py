"""The map page `/kort` and its GeoJSON download `/eksport/kort.geojson`.

Layers (`indicator=`): an indicator, the vulnerability index (`index`) or the BoSocData
category (`category`). Every housing area is drawn: its polygon, or a marker in its
district where the delivery has no polygon (with a note); the municipality's outline and
districts behind them (presentation/charts/area_map.py). The legend's classes span every
area's value.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bosocdata.presentation import assessment_tables as qa
from bosocdata.presentation import queries as q
from bosocdata.presentation.cells import area_name, danish_sort_key, show_cell
from bosocdata.presentation.charts import (
    MAP_MISSING,
    MAP_PALETTE,
    class_breaks,
    colour_for,
    polygons_of,
)
from bosocdata.presentation.charts.area_map import DrawnMap, LegendItem, draw_map, load_basemap
from bosocdata.presentation.numbers import format_number
from bosocdata.presentation.vocabulary import Vocabulary
from bosocdata.web.page_cache import cached
from bosocdata.web.pages.area import rank_text
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
INDEX_CHOICE = "index"
CATEGORY_CHOICE = "category"
CATEGORY_FILLS = {
    "saerligt_udsat": "#c62828",
    "udsat": "#f08c3a",
    "risiko": "#f5d547",
    "uden_for_risiko": "#7cc47a",
    "for_lille": "#bdbdbd",
    "ukendt": MAP_MISSING,
}


def housing_areas(areas: dict[str, q.Area]) -> list[str]:
    return sorted(
        (a for a in areas if a not in (q.ALL_ID, q.REST_ID)),
        key=lambda a: danish_sort_key(areas[a].name),
    )


@dataclass(frozen=True)
class Layer:
    """What the chosen layer gives each area: a fill, a hover text, the words of the
    table row, and the legend."""

    fills: dict[str, str]
    titles: dict[str, str]
    values: dict[str, Any]  # the number (or category) per area, for the download
    shown: dict[str, str]  # the value as on screen
    legend: list[LegendItem]
    note: str = ""  # what the colours mean, above the legend


def _classes(
    values: dict[str, float | None],
    label: Callable[[float], str],
    t: Vocabulary,
    *,
    low_is_worse: bool = False,
) -> tuple[dict[str, str], list[LegendItem]]:
    """Five equal-width classes over every area's value; the legend lists each class
    that holds a value range, and the grey of no value when an area has none. The
    darkest red is the worst class: the highest values, or the lowest where
    `low_is_worse` (an indicator whose direction is `down_is_worse`, such as income)."""
    numbers = [v for v in values.values() if v is not None]
    if not numbers:
        return dict.fromkeys(values, MAP_MISSING), [LegendItem(MAP_MISSING, t("map_missing"))]
    palette = MAP_PALETTE[::-1] if low_is_worse else MAP_PALETTE
    breaks = class_breaks(numbers)
    fills = {a: colour_for(v, breaks, palette) for a, v in values.items()}
    legend = [
        LegendItem(palette[i], f"{label(breaks[i])}–{label(breaks[i + 1])}")
        for i in range(len(palette))
        if i == 0 or breaks[i] != breaks[i + 1]
    ]
    if any(v is None for v in values.values()):
        legend.append(LegendItem(MAP_MISSING, t("map_missing")))
    return fills, legend


def indicator_layer(
    cells: dict[str, q.Cell], ids: list[str], areas: dict[str, q.Area], t: Vocabulary,
    fmt: Formatter,
) -> Layer:  # fmt: skip
    unit = next((c.unit for c in cells.values()), None)
    direction = next((c.direction for c in cells.values() if c.direction), None)
    values = {a: (cells[a].value if a in cells else None) for a in ids}
    low_is_worse = direction == "down_is_worse"
    fills, legend = _classes(values, lambda v: fmt.value(v, unit), t, low_is_worse=low_is_worse)
    titles, shown = {}, {}
    for a in ids:
        cell = show_cell(cells.get(a), t)
        shown[a] = t("suppressed_title") if cell.suppressed else cell.value
        titles[a] = f"{areas[a].name}: {shown[a]}" + (
            "" if cell.suppressed or cell.interval in ("", "–") else
            f" ({t('interval')} {cell.interval})"
        )  # fmt: skip
    note = t.maybe(f"map_legend_{direction}", "") if direction else ""
    return Layer(fills, titles, values, shown, legend, note)


def index_layer(
    rows: dict[str, dict[str, Any]], ids: list[str], areas: dict[str, q.Area], t: Vocabulary,
    fmt: Formatter,
) -> Layer:  # fmt: skip
    def two(v: float) -> str:
        return format_number(v, 2, fmt.language)

    values = {
        a: None if rows.get(a, {}).get("index") is None else float(rows[a]["index"]) for a in ids
    }
    fills, legend = _classes(values, two, t)
    titles, shown = {}, {}
    for a in ids:
        v = values[a]
        shown[a] = "–" if v is None else two(v)
        where = rank_text(rows.get(a, {}), t, fmt)
        titles[a] = f"{areas[a].name}: {t('index_name').lower()} {shown[a]}, {where}"
    return Layer(fills, titles, values, shown, legend, t("map_index_legend"))


def category_layer(
    rows: dict[str, dict[str, Any]], ids: list[str], areas: dict[str, q.Area], t: Vocabulary
) -> Layer:
    values = {a: str(rows.get(a, {}).get("category") or "ukendt") for a in ids}
    fills = {a: CATEGORY_FILLS.get(c, MAP_MISSING) for a, c in values.items()}
    shown = {a: t.maybe("cat_" + c, c) for a, c in values.items()}
    titles = {a: f"{areas[a].name}: {shown[a]}" for a in ids}
    used = set(values.values())
    legend = [
        LegendItem(fill, t.maybe("cat_" + c, c)) for c, fill in CATEGORY_FILLS.items() if c in used
    ]
    return Layer(fills, titles, values, shown, legend)


@dataclass(frozen=True)
class MapData:
    period: int
    years: list[int]
    chosen: str
    options: list[tuple[str, str]]
    areas: dict[str, q.Area]
    ids: list[str]
    layer: Layer
    any_suppressed: bool
    meta: dict[str, str]


def map_data(request: Request, indicator: str | None, year: str | None) -> MapData:
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
        if qa.has_table(cur, "categorisation"):
            choices = [CATEGORY_CHOICE, *choices]
        if qa.has_table(cur, "index"):
            choices = [INDEX_CHOICE, *choices]
        if indicator in (None, ""):
            chosen = q.RESIDENTS_INDICATOR if q.RESIDENTS_INDICATOR in choices else choices[0]
        elif indicator in choices:
            chosen = indicator
        else:
            raise PageError(400, "bad_request_title", "bad_parameter", name="indicator")
        areas = q.areas(cur)
        ids = housing_areas(areas)
        cells: dict[str, q.Cell] = {}
        if chosen in (INDEX_CHOICE, CATEGORY_CHOICE):
            table = "index" if chosen == INDEX_CHOICE else "categorisation"
            rows = {r["area_id"]: r for r in qa.rows_of(cur, table, period=period)}
        else:
            cells = {c.area_id: c for c in q.cells(cur, period=period, indicator_id=chosen)}
        meta = q.meta(cur)
    if chosen == INDEX_CHOICE:
        layer = index_layer(rows, ids, areas, t, fmt)
    elif chosen == CATEGORY_CHOICE:
        layer = category_layer(rows, ids, areas, t)
    else:
        layer = indicator_layer(cells, ids, areas, t, fmt)
    names = {INDEX_CHOICE: t("index_option"), CATEGORY_CHOICE: t("category")}
    options = [
        (i, names.get(i) or (catalogue[i].name(t.language) if i in catalogue else i))
        for i in choices
    ]
    return MapData(
        period, available, chosen, options, areas, ids, layer,
        any(c.suppressed for a, c in cells.items() if a in ids), meta,
    )  # fmt: skip


def indicator_map(
    request: Request,
    cells: dict[str, q.Cell],
    areas: dict[str, q.Area],
    period: int,
    *,
    width: int,
) -> DrawnMap | None:
    """The map of one indicator, for the indicator page."""
    t = translator_for(request)
    ids = housing_areas(areas)
    layer = indicator_layer(cells, ids, areas, t, Formatter(t.language))
    drawn = draw_map(
        [(a, areas[a].name, areas[a].geometry, areas[a].district) for a in ids],
        layer.fills,
        layer.titles,
        lambda a: url(f"/omraade/{a}", year=period),
        load_basemap(request.app.state.basemap),
        width=width,
    )
    if drawn is not None:
        drawn.legend = layer.legend
        drawn.legend_note = layer.note
    return drawn


@router.get("/kort", response_class=HTMLResponse)
@cached
def map_page(
    request: Request, indicator: str | None = None, year: str | None = None
) -> HTMLResponse:
    t = translator_for(request)
    data = map_data(request, indicator, year)
    areas = data.areas
    drawn: DrawnMap | None = draw_map(
        [(a, areas[a].name, areas[a].geometry, areas[a].district) for a in data.ids],
        data.layer.fills,
        data.layer.titles,
        lambda a: url(f"/omraade/{a}", year=data.period),
        load_basemap(request.app.state.basemap),
    )
    if drawn is not None:
        drawn.legend = data.layer.legend
    indicator_name = dict(data.options)[data.chosen]
    table = [
        (
            area_name(a, areas, t),
            url(f"/omraade/{a}", year=data.period),
            data.layer.shown[a],
            t("map_drawn_polygon") if polygons_of(areas[a].geometry) else t("map_drawn_marker"),
        )
        for a in data.ids
    ]
    return render(
        request,
        "map.html",
        meta=data.meta,
        year=data.period,
        years=data.years,
        indicator=data.chosen,
        indicator_name=indicator_name,
        options=data.options,
        view=drawn,
        table=table,
        legend_note=data.layer.note,
        n_markers=len(drawn.markers) if drawn else 0,
        geojson_href=url("/eksport/kort.geojson", indicator=data.chosen, year=data.period),
        any_suppressed=data.any_suppressed,
    )


@router.get("/eksport/kort.geojson")
@cached
def map_geojson(
    request: Request, indicator: str | None = None, year: str | None = None
) -> Response:
    """The map as shown: each area's polygon (or no geometry where none was delivered)
    with its name, the layer's value as a number or code and as on screen, and the fill."""
    data = map_data(request, indicator, year)
    features = []
    for a in data.ids:
        area = data.areas[a]
        geometry = (
            json.loads(area.geometry) if area.geometry and polygons_of(area.geometry) else None
        )
        if isinstance(geometry, dict) and geometry.get("type") == "Feature":
            geometry = geometry.get("geometry")
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "area_id": a,
                    "name": area.name,
                    "district": area.district,
                    "year": data.period,
                    "layer": data.chosen,
                    "value": data.layer.values.get(a),
                    "shown": data.layer.shown.get(a),
                    "fill": data.layer.fills.get(a),
                },
            }
        )
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    name = f"kort-{data.chosen}-{data.period}.geojson"
    return Response(
        body,
        media_type="application/geo+json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
