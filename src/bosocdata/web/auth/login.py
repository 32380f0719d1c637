"""The login page, logging in and logging out.

`POST /login` goes through `bosocdata.access.attempt_login` (throttle, password check,
audit entry). A successful login discards whatever session the browser presented and
starts a new one with a new id and a new CSRF token (no session fixation).
"""

from __future__ import annotations

import math

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bosocdata.access import attempt_login
from bosocdata.auditlog import record
from bosocdata.web.auth.context import CSRF_COOKIE, SESSION_COOKIE, auth_of, web_auth_of
from bosocdata.web.rendering import render, translator_for

router = APIRouter()
SECOND_FACTOR_PATH = "/login/totp"
PENDING_COOKIE = "bosoc_2fa"
"""Holds the id of a login whose password was right and whose code is still to come."""
MAX_NEXT_LENGTH = 2000
MAX_USERNAME_LENGTH = 256


def safe_next(raw: str | None) -> str:
    """Where to go after login: a path on this site only (no `//host`, no `\\`), else `/`."""
    if not raw or len(raw) > MAX_NEXT_LENGTH or not raw.startswith("/"):
        return "/"
    if raw.startswith(("//", "/\\")) or "\\" in raw or not raw.isprintable():
        return "/"
    if raw.split("?")[0] in ("/login", "/logout"):
        return "/"
    return raw


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


def _login_page(
    request: Request, *, status: int = 200, error: str | None = None, next_path: str = "/"
) -> HTMLResponse:
    auth = web_auth_of(request)
    return render(
        request,
        "login.html",
        status=status,
        error=error,
        next_path=safe_next(next_path),
        no_users=not auth.has_enabled_users(),
        # Single sign-on (sso_routes.py) when configured: the page offers it above the form.
        sso=getattr(request.app.state, "oidc", None) is not None,
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> Response:
    if auth_of(request).allowed_in:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, next_path=next or "/")


@router.post("/login", response_class=HTMLResponse)
def login_submit(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
) -> Response:
    auth = web_auth_of(request)
    context = auth_of(request)
    if context.local:
        return RedirectResponse("/", status_code=303)
    t = translator_for(request)
    if not username.strip() or not password or len(username) > MAX_USERNAME_LENGTH:
        return _login_page(request, status=400, error=t("login_missing"), next_path=next)
    result = attempt_login(
        auth.users,
        auth.throttle,
        username,
        password,
        _client(request),
        second_step=auth.needs_second_factor,
    )
    if result.user is None:
        if result.retry_after > 0:
            minutes = max(1, math.ceil(result.retry_after / 60))
            response = _login_page(
                request, status=429, error=t("login_throttled", minutes=minutes), next_path=next
            )
            response.headers["Retry-After"] = str(math.ceil(result.retry_after))
            return response
        return _login_page(request, status=401, error=t("login_failed"), next_path=next)
    if context.session is not None:
        auth.sessions.end(context.session)  # the session presented before login is discarded
    if auth.needs_second_factor(result.user):
        # The password was right; the session comes after the code (second_factor_routes).
        pending = auth.second_factor.start_login(result.user.username, safe_next(next))
        redirect = RedirectResponse(SECOND_FACTOR_PATH, status_code=303)
        redirect.set_cookie(
            PENDING_COOKIE,
            pending,
            httponly=True,
            samesite="strict",
            secure=auth.cookie_is_secure(request),
            path=SECOND_FACTOR_PATH,
        )
        redirect.delete_cookie(SESSION_COOKIE, path="/")
        return redirect
    return start_session(request, result.user.username, safe_next(next))


def start_session(request: Request, username: str, next_path: str) -> Response:
    """A new session for `username` and a redirect to `next_path` that sets its cookie."""
    token, _ = web_auth_of(request).sessions.create(username, _client(request))
    redirect = RedirectResponse(next_path, status_code=303)
    set_session_cookie(redirect, request, token)
    redirect.delete_cookie(CSRF_COOKIE, path="/")
    return redirect


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    """The session cookie, with the same flags for every way of logging in (the password
    form here, single sign-on in sso_routes.py)."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=web_auth_of(request).cookie_is_secure(request),
        path="/",
    )


@router.post("/logout")
def logout(request: Request) -> Response:
    auth = web_auth_of(request)
    context = auth_of(request)
    response = RedirectResponse("/login", status_code=303)
    if context.session is not None and context.user is not None:
        auth.sessions.end(context.session)
        record(
            auth.paths,
            "logout",
            actor=context.user.username,
            details={"client": _client(request)},
        )
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
