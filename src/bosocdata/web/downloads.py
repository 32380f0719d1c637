"""The `Content-Disposition` of a download, per RFC 6266 and RFC 5987 (RFC 8187).

A file name may hold any character an area id holds (`Æblehaven`, `Øst`, or a script
beyond Latin-1), but an HTTP header is Latin-1 at most and a quoted name cannot hold
`"` or `\\`. So the header carries two names: `filename=` in plain ASCII (each other
character an `_`), for old clients, and `filename*=UTF-8''…` with the exact name
percent-encoded, which every current browser prefers.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response

_ASCII_KEEP = frozenset("-_.() ")


def ascii_fallback(name: str) -> str:
    """`name` with every character outside printable ASCII (and `"`, `\\`) made `_`."""
    return "".join(
        ch if (ch.isascii() and ch.isalnum()) or ch in _ASCII_KEEP else "_" for ch in name
    )


def content_disposition(name: str) -> str:
    """`attachment; filename="…"; filename*=UTF-8''…` for the file name `name`."""
    fallback = ascii_fallback(name)
    exact = quote(name, safe="")
    if exact == fallback:
        return f'attachment; filename="{fallback}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{exact}"


def attachment(body: bytes, media_type: str, name: str) -> Response:
    """`body` as a download named `name`."""
    return Response(
        body, media_type=media_type, headers={"Content-Disposition": content_disposition(name)}
    )
