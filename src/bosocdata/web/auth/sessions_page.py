"""`/sessioner`: the user's own sessions, and ending them.

Each user sees where they are logged in (when, last used, from which address) and may end
any of their own sessions, or all but the present one. A session is named on the page by
the first digits of its stored hash (`Session.shown_id`), never by its id; a name that is
not one of the user's own sessions ends nothing. Every ending is audited
(`sessions_ended`).
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bosocdata.auditlog import record
from bosocdata.web.auth.context import SESSION_COOKIE, AuthContext, auth_of, web_auth_of
from bosocdata.web.rendering import PageError, render, translator_for

router = APIRouter()
PAGE = "/sessioner"


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%d.%m.%Y %H:%M")


def _logged_in(request: Request) -> AuthContext:
    context = auth_of(request)
    if context.local or context.user is None or context.session is None:
        raise PageError(404, "not_found_title", "not_found_page")
    return context


def _page(request: Request, notice: str | None = None) -> HTMLResponse:
    context = _logged_in(request)
    assert context.user is not None and context.session is not None
    store = web_auth_of(request).sessions
    rows = [
        {
            "id": s.shown_id,
            "started": _when(s.created_at),
            "last_seen": _when(s.last_seen),
            "client": s.client,
            "this": s.id_hash == context.session.id_hash,
        }
        for s in store.of_user(context.user.username)
    ]
    return render(request, "sessions.html", sessions=rows, cap=store.max_per_user, notice=notice)


@router.get(PAGE, response_class=HTMLResponse)
def sessions_page(request: Request) -> Response:
    return _page(request)


@router.post(PAGE, response_class=HTMLResponse)
def end_sessions(request: Request, session: str = Form(""), others: str = Form("")) -> Response:
    """End one of the user's sessions (`session`), or every other one (`others`)."""
    context = _logged_in(request)
    assert context.user is not None and context.session is not None
    auth, t = web_auth_of(request), translator_for(request)
    if others:
        count = auth.sessions.end_others_of(context.session)
        notice = t("sessions_others_ended", count=count)
    elif session == context.session.shown_id:
        return _end_own(request, context)
    elif auth.sessions.end_shown(context.user.username, session):
        count, notice = 1, t("sessions_ended")
    else:
        count, notice = 0, t("sessions_none_ended")
    if count:
        details = {"username": context.user.username, "count": count, "by": "user"}
        record(auth.paths, "sessions_ended", actor=context.user.username, details=details)
    return _page(request, notice)


def _end_own(request: Request, context: AuthContext) -> Response:
    """Ending the present session is logging out."""
    assert context.user is not None and context.session is not None
    auth = web_auth_of(request)
    auth.sessions.end(context.session)
    details = {"username": context.user.username, "count": 1, "by": "user"}
    record(auth.paths, "sessions_ended", actor=context.user.username, details=details)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
