"""Serving the application with uvicorn (`bosoc serve`)."""

from __future__ import annotations

import ipaddress

import uvicorn

from bosocdata.access.demo import has_enabled_users
from bosocdata.errors import BosocError
from bosocdata.settings import Paths
from bosocdata.web.app import create_app
from bosocdata.web.auth.context import AUTH_ENV, AuthMode, auth_mode_from_env


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_local_mode(mode: AuthMode, host: str) -> None:
    """Local mode (no login) serves only this machine: refuse any other address."""
    if mode is AuthMode.off and not is_loopback(host):
        raise BosocError(
            f"{AUTH_ENV}=off serves without login and only on 127.0.0.1, not on {host}",
            hint="unset BOSOC_WEB_AUTH (login required) to serve other machines, "
            "or serve on --host 127.0.0.1",
        )


def serve_app(
    paths: Paths, host: str = "127.0.0.1", port: int = 8000, auth: AuthMode | None = None
) -> None:
    """Serve the published zone of `paths` on http://host:port until interrupted.

    The application starts even when nothing is published yet: its pages then say so
    (HTTP 503) until `bosoc compute` writes the published zone. Login is required unless
    `BOSOC_WEB_AUTH=off` (or `auth=AuthMode.off`), which is refused off the loopback.
    """
    mode = auth_mode_from_env() if auth is None else auth
    check_local_mode(mode, host)
    app = create_app(paths.published, auth=mode, paths=paths)
    print(f"BoSocData: http://{host}:{port}/  (published zone: {paths.published})")
    if mode is AuthMode.off:
        print("Local mode: no login, every area, this machine only.")
    elif not has_enabled_users(paths):
        print("No users yet: add one with `bosoc users add NAME --role admin`.")
    uvicorn.run(
        app,
        host=host,
        port=port,
        server_header=False,
        date_header=False,
        log_level="info",
        proxy_headers=True,  # https from a reverse proxy on 127.0.0.1 marks cookies Secure
    )
