"""The gate every request passes before it reaches a route: size limits, the session, the
CSRF check and the login requirement.

A pure ASGI middleware, so it covers every route there is or will be, mounted static
files and unknown addresses alike, in this order:

1. a query string over `MAX_QUERY_BYTES` is refused (414); a body over `max_body_bytes`
   (by its Content-Length, or counted while it arrives) is refused (413);
2. the session cookie is looked up (`WebAuth.context_for`) and the result put in
   `request.state.bosoc_auth` for the routes;
3. a state-changing request (POST, PUT, PATCH, DELETE) must carry the CSRF token, in the
   form field `csrf_token` or the header `X-CSRF-Token`: the session's token when logged
   in, else the token of the `bosoc_csrf` cookie. Without it: 403, nothing done;
4. in login mode, a request for anything but the login page, `/healthz` and `/static/`
   without a logged-in user is sent to the login page (303) or, under `/api/`, answered
   401 in JSON.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl, quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bosocdata.web.api import health
from bosocdata.web.auth.context import (
    CSRF_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    AuthContext,
    WebAuth,
    is_api,
    is_public,
)
from bosocdata.web.rendering import PageError, error_response

HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 256 * 1024
"""Every form of the application is a few hundred bytes; nothing is uploaded."""
MAX_QUERY_BYTES = 4096
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class BodyTooLarge(Exception):
    pass


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Callable[[], Awaitable[Message]]:
    """A `receive` that hands the already-read body over once, then waits as usual."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _submitted_token(request: Request, body: bytes) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/x-www-form-urlencoded":
        try:
            fields = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=200)
        except (UnicodeDecodeError, ValueError):
            return ""
        return next((v for k, v in fields if k == CSRF_FIELD), "")
    if content_type == "multipart/form-data":
        parsing = Request(request.scope, _replay(body, _nothing))
        try:
            form: FormData = await parsing.form(max_files=0, max_fields=200)
        except Exception:  # a malformed body carries no token
            return ""
        value = form.get(CSRF_FIELD)
        await form.close()
        return value if isinstance(value, str) else ""
    return ""


async def _nothing() -> Message:
    return {"type": "http.disconnect"}


def _expected_token(request: Request, context: AuthContext) -> str:
    if context.session is not None:
        return context.session.csrf_token
    return request.cookies.get(CSRF_COOKIE, "")


def _login_redirect(request: Request) -> Response:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    return RedirectResponse("/login?next=" + quote(target, safe=""), status_code=303)


class AccessGate:
    """See the module docstring. `auth` is the application's `WebAuth`."""

    def __init__(self, app: ASGIApp, auth: WebAuth, max_body_bytes: int = MAX_BODY_BYTES):
        self.app = app
        self.auth = auth
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == HEALTH_PATH and scope["method"] in ("GET", "HEAD"):
            # Public, no session, no body, no audit: answered here on the event loop,
            # not behind page requests waiting for the thread pool (web/api.health).
            payload = health(scope["app"].state.zone)
            await JSONResponse(payload)(scope, receive, send)
            return
        request = Request(scope)
        refusal = self._too_large(request)
        body = b""
        if refusal is None:
            try:
                body = await _read_body(receive, self.max_body_bytes)
            except BodyTooLarge:
                refusal = PageError(413, "bad_request_title", "too_large")
        if refusal is not None:
            await self._refuse(request, refusal, scope, receive, send)
            return
        context = await run_in_threadpool(
            self.auth.context_for, request.cookies.get(SESSION_COOKIE)
        )
        scope.setdefault("state", {})["bosoc_auth"] = context
        if scope["method"] in UNSAFE_METHODS:
            submitted = await _submitted_token(request, body)
            expected = _expected_token(request, context)
            if not (expected and submitted and hmac.compare_digest(submitted, expected)):
                refusal = PageError(403, "forbidden_title", "csrf_failed")
                await self._refuse(request, refusal, scope, receive, send)
                return
        if not context.allowed_in and not is_public(request.url.path):
            if is_api(request.url.path):
                response: Response = JSONResponse({"error": "login required"}, status_code=401)
            else:
                response = _login_redirect(request)
            await response(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    def _too_large(self, request: Request) -> PageError | None:
        if len(request.scope.get("query_string", b"")) > MAX_QUERY_BYTES:
            return PageError(414, "bad_request_title", "too_large")
        length = request.headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                return PageError(400, "bad_request_title", "bad_request")
            if int(length) > self.max_body_bytes:
                return PageError(413, "bad_request_title", "too_large")
        return None

    async def _refuse(
        self, request: Request, error: PageError, scope: Scope, receive: Receive, send: Send
    ) -> None:
        response = error_response(request, error)
        await response(scope, receive, send)
