"""Login through the municipality's single sign-on: OpenID Connect, with Authlib.

Switched on by its settings (`oidc_settings_from_env`, the only place they are read). The
flow is the authorization code flow with PKCE (S256), `state` and `nonce`:

1. `GET /login/sso?next=/x` fetches the provider's metadata, makes `state`, `nonce` and a
   PKCE `code_verifier`, keeps them server-side in `$BOSOC_HOME/access/oidc.sqlite`
   under the SHA-256 of a random id that the browser holds in the cookie `bosoc_sso`
   (SameSite=Lax: the provider's redirect back is a cross-site navigation, which a
   Strict cookie would not survive), and redirects to the provider.
2. `GET /login/sso/callback?code=...&state=...` takes the pending flow of that cookie
   (once: it is deleted as it is read; 10 minutes at most), checks `state` in constant
   time, exchanges the code (with the code_verifier) at the token endpoint and checks the
   ID token: signature against the provider's JWKS (asymmetric algorithms only), `iss` =
   the configured issuer, `aud` holds the client id (and `azp` when there are several),
   `exp`, `iat` and `nonce`.
3. The token's groups are mapped to a role (and housing organisation) by the configured
   rules; a user without a mapped group is refused. The local user record is created on
   first login and its role and scope brought in line with the groups at every login
   (the provider is authoritative for its users). The provider's user (issuer, `sub`)
   is tied to one local username, and never to an account that was not made by SSO.
4. A fresh session is created (any presented one is ended: no fixation), `login` is
   audited, and a small page sends the browser on (see `_continue_page`).

Every failure gives a Danish (or English) error page with a 4xx status (502 when the
provider cannot be reached or answers nonsense), and a `failed_login` audit entry.
Authlib's Starlette client is used without Starlette's SessionMiddleware: its
`create_authorization_url`, `fetch_access_token` and `parse_id_token` are called
directly, and the state lives in our own server-side store.
"""

from __future__ import annotations

import hmac
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from bosocdata.access import User
from bosocdata.auditlog import record
from bosocdata.settings import Paths
from bosocdata.web.auth.context import CSRF_COOKIE, AuthMode, auth_of, web_auth_of
from bosocdata.web.auth.login import safe_next, set_session_cookie
from bosocdata.web.auth.sso_client import SsoLogin, local_user_for
from bosocdata.web.auth.sso_settings import OidcSettings, oidc_settings_from_env
from bosocdata.web.auth.sso_store import (
    FLOW_SECONDS,
    OIDC_DB,
    PendingFlow,
    SsoFailure,
    SsoStore,
    bad_state,
)
from bosocdata.web.rendering import PageError, error_response, render

router = APIRouter()

START_PATH = "/login/sso"
CALLBACK_PATH = "/login/sso/callback"
FLOW_COOKIE = "bosoc_sso"


def sso_of(request: Request) -> SsoLogin | None:
    sso = getattr(request.app.state, "oidc", None)
    return sso if isinstance(sso, SsoLogin) else None


def configure(app: FastAPI, paths: Paths, settings: OidcSettings | None = None) -> None:
    """Set up SSO on `app` when configured (`settings`, else the environment); never in
    local mode, which has no login at all."""
    if getattr(app.state, "auth", None) is not None and app.state.auth.mode is AuthMode.off:
        app.state.oidc = None
        return
    settings = settings if settings is not None else oidc_settings_from_env()
    app.state.oidc = (
        SsoLogin(settings, SsoStore(paths.home / "access" / OIDC_DB)) if settings else None
    )


# -- the routes --------------------------------------------------------------------------


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


def _redirect_uri(request: Request, sso: SsoLogin) -> str:
    """As configured; else this site's own callback address (as uvicorn sees it)."""
    return sso.settings.redirect_url or str(request.base_url).rstrip("/") + CALLBACK_PATH


def _flow_cookie_secure(request: Request) -> bool:
    return web_auth_of(request).cookie_is_secure(request)


async def _refused(request: Request, failure: SsoFailure) -> Response:
    details = {"client": _client(request), "reason": failure.reason, "method": "sso"}
    await run_in_threadpool(
        record, web_auth_of(request).paths, "failed_login", actor=failure.actor, details=details
    )
    title = "sso_unavailable_title" if failure.status >= 500 else "sso_failed_title"
    error = PageError(failure.status, title, failure.message_key)
    error.params = dict(failure.params)  # placeholders of the message, e.g. {name}
    response = error_response(request, error)
    response.delete_cookie(FLOW_COOKIE, path=START_PATH)
    return response


@router.get(START_PATH)
async def sso_start(request: Request) -> Response:
    """Send the browser to the provider, after keeping state, nonce and code_verifier."""
    next_path = safe_next(request.query_params.get("next"))
    if auth_of(request).allowed_in:  # logged in already (or local mode)
        return RedirectResponse(next_path, status_code=303)
    sso = sso_of(request)
    if sso is None:
        raise PageError(404, "not_found_title", "not_found_page")
    redirect_uri = _redirect_uri(request, sso)
    try:
        started = await sso.begin(redirect_uri)
        flow = PendingFlow(
            started["state"], started["nonce"], started["code_verifier"], redirect_uri, next_path
        )
        token = await run_in_threadpool(sso.store.add_pending, flow)
    except SsoFailure as failure:
        return await _refused(request, failure)
    response = RedirectResponse(started["url"], status_code=303)
    response.set_cookie(
        FLOW_COOKIE,
        token,
        max_age=FLOW_SECONDS,
        httponly=True,
        samesite="lax",  # must come back with the provider's cross-site redirect
        secure=_flow_cookie_secure(request),
        path=START_PATH,  # sent to /login/sso and /login/sso/callback only
    )
    return response


@router.get(CALLBACK_PATH)
async def sso_callback(request: Request) -> Response:
    """Finish the flow: check it, verify the ID token, map the user, start a session."""
    context = auth_of(request)
    flow_token = request.cookies.get(FLOW_COOKIE)
    if context.local or (context.allowed_in and not flow_token):
        return RedirectResponse("/", status_code=303)  # nothing to finish
    sso = sso_of(request)
    if sso is None:
        raise PageError(404, "not_found_title", "not_found_page")
    query = request.query_params
    try:
        flow = await run_in_threadpool(sso.store.take_pending, flow_token)
        state = query.get("state", "")
        if flow is None or not hmac.compare_digest(state.encode(), flow.state.encode()):
            raise bad_state()
        if query.get("error"):
            raise SsoFailure(401, "provider_error", "sso_denied")
        code = query.get("code", "")
        if not code or len(code) > 2048:
            raise bad_state()
        claims = await sso.verified_claims(code, flow)
        auth = web_auth_of(request)
        user = await run_in_threadpool(local_user_for, sso.settings, sso.store, auth.users, claims)
    except SsoFailure as failure:
        return await _refused(request, failure)
    return await run_in_threadpool(_logged_in, request, user, flow.next_path)


def _logged_in(request: Request, user: User, next_path: str) -> Response:
    auth = web_auth_of(request)
    context = auth_of(request)
    if context.session is not None:
        auth.sessions.end(context.session)  # the session presented before login is discarded
    record(
        auth.paths,
        "login",
        actor=user.username,
        details={"client": _client(request), "method": "sso"},
    )
    token, _ = auth.sessions.create(user.username, _client(request))
    response = _continue_page(request, next_path)
    set_session_cookie(response, request, token)
    response.delete_cookie(CSRF_COOKIE, path="/")
    response.delete_cookie(FLOW_COOKIE, path=START_PATH)
    return response


def _continue_page(request: Request, next_path: str) -> HTMLResponse:
    """A page that sends the browser on, rather than a 303 redirect.

    The session cookie is SameSite=Strict. This response ends a navigation that began
    at the provider (another site), and browsers do not send Strict cookies anywhere
    along such a navigation, redirects included: a 303 to `next` would arrive without
    the new session and land on the login page. A refresh started by this page is a
    navigation from our own site, which carries the cookie. (No script: the CSP allows
    only our own files, and the `Refresh` header needs none.)"""
    target = quote(next_path, safe="/?&=%:+,;@-._~")
    response = render(request, "login.html", sso_continue=target, sso=True, no_users=False)
    response.headers["Refresh"] = f"0; url={target}"
    return response
