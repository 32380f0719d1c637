"""Who is asking: the login mode, the user of a request and what the user may see and do.

Two modes (see docs/concepts/security.md):

- `login` (the default): every page, API route and export needs a logged-in user of
  `$BOSOC_HOME/access/users.sqlite`; the user's role and area scope are enforced on the
  server (`bosocdata.access.allowed_areas`, `can_export`).
- `off`: no login, every area, for one person on their own machine. Only when chosen
  explicitly (`BOSOC_WEB_AUTH=off` or `create_app(..., auth="off")`), and `bosoc serve`
  then refuses any address but the loopback one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from fastapi import Request

from bosocdata.access import LoginThrottle, Role, User, UserStore, allowed_areas, can_export
from bosocdata.access.second_factor import SecondFactorStore, required_roles_from_env
from bosocdata.access.sessions import Session, SessionStore, sessions_db_path
from bosocdata.errors import BosocError
from bosocdata.presentation.zone import EVERY_AREA, NO_AREA, OrganisationsOf, ScopeRule
from bosocdata.settings import Paths, setting

AUTH_ENV = "BOSOC_WEB_AUTH"
SECURE_COOKIES_ENV = "BOSOC_WEB_SECURE_COOKIES"
SESSION_COOKIE = "bosoc_session"
CSRF_COOKIE = "bosoc_csrf"
"""Before login there is no session to hold a CSRF token: the login form's token is also
set in this cookie and the two must match (the double-submit pattern)."""
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
LOCAL_ACTOR = "(local mode)"

PUBLIC_PATHS = frozenset(
    {
        "/login",
        "/healthz",
        # Single sign-on (sso_routes.py): starting the flow and the provider's redirect back
        # come before any login. Both answer 404 when SSO is not configured.
        "/login/sso",
        "/login/sso/callback",
        # The second factor of a password login (second_factor_routes.py): the password
        # was right, the session comes after the code.
        "/login/totp",
    }
)
PUBLIC_PREFIXES = ("/static/",)
EXPORT_PREFIXES = ("/api/", "/eksport")
"""Routes that hand data over for use elsewhere: viewers may not, and every call is
written to the audit log as an `export`."""


class AuthMode(StrEnum):
    login = "login"
    off = "off"


_TRUE = {"1", "true", "yes", "on"}


def auth_mode_from_env() -> AuthMode:
    """`BOSOC_WEB_AUTH`: `off` switches login off; anything else (or nothing) keeps it on."""
    raw = setting("web_auth").strip().lower()
    if raw in {"", "on", "login", "true", "1", "yes"}:
        return AuthMode.login
    if raw in {"off", "false", "0", "no"}:
        return AuthMode.off
    raise BosocError(
        f"{AUTH_ENV} must be 'login' or 'off', got {raw!r}",
        hint="leave it unset: login is required whenever the application serves pages",
    )


def secure_cookies_from_env() -> bool:
    """`BOSOC_WEB_SECURE_COOKIES=on`: mark cookies Secure even when the request arrives
    over plain HTTP (behind a TLS-terminating proxy that does not say so)."""
    return setting("web_secure_cookies").strip().lower() in _TRUE


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


JOB_PREFIX = "/rapporter/"
"""A report job's pages (web/jobs): only for users with the export right; downloading its
file (`/rapporter/{id}/fil`) is an export."""


def is_export(path: str) -> bool:
    """A call that hands data over: audited as an `export`."""
    return path.startswith(EXPORT_PREFIXES) or (
        path.startswith(JOB_PREFIX) and path.endswith("/fil")
    )


def needs_export_right(path: str) -> bool:
    """A viewer gets 403: the exports, and the report jobs' pages."""
    return is_export(path) or path.startswith(JOB_PREFIX)


def export_format(path: str, query_format: str | None) -> str:
    """What the audit log calls an export's format: pdf, geojson, xlsx, csv or json."""
    if path.startswith(("/eksport/pdf", JOB_PREFIX)):
        return "pdf"
    if path.endswith(".geojson"):
        return "geojson"
    if query_format:
        return query_format
    return "csv" if path.startswith("/eksport") else "json"


def is_api(path: str) -> bool:
    return path.startswith("/api/")


@dataclass(frozen=True)
class AuthContext:
    """The user of one request (None when not logged in) and what follows from it."""

    mode: AuthMode
    user: User | None = None
    session: Session | None = None

    @property
    def local(self) -> bool:
        return self.mode is AuthMode.off

    @property
    def allowed_in(self) -> bool:
        """May see the application's pages at all."""
        return self.local or self.user is not None

    @property
    def may_export(self) -> bool:
        return self.local or (self.user is not None and can_export(self.user))

    @property
    def actor(self) -> str:
        return self.user.username if self.user else LOCAL_ACTOR

    @property
    def scope(self) -> ScopeRule:
        """The areas this request may see, worked out on the published zone itself."""
        if self.local:
            return EVERY_AREA
        user = self.user
        if user is None or not user.enabled:
            return NO_AREA
        if user.role is Role.admin and not user.is_restricted:
            return EVERY_AREA

        def rule(organisations: OrganisationsOf) -> set[str] | None:
            return allowed_areas(user, organisations())

        return rule


ANONYMOUS = AuthContext(AuthMode.login)


@dataclass
class WebAuth:
    """The application's accounts, throttle and sessions (one per application)."""

    mode: AuthMode
    paths: Paths
    users: UserStore
    throttle: LoginThrottle
    sessions: SessionStore
    second_factor: SecondFactorStore
    second_factor_roles: frozenset[Role] = frozenset()
    secure_cookies: bool = False

    @classmethod
    def create(
        cls,
        mode: AuthMode,
        paths: Paths,
        *,
        hasher: PasswordHasher | None = None,
        secure_cookies: bool | None = None,
        idle_seconds: float | None = None,
        clock: Callable[[], float] | None = None,
        second_factor_roles: frozenset[Role] | None = None,
    ) -> WebAuth:
        session_options: dict[str, object] = {}
        if idle_seconds is not None:
            session_options["idle_seconds"] = idle_seconds
        if clock is not None:
            session_options["clock"] = clock
        return cls(
            mode=mode,
            paths=paths,
            users=UserStore(paths, hasher=hasher),
            throttle=LoginThrottle(paths, clock=clock) if clock else LoginThrottle(paths),
            sessions=SessionStore(sessions_db_path(paths.home), **session_options),  # type: ignore[arg-type]
            second_factor=(
                SecondFactorStore(paths, clock=clock) if clock else SecondFactorStore(paths)
            ),
            second_factor_roles=(
                required_roles_from_env() if second_factor_roles is None else second_factor_roles
            ),
            secure_cookies=secure_cookies_from_env() if secure_cookies is None else secure_cookies,
        )

    def needs_second_factor(self, user: User) -> bool:
        """A password login of `user` must be followed by a code: the role requires it,
        or the user has enrolled of their own accord."""
        return user.role in self.second_factor_roles or self.second_factor.enrolled(user.username)

    def has_enabled_users(self) -> bool:
        return any(u.enabled for u in self.users.list())

    def context_for(self, session_token: str | None) -> AuthContext:
        """The context of a request carrying `session_token` (the session cookie)."""
        if self.mode is AuthMode.off:
            return AuthContext(AuthMode.off)
        session = self.sessions.get(session_token)
        if session is None:
            return ANONYMOUS
        user = self.users.get(session.username)
        if user is None or not user.enabled:
            # Disabled or deleted since login: the session ends at once.
            self.sessions.end(session)
            return ANONYMOUS
        return AuthContext(AuthMode.login, user, session)

    def cookie_is_secure(self, request: Request) -> bool:
        return self.secure_cookies or request.url.scheme == "https"


def auth_of(request: Request) -> AuthContext:
    """The request's context as the gate set it; anonymous when it is missing (fail closed)."""
    context = request.scope.get("state", {}).get("bosoc_auth")
    return context if isinstance(context, AuthContext) else ANONYMOUS


def web_auth_of(request: Request) -> WebAuth:
    auth: WebAuth = request.app.state.auth
    return auth
