"""Rendering a page: language, templates, links, the year parameter, error pages."""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import duckdb
from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bosocdata.presentation.numbers import (
    format_count,
    format_interval,
    format_moment,
    format_value,
)
from bosocdata.presentation.vocabulary import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    Vocabulary,
    normalise_language,
)
from bosocdata.presentation.zone import PublishedZone, ScopeRule
from bosocdata.web.auth import CSRF_COOKIE, auth_of, is_api
from bosocdata.web.page_cache import CSRF_HOLE, USER_HOLE, holes

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

    def __init__(
        self,
        status: int,
        title_key: str,
        message_key: str,
        *,
        headers: dict[str, str] | None = None,
        **params: object,
    ) -> None:
        super().__init__(message_key)
        self.headers = headers or {}
        self.status = status
        self.title_key = title_key
        self.message_key = message_key
        self.params = params


class RequestZone:
    """The published zone as one request may see it: `cursor()` gives views limited to the
    areas of the request's user (see `presentation/zone.py`)."""

    def __init__(self, zone: PublishedZone, scope: ScopeRule) -> None:
        self.zone = zone
        self.scope = scope

    def exists(self) -> bool:
        return self.zone.exists()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.zone.cursor(self.scope) as cur:
            yield cur


def zone_of(request: Request) -> RequestZone:
    """The published zone, scoped to the areas the request's user may see."""
    zone: PublishedZone = request.app.state.zone
    return RequestZone(zone, auth_of(request).scope)


def _requested_language(request: Request) -> str | None:
    return normalise_language(request.query_params.get("lang"))


def language_of(request: Request) -> str:
    """`?lang=` first, then the cookie, then Danish."""
    return (
        _requested_language(request)
        or normalise_language(request.cookies.get(LANGUAGE_COOKIE))
        or DEFAULT_LANGUAGE
    )


def translator_for(request: Request) -> Vocabulary:
    return Vocabulary(language_of(request))


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

    def moment(self, text: str | None) -> str:
        """A time stamp (the footer's `computed_at`) as a date and time in Danish time."""
        return format_moment(text, self.language, Vocabulary(self.language)("months").split())


def csrf_token_for(request: Request) -> tuple[str, bool]:
    """The CSRF token forms must carry: the session's when logged in, else the token of
    the `bosoc_csrf` cookie; (token, whether the cookie must be set now)."""
    context = auth_of(request)
    if context.session is not None:
        return context.session.csrf_token, False
    existing = request.cookies.get(CSRF_COOKIE, "")
    if 20 <= len(existing) <= 128:
        return existing, False
    return secrets.token_urlsafe(32), True


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    t = translator_for(request)
    auth = auth_of(request)
    csrf_token, new_csrf_cookie = csrf_token_for(request)
    user = auth.user
    if holes():  # the page is kept for other readers (web/page_cache.py)
        csrf_token = CSRF_HOLE
        user = None if user is None else replace(user, username=USER_HOLE)
    base = {
        "user": user,
        "local_mode": auth.local,
        "may_export": auth.may_export,
        "csrf_token": csrf_token,
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
    if new_csrf_cookie:
        response.set_cookie(
            CSRF_COOKIE,
            csrf_token,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https" or _secure_configured(request),
        )
    return response


def _secure_configured(request: Request) -> bool:
    auth = getattr(request.app.state, "auth", None) if "app" in request.scope else None
    return bool(getattr(auth, "secure_cookies", False))


def error_response(request: Request, error: PageError) -> Response:
    """A problem as a Danish (or English) page, or as `{"error": ...}` under /api/."""
    t = translator_for(request)
    params = dict(error.params)
    if error.message_key == "bad_parameter":
        params["name"] = parameter_names(str(params.get("name", "?")), t)
    message = t(error.message_key, **params)
    if is_api(request.url.path):
        return JSONResponse({"error": message}, status_code=error.status, headers=error.headers)
    response = render(
        request,
        "error.html",
        status=error.status,
        title=t(error.title_key),
        message=message,
    )
    response.headers.update(error.headers)
    return response


def parameter_names(names: str, t: Vocabulary) -> str:
    """The query parameters of an error message (`year`, or `year, sort` from the
    validation of several) by the names a reader knows (`param_year`: år); a parameter
    without a name in the vocabulary as it is."""
    return ", ".join(t.maybe("param_" + n.strip(), n.strip()) for n in names.split(","))


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
