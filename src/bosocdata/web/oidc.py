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

import hashlib
import hmac
import ipaddress
import json
import logging
import os
import re
import secrets
import sqlite3
import stat
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import authlib.deprecate  # first: it adds a warnings filter of its own on import
from authlib.common.errors import AuthlibBaseError
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from joserfc.errors import JoseError
from starlette.concurrency import run_in_threadpool

from bosocdata.access import Role, User, UserStore
from bosocdata.access.db import private_transaction
from bosocdata.access.login import UNKNOWN_ACTOR
from bosocdata.access.store import check_scope, clean_username
from bosocdata.auditlog import record
from bosocdata.errors import BosocError
from bosocdata.settings import Paths
from bosocdata.web.auth import CSRF_COOKIE, AuthMode, auth_of, web_auth_of
from bosocdata.web.login import safe_next, set_session_cookie
from bosocdata.web.rendering import PageError, error_response, render

with warnings.catch_warnings():
    # Authlib 1.9 prefers the `httpx2` package and warns once, on import, that it falls
    # back to `httpx` (the project pins httpx 0.28.1, as Starlette's TestClient needs).
    warnings.filterwarnings("ignore", category=authlib.deprecate.AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client._compat import httpx2 as http
    from authlib.integrations.starlette_client import OAuth, StarletteOAuth2App
"""`http` is the HTTP package Authlib really uses (httpx, or httpx2 once installed): its
exceptions are the ones to catch."""

log = logging.getLogger(__name__)
router = APIRouter()

START_PATH = "/login/sso"
CALLBACK_PATH = "/login/sso/callback"
FLOW_COOKIE = "bosoc_sso"
FLOW_SECONDS = 600
"""A login at the provider must be finished within 10 minutes."""
MAX_PENDING_FLOWS = 10_000
"""Unfinished flows kept at once; more are refused until old ones expire (disk guard)."""
LEEWAY_SECONDS = 60
"""Clock difference allowed between the provider and this machine for `exp` and `iat`."""
HTTP_TIMEOUT_SECONDS = 10
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
"""ID token signatures accepted: asymmetric only, verified with a key of the JWKS.
`none` and the HMAC algorithms are never accepted, whatever the provider announces."""
OIDC_DB = "oidc.sqlite"

# -- settings ----------------------------------------------------------------------------
# The lead adds these to bosocdata.settings.SETTINGS; until then they are read here only.

ISSUER_ENV = "BOSOC_OIDC_ISSUER"
CLIENT_ID_ENV = "BOSOC_OIDC_CLIENT_ID"
CLIENT_SECRET_FILE_ENV = "BOSOC_OIDC_CLIENT_SECRET_FILE"
REDIRECT_URL_ENV = "BOSOC_OIDC_REDIRECT_URL"
SCOPES_ENV = "BOSOC_OIDC_SCOPES"
USERNAME_CLAIM_ENV = "BOSOC_OIDC_USERNAME_CLAIM"
GROUPS_CLAIM_ENV = "BOSOC_OIDC_GROUPS_CLAIM"
GROUP_ROLES_ENV = "BOSOC_OIDC_GROUP_ROLES"

DEFAULT_SCOPES = "openid profile email"
DEFAULT_USERNAME_CLAIM = "preferred_username"
DEFAULT_GROUPS_CLAIM = "groups"

_RULE = re.compile(
    r"(?P<group>.+)=\s*(?P<role>admin|analyst|partner|viewer)\s*(?::(?P<organisation>.+))?"
)


@dataclass(frozen=True)
class GroupRule:
    """Members of `group` get `role`, restricted to `housing_organisation` when given."""

    group: str
    role: Role
    housing_organisation: str | None = None


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    group_rules: tuple[GroupRule, ...]
    client_secret: str | None = field(default=None, repr=False)
    redirect_url: str | None = None
    scopes: str = DEFAULT_SCOPES
    username_claim: str = DEFAULT_USERNAME_CLAIM
    groups_claim: str = DEFAULT_GROUPS_CLAIM

    @property
    def metadata_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def parse_group_rules(text: str) -> tuple[GroupRule, ...]:
    """`GROUP=ROLE[:HOUSING ORGANISATION]` entries separated by `;` or new lines.

    A group name may itself hold `=` (an LDAP DN): the entry is split at the last `=`
    followed by a role name. The first rule whose group the user has decides."""
    rules: list[GroupRule] = []
    for number, raw in enumerate(re.split(r"[;\n]", text), start=1):
        entry = raw.strip()
        if not entry:
            continue
        found = _RULE.fullmatch(entry)
        if not found:
            raise BosocError(
                f"{GROUP_ROLES_ENV}, entry {number}: {entry!r} is not GROUP=ROLE",
                hint="e.g. bosoc-analytikere=analyst; frugt-ansatte=partner:Boligforeningen "
                "Frugt (roles: admin, analyst, partner, viewer)",
            )
        organisation = (found["organisation"] or "").strip() or None
        rule = GroupRule(found["group"].strip(), Role(found["role"]), organisation)
        try:
            check_scope(rule.role, rule.housing_organisation, None)
        except BosocError as problem:
            raise BosocError(
                f"{GROUP_ROLES_ENV}, entry {number} ({entry!r}): {problem.message}",
                hint=problem.hint,
            ) from None
        rules.append(rule)
    if not rules:
        raise BosocError(
            f"{GROUP_ROLES_ENV} maps no group to a role: nobody could log in with SSO",
            hint="e.g. BOSOC_OIDC_GROUP_ROLES='bosoc-analytikere=analyst'",
        )
    return tuple(rules)


def _read_secret(path_text: str) -> str:
    path = Path(path_text).expanduser()
    try:
        info = path.stat()
        secret = path.read_text(encoding="utf-8").strip()
    except OSError as problem:
        raise BosocError(
            f"{CLIENT_SECRET_FILE_ENV}: cannot read {path}: {problem.strerror}",
            hint="a file holding the client secret, readable by the service user only",
        ) from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise BosocError(
            f"{CLIENT_SECRET_FILE_ENV}: {path} may be read by others "
            f"(mode {stat.S_IMODE(info.st_mode):04o})",
            hint=f"chmod 600 {path}",
        )
    if not secret:
        raise BosocError(f"{CLIENT_SECRET_FILE_ENV}: {path} is empty", hint="put the secret in it")
    return secret


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def _check_issuer(issuer: str) -> str:
    parts = urlsplit(issuer)
    if parts.scheme == "https" or (parts.scheme == "http" and _is_loopback(parts.hostname)):
        return issuer
    raise BosocError(
        f"{ISSUER_ENV} must be an https address, got {issuer!r}",
        hint="the issuer as the provider names it, e.g. https://login.kommune.dk/realms/bosoc",
    )


def oidc_settings_from_env(environ: Mapping[str, str] | None = None) -> OidcSettings | None:
    """The SSO settings; None when SSO is not configured (no issuer and no client id)."""
    env = os.environ if environ is None else environ

    def value(name: str, default: str = "") -> str:
        return env.get(name, default).strip() or default

    issuer, client_id = value(ISSUER_ENV), value(CLIENT_ID_ENV)
    if not issuer and not client_id:
        return None
    if not issuer or not client_id:
        missing = ISSUER_ENV if not issuer else CLIENT_ID_ENV
        raise BosocError(
            f"single sign-on is half configured: {missing} is not set",
            hint=f"set both {ISSUER_ENV} and {CLIENT_ID_ENV}, or neither",
        )
    secret_file = value(CLIENT_SECRET_FILE_ENV)
    return OidcSettings(
        issuer=_check_issuer(issuer),
        client_id=client_id,
        group_rules=parse_group_rules(value(GROUP_ROLES_ENV)),
        client_secret=_read_secret(secret_file) if secret_file else None,
        redirect_url=value(REDIRECT_URL_ENV) or None,
        scopes=value(SCOPES_ENV, DEFAULT_SCOPES),
        username_claim=value(USERNAME_CLAIM_ENV, DEFAULT_USERNAME_CLAIM),
        groups_claim=value(GROUPS_CLAIM_ENV, DEFAULT_GROUPS_CLAIM),
    )


# -- failures ----------------------------------------------------------------------------


class SsoFailure(Exception):
    """A refused SSO login: the status and message shown, the audit `reason`, the actor."""

    def __init__(
        self, status: int, reason: str, message_key: str, actor: str = UNKNOWN_ACTOR, **params: str
    ) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.message_key = message_key
        self.actor = actor
        self.params = params


def _bad_state() -> SsoFailure:
    return SsoFailure(400, "bad_state", "sso_bad_state")


def _unreachable() -> SsoFailure:
    return SsoFailure(502, "provider_unreachable", "sso_provider_down")


def _bad_token() -> SsoFailure:
    return SsoFailure(401, "bad_id_token", "sso_bad_token")


# -- server-side store: pending flows and the identities SSO has tied to usernames --------


@dataclass(frozen=True)
class PendingFlow:
    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str
    next_path: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


_SCHEMA = """
CREATE TABLE IF NOT EXISTS pending (
    id_hash TEXT PRIMARY KEY,   -- SHA-256 (hex) of the id in the bosoc_sso cookie
    flow TEXT NOT NULL,         -- JSON: state, nonce, code_verifier, redirect_uri, next_path
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,      -- the provider's `sub`
    username TEXT NOT NULL UNIQUE,
    linked_at REAL NOT NULL,
    PRIMARY KEY (issuer, subject)
);
"""


class SsoStore:
    """`$BOSOC_HOME/access/oidc.sqlite` (mode 0600 in the 0700 `access/` folder)."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with private_transaction(self.path, _SCHEMA) as db:
            yield db

    def add_pending(self, flow: PendingFlow) -> str:
        """Keep `flow`; returns the id for the browser's cookie."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self._db() as db:
            db.execute("DELETE FROM pending WHERE created_at < ?", (now - FLOW_SECONDS,))
            (count,) = db.execute("SELECT count(*) FROM pending").fetchone()
            if count >= MAX_PENDING_FLOWS:
                raise SsoFailure(429, "too_many_flows", "sso_busy")
            db.execute(
                "INSERT INTO pending (id_hash, flow, created_at) VALUES (?, ?, ?)",
                (_hash(token), json.dumps(flow.__dict__), now),
            )
        return token

    def take_pending(self, token: str | None) -> PendingFlow | None:
        """The flow of a cookie value, deleted as it is read; None when unknown or expired."""
        if not token or len(token) > 128:
            return None
        with self._db() as db:
            row = db.execute(
                "DELETE FROM pending WHERE id_hash = ? RETURNING flow, created_at", (_hash(token),)
            ).fetchone()
        if row is None or self.clock() - row[1] > FLOW_SECONDS:
            return None
        return PendingFlow(**json.loads(row[0]))

    def username_of(self, issuer: str, subject: str) -> str | None:
        with self._db() as db:
            row = db.execute(
                "SELECT username FROM identities WHERE issuer = ? AND subject = ?",
                (issuer, subject),
            ).fetchone()
        return row[0] if row else None

    def link(self, issuer: str, subject: str, username: str) -> None:
        with self._db() as db:
            db.execute(
                "INSERT INTO identities (issuer, subject, username, linked_at) VALUES (?, ?, ?, ?)",
                (issuer, subject, username, self.clock()),
            )

    def is_linked(self, username: str) -> bool:
        with self._db() as db:
            row = db.execute("SELECT 1 FROM identities WHERE username = ?", (username,)).fetchone()
        return row is not None


# -- from claims to a local user ---------------------------------------------------------


def groups_of(claims: Mapping[str, Any], claim: str) -> set[str]:
    """The groups in the token: a list of strings, or one string (a single group)."""
    value = claims.get(claim)
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {g for g in value if isinstance(g, str)}
    return set()


def rule_for(rules: tuple[GroupRule, ...], groups: set[str]) -> GroupRule | None:
    """The first rule whose group the user has; None when no group is mapped (no access)."""
    return next((rule for rule in rules if rule.group in groups), None)


def _allowed(role: Role, organisation: str | None) -> bool:
    try:
        check_scope(role, organisation, None)
    except BosocError:
        return False
    return True


def bring_in_line(users: UserStore, user: User, rule: GroupRule) -> None:
    """Give an SSO user the role and scope of its group rule (each change audited by
    `UserStore` as actor `sso`). The order keeps every step a valid combination of role
    and scope (an admin cannot be restricted, a partner must be), passing through
    `analyst`, which allows both, when neither direct order does."""
    name, role, organisation = user.username, rule.role, rule.housing_organisation
    same_scope = user.housing_organisation == organisation and user.areas is None
    if user.role is role and same_scope:
        return

    def set_scope() -> None:
        if not same_scope:
            users.set_areas(name, housing_organisation=organisation, actor="sso")

    def set_role() -> None:
        if user.role is not role:
            users.set_role(name, role, actor="sso")

    if _allowed(user.role, organisation):
        set_scope()
        set_role()
    elif _allowed(role, user.housing_organisation) and user.areas is None:
        set_role()
        set_scope()
    else:
        users.set_role(name, Role.analyst, actor="sso")
        users.set_areas(name, housing_organisation=organisation, actor="sso")
        if role is not Role.analyst:
            users.set_role(name, role, actor="sso")


def local_user_for(
    settings: OidcSettings, store: SsoStore, users: UserStore, claims: Mapping[str, Any]
) -> User:
    """The local user of a verified ID token: created on first login, role and scope
    brought in line with its groups. Raises `SsoFailure` when access is refused.

    The provider's identity (issuer, `sub`) is tied to the username it first logged in
    with; later logins use that username even if the username claim changes. SSO never
    takes over an account it did not create (a local password account of that name)."""
    subject = str(claims["sub"])
    linked = store.username_of(settings.issuer, subject)
    username = linked
    if username is None:
        raw = claims.get(settings.username_claim)
        try:
            username = clean_username(raw if isinstance(raw, str) else "")
        except BosocError:
            raise SsoFailure(403, "bad_username", "sso_bad_username") from None
    rule = rule_for(settings.group_rules, groups_of(claims, settings.groups_claim))
    if rule is None:
        raise SsoFailure(403, "no_mapped_group", "sso_no_access", actor=username)
    taken = SsoFailure(403, "username_taken", "sso_username_taken", name=username)
    user = users.get(username)
    if user is None:
        if linked is None and store.is_linked(username):
            raise taken  # the name belongs to another identity of the provider
        try:
            # A generated password that nobody is told: the account logs in by SSO.
            users.add(username, rule.role, None, rule.housing_organisation, actor="sso")
            if linked is None:
                store.link(settings.issuer, subject, username)
        except (BosocError, sqlite3.IntegrityError):
            raise taken from None
    elif linked != username:
        raise taken
    elif not user.enabled:
        raise SsoFailure(403, "disabled", "sso_no_access", actor=username)
    else:
        bring_in_line(users, user, rule)
    fresh = users.get(username)
    if fresh is None or not fresh.enabled:
        raise SsoFailure(403, "disabled", "sso_no_access", actor=username)
    return fresh


# -- the provider ------------------------------------------------------------------------


class SsoLogin:
    """The configured provider (Authlib's Starlette OAuth client) and the SSO store."""

    def __init__(self, settings: OidcSettings, store: SsoStore) -> None:
        self.settings = settings
        self.store = store
        registry = OAuth()
        registry.register(
            name="municipality",
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            server_metadata_url=settings.metadata_url,
            client_kwargs={
                "scope": settings.scopes,
                "code_challenge_method": "S256",
                "timeout": HTTP_TIMEOUT_SECONDS,
                "token_endpoint_auth_method": (
                    "client_secret_basic" if settings.client_secret else "none"
                ),
            },
        )
        self.client: StarletteOAuth2App = registry.create_client("municipality")

    async def _metadata(self) -> dict[str, Any]:
        try:
            metadata: dict[str, Any] = await self.client.load_server_metadata()
        except http.HTTPError:
            raise _unreachable() from None
        except (ValueError, TypeError, AttributeError):  # not a JSON object
            raise SsoFailure(502, "provider_misconfigured", "sso_provider_down") from None
        if metadata.get("issuer") != self.settings.issuer:
            # OpenID Connect Discovery 1.0, section 4.3: the issuer must be the one asked.
            self.client.server_metadata.clear()
            log.error("the provider's metadata names issuer %r", metadata.get("issuer"))
            raise SsoFailure(502, "provider_misconfigured", "sso_provider_down")
        announced = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        metadata["id_token_signing_alg_values_supported"] = [
            a for a in announced if a in SIGNING_ALGORITHMS
        ] or ["RS256"]
        return metadata

    async def begin(self, redirect_uri: str) -> dict[str, str]:
        """`url` (the provider's authorization address), `state`, `nonce`, `code_verifier`."""
        await self._metadata()
        try:
            started: dict[str, str] = await self.client.create_authorization_url(redirect_uri)
        except (RuntimeError, AuthlibBaseError):
            raise SsoFailure(502, "provider_misconfigured", "sso_provider_down") from None
        return started

    def _claims_options(self) -> dict[str, dict[str, object]]:
        return {
            "iss": {"essential": True, "value": self.settings.issuer},
            "aud": {"essential": True, "value": self.settings.client_id},
            "sub": {"essential": True},
            "exp": {"essential": True},
            "iat": {"essential": True},
        }

    async def verified_claims(self, code: str, flow: PendingFlow) -> dict[str, Any]:
        """Exchange `code` and verify the ID token; its claims, or `SsoFailure`."""
        await self._metadata()
        try:
            token = await self.client.fetch_access_token(
                redirect_uri=flow.redirect_uri, code=code, code_verifier=flow.code_verifier
            )
        except http.TransportError:
            raise _unreachable() from None
        except http.HTTPStatusError as problem:
            if problem.response.status_code >= 500:  # the provider's own trouble
                raise _unreachable() from None
            raise SsoFailure(401, "token_refused", "sso_bad_token") from None
        except (AuthlibBaseError, http.HTTPError, ValueError, TypeError):
            raise SsoFailure(401, "token_refused", "sso_bad_token") from None
        if not isinstance(token, dict) or not isinstance(token.get("id_token"), str):
            raise _bad_token()
        try:
            claims = await self.client.parse_id_token(
                token,
                nonce=flow.nonce,
                claims_options=self._claims_options(),
                leeway=LEEWAY_SECONDS,
            )
        except http.TransportError:
            raise _unreachable() from None
        except (JoseError, AuthlibBaseError, http.HTTPError, ValueError, TypeError, KeyError):
            raise _bad_token() from None
        return dict(claims)


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
            raise _bad_state()
        if query.get("error"):
            raise SsoFailure(401, "provider_error", "sso_denied")
        code = query.get("code", "")
        if not code or len(code) > 2048:
            raise _bad_state()
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
