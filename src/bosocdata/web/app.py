"""The web application: `create_app(published_path, *, auth=...)`.

It reads only the published zone (disclosure-controlled aggregates), read-only, and
nothing else: no import from the secure store or the ingest. Pages are rendered on the
server with Jinja2; the only script and style are the application's own static files.

Access (docs/concepts/security.md): the `AccessGate` middleware sees every request
(size limits, session, CSRF, login required) and the app-wide dependency `guard` runs
before every route (area scope, export right, audit log). Both apply to routes added
later without any change to them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from anyio import to_thread
from argon2 import PasswordHasher
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from bosocdata.access import Role
from bosocdata.presentation.charts.area_map import basemap_file
from bosocdata.presentation.zone import NotPublished, PublishedZone
from bosocdata.settings import Paths
from bosocdata.web import api, export
from bosocdata.web.auth import login, second_factor_routes, sessions_page, sso_routes
from bosocdata.web.auth.context import AuthMode, WebAuth, auth_mode_from_env
from bosocdata.web.auth.gate import MAX_BODY_BYTES, AccessGate
from bosocdata.web.auth.guard import guard
from bosocdata.web.auth.proxies import trusted_proxies_from_env
from bosocdata.web.jobs import routes as job_routes
from bosocdata.web.jobs.runner import check_job_settings
from bosocdata.web.page_cache import PageCache, cache_megabytes
from bosocdata.web.pages import ROUTERS as PAGE_ROUTERS
from bosocdata.web.rendering import STATIC_DIR, PageError, error_response
from bosocdata.web.security import SecurityHeadersMiddleware

WEB_THREADS = 4
"""Requests answered at once by the thread pool (the rest wait on the event loop). One
interpreter runs Python on one core at a time, so more threads only take turns with the
event loop, and the health check waits for its turn."""


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """At the end (SIGTERM to `bosoc serve`): stop the report workers within seconds."""
    to_thread.current_default_thread_limiter().total_tokens = WEB_THREADS
    yield
    runner = getattr(app.state, "jobs", None)
    if runner is not None:
        runner.shutdown()


def create_app(
    published_path: Path,
    *,
    auth: AuthMode | str | None = None,
    paths: Paths | None = None,
    secure_cookies: bool | None = None,
    session_idle_seconds: float | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    hasher: PasswordHasher | None = None,
    clock: Callable[[], float] | None = None,
    trusted_proxies: tuple[str, ...] | None = None,
    second_factor_roles: frozenset[Role] | None = None,
) -> FastAPI:
    """The application, reading the published DuckDB file at `published_path`.

    `auth`: `"login"` (every page needs a logged-in user) or `"off"` (local mode, no
    login, every area); None reads `BOSOC_WEB_AUTH` (unset = login). `paths` is the
    `$BOSOC_HOME` whose `access/users.sqlite` holds the accounts and whose `audit/` the
    audit log; by default the folder above `published/`. `secure_cookies` None reads
    `BOSOC_WEB_SECURE_COOKIES`; cookies are Secure anyway on a request over https.
    `trusted_proxies` None reads `BOSOC_WEB_TRUSTED_PROXIES` (web/auth/proxies.py): the
    peers whose X-Forwarded-For/-Proto are believed. `hasher`, `clock` and
    `session_idle_seconds` are for tests. `second_factor_roles` None reads
    `BOSOC_WEB_SECOND_FACTOR_ROLES` (the roles that must log in with a second factor).
    """
    published_path = Path(published_path)
    check_job_settings()
    mode = auth_mode_from_env() if auth is None else AuthMode(auth)
    home = paths or Paths(published_path.parent.parent)
    web_auth = WebAuth.create(
        mode,
        home,
        hasher=hasher,
        secure_cookies=secure_cookies,
        idle_seconds=session_idle_seconds,
        clock=clock,
        second_factor_roles=second_factor_roles,
    )
    app = FastAPI(
        title="BoSocData",
        docs_url=None,  # the interactive docs load scripts from the internet
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(guard)],  # every route, including those added later
        lifespan=_lifespan,
    )
    app.state.jobs_folder = published_path.parent / ".jobs"  # PDF jobs' files (web/jobs)
    app.state.zone = PublishedZone(published_path)
    app.state.page_cache = PageCache(cache_megabytes() * 2**20)  # web/page_cache.py
    app.state.basemap = basemap_file(home.home)  # the map's outline and districts, if any
    app.state.auth = web_auth
    app.add_middleware(AccessGate, auth=web_auth, max_body_bytes=max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)  # on every response
    proxies = trusted_proxies_from_env() if trusted_proxies is None else trusted_proxies
    if proxies:  # outermost: the forwarded client address, from trusted proxies only
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(proxies))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(login.router)
    app.include_router(sessions_page.router)
    app.include_router(second_factor_routes.router)
    sso_routes.configure(app, home)  # single sign-on, when configured (BOSOC_OIDC_*)
    app.include_router(sso_routes.router)
    for router in PAGE_ROUTERS:
        app.include_router(router)
    app.include_router(api.router)
    app.include_router(export.router)
    app.include_router(job_routes.router)

    @app.exception_handler(PageError)
    async def page_error(request: Request, error: PageError) -> Response:
        return error_response(request, error)

    @app.exception_handler(NotPublished)
    async def not_published(request: Request, _: NotPublished) -> Response:
        return error_response(request, PageError(503, "not_computed_title", "not_computed_text"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 404:
            return error_response(request, PageError(404, "not_found_title", "not_found_page"))
        headers = dict(error.headers or {})
        return error_response(
            request,
            PageError(error.status_code, "bad_request_title", "bad_request", headers=headers),
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        names = ", ".join(str(e.get("loc", ["?"])[-1]) for e in error.errors())
        return error_response(
            request, PageError(400, "bad_request_title", "bad_parameter", name=names or "?")
        )

    return app
