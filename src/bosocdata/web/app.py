"""The web application: `create_app(published_path)`.

It reads only the published zone (disclosure-controlled aggregates), read-only, and
nothing else: no import from the secure store or the ingest. Pages are rendered on the
server with Jinja2; the only script and style are the application's own static files.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from bosocdata.web import api, map_page, pages
from bosocdata.web.published import NotPublished, PublishedZone
from bosocdata.web.rendering import STATIC_DIR, PageError, render, translator_for
from bosocdata.web.security import SecurityHeadersMiddleware


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_response(request: Request, error: PageError) -> Response:
    t = translator_for(request)
    message = t(error.message_key, **error.params)
    if _is_api(request):
        return JSONResponse({"error": message}, status_code=error.status)
    return render(
        request,
        "error.html",
        status=error.status,
        title=t(error.title_key),
        message=message,
    )


def create_app(published_path: Path) -> FastAPI:
    """The application, reading the published DuckDB file at `published_path`."""
    app = FastAPI(
        title="BoSocData",
        docs_url=None,  # the interactive docs load scripts from the internet
        redoc_url=None,
        openapi_url=None,
    )
    app.state.zone = PublishedZone(Path(published_path))
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(pages.router)
    app.include_router(map_page.router)
    app.include_router(api.router)

    @app.exception_handler(PageError)
    async def page_error(request: Request, error: PageError) -> Response:
        return _error_response(request, error)

    @app.exception_handler(NotPublished)
    async def not_published(request: Request, _: NotPublished) -> Response:
        return _error_response(request, PageError(503, "not_computed_title", "not_computed_text"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 404:
            return _error_response(request, PageError(404, "not_found_title", "not_found_page"))
        return _error_response(
            request, PageError(error.status_code, "bad_request_title", "bad_request")
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        names = ", ".join(str(e.get("loc", ["?"])[-1]) for e in error.errors())
        return _error_response(
            request, PageError(400, "bad_request_title", "bad_parameter", name=names or "?")
        )

    return app
