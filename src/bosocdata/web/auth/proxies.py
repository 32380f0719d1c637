"""Trusted proxies: whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed.

The client address of a request decides the login throttle's per-address count, the
audit log's `client` and the sessions page; the scheme decides whether cookies are
Secure. Both come from the connection itself unless the peer is one of the proxies in
`BOSOC_WEB_TRUSTED_PROXIES` (addresses or networks, e.g. `127.0.0.1` or `10.0.0.0/24`):
only then are the forwarded headers used (uvicorn's `ProxyHeadersMiddleware`, which takes
the right-most address of `X-Forwarded-For` that is not itself a trusted proxy). By
default no proxy is trusted, so a client cannot choose its own address by sending the
header.
"""

from __future__ import annotations

import ipaddress

from bosocdata.errors import BosocError
from bosocdata.settings import setting

TRUSTED_PROXIES_ENV = "BOSOC_WEB_TRUSTED_PROXIES"


def trusted_proxies_from_env(raw: str | None = None) -> tuple[str, ...]:
    """The trusted proxies: addresses or networks separated by commas or spaces; none
    when unset. `*` (trust anyone) is refused: it would hand the address to the client."""
    text = setting("web_trusted_proxies") if raw is None else raw
    entries = [e for e in text.replace(",", " ").split() if e]
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise BosocError(
                f"{TRUSTED_PROXIES_ENV}: {entry!r} is not an IP address or network",
                hint="e.g. 127.0.0.1 for a reverse proxy on this machine, or 10.0.0.0/24; "
                "leave it unset when clients connect directly",
            ) from None
    return tuple(entries)
