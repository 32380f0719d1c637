"""The second factor in the browser: the code after the password (`/login/totp`) and the
account page where a user enrols or makes new recovery codes (`/tofaktor`).

`/login/totp` is reached only with the `bosoc_2fa` cookie of a login whose password was
right (web/auth/login.py); the session is made only after a right code. A user whose
role requires a second factor and who has none enrols right there: the page shows a QR
code (drawn on the server as inline SVG, segno; nothing is fetched from elsewhere) and
the secret as text, and the first right code confirms it; the ten recovery codes are
shown once. A recovery code is accepted where a TOTP code is, once each. Five wrong codes
end the half-done login (the password, which is throttled, must be given again). New
recovery codes on the account page need a code too (counted by the login throttle).
"""

from __future__ import annotations

from typing import Any

import segno
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from bosocdata.access.second_factor import PendingLogin, otpauth_uri
from bosocdata.auditlog import record
from bosocdata.web.auth.context import auth_of, web_auth_of
from bosocdata.web.auth.login import PENDING_COOKIE, SECOND_FACTOR_PATH, start_session
from bosocdata.web.rendering import PageError, render, translator_for

router = APIRouter()
ACCOUNT_PAGE = "/tofaktor"


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


def _qr(secret: str, username: str) -> Markup:
    """The otpauth address as a QR code, inline SVG (our own markup, no user text in it
    but the username, which segno escapes)."""
    code = segno.make(otpauth_uri(secret, username), error="m")
    return Markup(code.svg_inline(scale=4, title="QR", border=4))


def _enrolment(username: str, secret: str) -> dict[str, Any]:
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return {"qr": _qr(secret, username), "secret": grouped}


def _pending(request: Request) -> PendingLogin | None:
    return web_auth_of(request).second_factor.pending(request.cookies.get(PENDING_COOKIE))


def _code_page(
    request: Request, pending: PendingLogin, *, status: int = 200, error: str | None = None
) -> HTMLResponse:
    store = web_auth_of(request).second_factor
    enrol: dict[str, Any] = {}
    if not store.enrolled(pending.username):
        secret = store.unconfirmed_secret(pending.username) or store.begin_enrolment(
            pending.username
        )
        enrol = _enrolment(pending.username, secret)
    return render(request, "second_factor.html", status=status, mode="login", error=error, **enrol)


@router.get(SECOND_FACTOR_PATH, response_class=HTMLResponse)
def code_page(request: Request) -> Response:
    pending = _pending(request)
    if pending is None or auth_of(request).local:
        return RedirectResponse("/login", status_code=303)
    return _code_page(request, pending)


@router.post(SECOND_FACTOR_PATH, response_class=HTMLResponse)
def code_submit(request: Request, code: str = Form("")) -> Response:
    auth, t = web_auth_of(request), translator_for(request)
    token = request.cookies.get(PENDING_COOKIE, "")
    pending = _pending(request)
    if pending is None or auth_of(request).local:
        return RedirectResponse("/login", status_code=303)
    user = auth.users.get(pending.username)
    if user is None or not user.enabled:
        auth.second_factor.end_login(token)
        return RedirectResponse("/login", status_code=303)
    store = auth.second_factor
    recovery: list[str] | None = None
    if store.enrolled(user.username):
        method = store.verify(user.username, code[:64])
    else:
        recovery = store.confirm(user.username, code[:64])
        method = "totp" if recovery is not None else None
        if recovery is not None:
            enrolled = {"username": user.username, "method": "totp"}
            record(auth.paths, "second_factor_enrolled", actor=user.username, details=enrolled)
    if method is None:
        left = store.failed_attempt(token)
        failed: dict[str, object] = {
            "client": _client(request),
            "reason": "bad_second_factor",
            "left": left,
        }
        record(auth.paths, "failed_login", actor=user.username, details=failed)
        if left == 0:
            return RedirectResponse("/login", status_code=303)
        return _code_page(request, pending, status=401, error=t("totp_wrong", left=left))
    store.end_login(token)
    logged_in: dict[str, object] = {"client": _client(request), "second_factor": method}
    record(auth.paths, "login", actor=user.username, details=logged_in)
    response = start_session(request, user.username, pending.next_path)
    response.delete_cookie(PENDING_COOKIE, path=SECOND_FACTOR_PATH)
    if recovery is None:
        return response
    # Enrolled just now: the recovery codes are shown once, with the way on.
    page = render(
        request, "second_factor.html", mode="codes", codes=recovery, next_path=pending.next_path
    )
    for name, value in response.headers.items():
        if name == "set-cookie":
            page.headers.append("set-cookie", value)
    return page


# -- the account page --------------------------------------------------------------------


def _account_user(request: Request) -> str:
    context = auth_of(request)
    if context.local or context.user is None:
        raise PageError(404, "not_found_title", "not_found_page")
    return context.user.username


@router.get(ACCOUNT_PAGE, response_class=HTMLResponse)
def account_page(request: Request) -> Response:
    username = _account_user(request)
    auth = web_auth_of(request)
    store = auth.second_factor
    if store.enrolled(username):
        left = store.recovery_codes_left(username)
        return render(request, "second_factor.html", mode="enrolled", left=left)
    secret = store.unconfirmed_secret(username) or store.begin_enrolment(username)
    return render(request, "second_factor.html", mode="enrol", **_enrolment(username, secret))


@router.post(ACCOUNT_PAGE, response_class=HTMLResponse)
def account_submit(request: Request, code: str = Form(""), action: str = Form("")) -> Response:
    username = _account_user(request)
    auth, t = web_auth_of(request), translator_for(request)
    store = auth.second_factor
    if store.enrolled(username):
        if action != "recovery":
            raise PageError(400, "bad_request_title", "bad_parameter", name="action")
        return _new_recovery_codes(request, username, code[:64])
    codes_or_none = store.confirm(username, code[:64])
    if codes_or_none is None:
        secret = store.unconfirmed_secret(username) or store.begin_enrolment(username)
        return render(
            request,
            "second_factor.html",
            status=400,
            mode="enrol",
            error=t("totp_wrong_enrol"),
            **_enrolment(username, secret),
        )
    details = {"username": username, "method": "totp"}
    record(auth.paths, "second_factor_enrolled", actor=username, details=details)
    return render(request, "second_factor.html", mode="codes", codes=codes_or_none, next_path="/")


def _new_recovery_codes(request: Request, username: str, code: str) -> Response:
    """New recovery codes for a code from the app (or an unused recovery code): a session
    alone is not enough, or whoever took one over could make codes that outlive it. Wrong
    codes count against the login throttle; both outcomes are in the audit log."""
    auth, t = web_auth_of(request), translator_for(request)
    store, client = auth.second_factor, _client(request)
    left = store.recovery_codes_left(username)
    wait = auth.throttle.retry_after(username, client)
    if wait > 0:
        minutes = max(1, round(wait / 60))
        error = t("login_throttled", minutes=minutes)
        return render(
            request, "second_factor.html", status=429, mode="enrolled", left=left, error=error
        )
    method = store.verify(username, code)
    if method is None:
        auth.throttle.record_failure(username, client)
        failed = {"client": client, "reason": "bad_second_factor", "action": "recovery_codes"}
        record(auth.paths, "failed_login", actor=username, details=failed)
        error = t("totp_wrong_recovery")
        return render(
            request, "second_factor.html", status=401, mode="enrolled", left=left, error=error
        )
    auth.throttle.record_success(username, client)
    details = {"username": username, "second_factor": method}
    record(auth.paths, "recovery_codes_renewed", actor=username, details=details)
    codes = store.new_recovery_codes(username)
    return render(request, "second_factor.html", mode="codes", codes=codes, next_path="/")
