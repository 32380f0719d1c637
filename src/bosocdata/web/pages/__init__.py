"""The pages of the web application, one module per page family.

`indicators` (the front page, the catalogue, one indicator across the areas), `area`
(the area profile, with `area_extras`), `trace` (how an area's
assessment was computed), `interventions` (the evaluation of the interventions),
`rankings` (compare, priorities, alerts) and `map` (the map and its GeoJSON). The
drawings, the map's too, are the presentation layer's (`bosocdata.presentation.charts`).
They share the page context of `bosocdata.web.rendering` (the request's
language, user, scope and the published zone) and read the published zone through
`bosocdata.presentation`.
"""

from __future__ import annotations

from fastapi import APIRouter

from bosocdata.web.pages import area, indicators, interventions, map, rankings, trace

ROUTERS: tuple[APIRouter, ...] = (
    indicators.router,
    area.router,
    trace.router,
    interventions.router,
    rankings.router,
    map.router,
)
"""Every page router, in the order the application mounts them."""
