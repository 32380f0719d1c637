"""Serving the application with uvicorn (`bosoc serve`)."""

from __future__ import annotations

import errno
import ipaddress
import socket

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


def bind_port(host: str, port: int, *, retry: str) -> socket.socket:
    """The listening address, taken before any work, so that a busy port is said at once.

    The bound socket goes to uvicorn as it is: no other program can take the port in
    between, and uvicorn's own failure (a log line and exit 1) cannot happen. `retry`
    is the command to suggest with another port, `{port}` standing for the port.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM
        )[0]
    except (socket.gaierror, UnicodeError):
        raise BosocError(
            f"adressen {host!r} kendes ikke (unknown address)", hint="e.g. --host 127.0.0.1"
        ) from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
    try:
        sock.bind(address)
    except OSError as error:
        sock.close()
        raise port_problem(error, host, port, retry) from None
    return sock


def port_problem(error: OSError, host: str, port: int, retry: str) -> BosocError:
    other = free_port_near(host, port)
    if error.errno == errno.EADDRINUSE:
        return BosocError(
            f"port {port} på {host} er optaget af et andet program (port {port} is in use)",
            hint=f"try {retry.format(port=other)}",
        )
    if error.errno in (errno.EACCES, errno.EPERM):
        return BosocError(
            f"port {port} kræver særlige rettigheder (port {port} needs privileges)",
            hint=f"try {retry.format(port=other)}",
        )
    return BosocError(
        f"kan ikke lytte på {host}:{port}: {error.strerror} (cannot listen there)",
        hint="serve on --host 127.0.0.1 or an address of this machine",
    )


def free_port_near(host: str, port: int) -> int:
    """A port to suggest: the first free one of port+10, port+11, ..., else port+10."""
    for candidate in range(port + 10, port + 60):
        try:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1" if is_loopback(host) else "", candidate))
            return candidate
        except OSError:
            continue
    return port + 10


def serve_app(
    paths: Paths,
    host: str = "127.0.0.1",
    port: int = 8000,
    auth: AuthMode | None = None,
    *,
    sock: socket.socket | None = None,
) -> None:
    """Serve the published zone of `paths` on http://host:port until interrupted.

    The application starts even when nothing is published yet: its pages then say so
    (HTTP 503) until `bosoc compute` writes the published zone. Login is required unless
    `BOSOC_WEB_AUTH=off` (or `auth=AuthMode.off`), which is refused off the loopback.
    `sock` is the address already taken with `bind_port` (by `bosoc demo`, before its work).
    """
    mode = auth_mode_from_env() if auth is None else auth
    check_local_mode(mode, host)
    if sock is None:
        sock = bind_port(host, port, retry="bosoc serve --port {port}")
    with sock:
        app = create_app(paths.published, auth=mode, paths=paths)
        print(f"BoSocData: http://{host}:{port}/  (published zone: {paths.published})")
        if mode is AuthMode.off:
            print("Local mode: no login, every area, this machine only.")
        elif not has_enabled_users(paths):
            print("No users yet: add one with `bosoc users add NAME --role admin`.")
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            server_header=False,
            date_header=False,
            log_level="info",
            timeout_graceful_shutdown=5,  # then the lifespan's end stops the report workers
            proxy_headers=False,  # forwarded headers: from BOSOC_WEB_TRUSTED_PROXIES only (app)
        )
        uvicorn.Server(config).run(sockets=[sock])
