"""Who is asking and what they may do: the login mode and context of a request
(context.py), sessions (sessions.py), the password login (login.py), single sign-on
(sso_settings.py, sso_store.py, sso_client.py, sso_routes.py), the gate every request
passes (gate.py: sizes, session, CSRF, login) and the guard before every route (guard.py:
area scope, export right, audit). See docs/concepts/security.md."""

from bosocdata.web.auth.context import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    AuthContext,
    AuthMode,
    WebAuth,
    auth_of,
    is_api,
    is_export,
    is_public,
    web_auth_of,
)

__all__ = [
    "CSRF_COOKIE",
    "SESSION_COOKIE",
    "AuthContext",
    "AuthMode",
    "WebAuth",
    "auth_of",
    "is_api",
    "is_export",
    "is_public",
    "web_auth_of",
]
