"""The application's own route table, turned into addresses to try.

Built from `app.routes`, so a route added later is tried by every test that uses it
without a change to the tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute
from web_published_fixture import INDICATORS

from bosocdata.web.app import create_app
from bosocdata.web.auth.context import is_export, is_public
from bosocdata.web.auth.guard import AREA_PARAMETERS

INDICATOR_IDS = tuple(i[0] for i in INDICATORS)
OWN_INTERVENTION = "hp2"
"""The intervention of web_evaluation_fixture.py in the partner's own area only."""
_PARAM = re.compile(r"{([^}:]+)(?::[^}]+)?}")


@dataclass(frozen=True)
class Route:
    path: str
    methods: frozenset[str]
    query: tuple[str, ...]


def _flatten(routes: Iterable[BaseRoute], prefix: str = "") -> Iterator[Route]:
    """Every FastAPI route, including those of included routers (which FastAPI keeps as
    one entry per router in `app.routes`)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield Route(
                prefix + route.path,
                frozenset(route.methods),
                tuple(p.alias for p in route.dependant.query_params),
            )
        elif hasattr(route, "original_router"):
            context = getattr(route, "include_context", None)
            yield from _flatten(
                route.original_router.routes, prefix + getattr(context, "prefix", "")
            )


def routes_of(app: FastAPI) -> list[Route]:
    return list(_flatten(app.routes))


def api_routes() -> list[Route]:
    """Every route of a freshly made application (nothing is opened to list them)."""
    return routes_of(create_app(Path("/nonexistent/published/published.duckdb"), auth="login"))


ROUTES = api_routes()
GET_ROUTES = [r for r in ROUTES if "GET" in r.methods]
UNSAFE_ROUTES = [r for r in ROUTES if r.methods & {"POST", "PUT", "PATCH", "DELETE"}]
DATA_ROUTES = [r for r in GET_ROUTES if not is_public(r.path)]
EXPORT_ROUTES = [r for r in GET_ROUTES if is_export(r.path)]


def path_parameters(route: Route) -> list[str]:
    return _PARAM.findall(route.path)


def has_area_parameter(route: Route) -> bool:
    return any(p in AREA_PARAMETERS for p in path_parameters(route))


def fill(route: Route, area: str, indicator: str = INDICATOR_IDS[0], other: str = "x") -> str:
    """The route's path with area parameters set to `area`, indicator ids to `indicator`,
    any other parameter to `other`."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in AREA_PARAMETERS:
            return quote(area, safe="")
        if name.startswith("indicator"):
            return quote(indicator, safe="")
        if name == "intervention_id":  # the partner's own unless a value is being tried
            return quote(OWN_INTERVENTION if other == "x" else other, safe="")
        return quote(other, safe="")

    return _PARAM.sub(value, route.path)


def every_fill(route: Route, area: str) -> list[str]:
    """One address per indicator id when the route takes one, else one address."""
    if any(p.startswith("indicator") for p in path_parameters(route)):
        return [fill(route, area, i) for i in INDICATOR_IDS]
    return [fill(route, area)]
