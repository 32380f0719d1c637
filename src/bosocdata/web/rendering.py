"""Rendering a page: language, templates, links, the year parameter, error pages."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bosocdata.web.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    Translator,
    normalise_language,
)
from bosocdata.web.numbers import format_count, format_interval, format_value
from bosocdata.web.published import PublishedZone

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
TEMPLATE_DIR = HERE / "templates"
LANGUAGE_COOKIE = "bosoc_lang"
ONE_YEAR = 365 * 24 * 3600

_env = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


class PageError(Exception):
    """A problem shown to the reader as a page (or JSON under /api/) with a status."""

    def __init__(self, status: int, title_key: str, message_key: str, **params: object) -> None:
        super().__init__(message_key)
        self.status = status
        self.title_key = title_key
        self.message_key = message_key
        self.params = params


def zone_of(request: Request) -> PublishedZone:
    zone: PublishedZone = request.app.state.zone
    return zone


def _requested_language(request: Request) -> str | None:
    return normalise_language(request.query_params.get("lang"))


def language_of(request: Request) -> str:
    """`?lang=` first, then the cookie, then Danish."""
    return (
        _requested_language(request)
        or normalise_language(request.cookies.get(LANGUAGE_COOKIE))
        or DEFAULT_LANGUAGE
    )


def translator_for(request: Request) -> Translator:
    return Translator(language_of(request))


def url(path: str, **params: object) -> str:
    """`path` with the non-empty parameters as a query string."""
    query = {k: str(v) for k, v in params.items() if v is not None and v != ""}
    return f"{path}?{urlencode(query)}" if query else path


def switch_language_url(request: Request, language: str) -> str:
    params = {k: v for k, v in request.query_params.items() if k != "lang"}
    params["lang"] = language
    return url(request.url.path, **params)


class Formatter:
    """Number formatting bound to one language, for templates (`fmt.value(x, unit)`)."""

    def __init__(self, language: str) -> None:
        self.language = language

    def value(self, x: float | None, unit: str | None) -> str:
        return format_value(x, unit, self.language)

    def count(self, x: float | None) -> str:
        return format_count(x, self.language)

    def interval(self, low: float | None, high: float | None, unit: str | None) -> str:
        return format_interval(low, high, unit, self.language)


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    t = translator_for(request)
    base = {
        "t": t,
        "lang": t.language,
        "fmt": Formatter(t.language),
        "url": url,
        "path": request.url.path,
        "switch_url": switch_language_url(request, t.other_language),
        "switch_lang": t.other_language,
        "switch_name": LANGUAGE_NAMES[t.other_language],
        "meta": context.pop("meta", {}),
    }
    html = _env.get_template(template).render(**base, **context)
    response = HTMLResponse(html, status_code=status)
    requested = _requested_language(request)
    if requested:
        response.set_cookie(
            LANGUAGE_COOKIE, requested, max_age=ONE_YEAR, httponly=True, samesite="lax"
        )
    return response


def chosen_year(raw: str | None, available: Sequence[int]) -> int:
    """The year asked for, checked against the published periods; default the latest."""
    if not available:
        raise PageError(503, "not_computed_title", "not_computed_text")
    if raw is None or raw.strip() == "":
        return available[-1]
    try:
        year = int(raw.strip())
    except ValueError:
        raise PageError(400, "bad_request_title", "bad_parameter", name="year") from None
    if year not in available:
        raise PageError(
            400,
            "bad_request_title",
            "bad_year",
            year=year,
            years=", ".join(str(y) for y in available),
        )
    return year
