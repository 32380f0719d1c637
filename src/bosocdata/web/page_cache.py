"""Pages and exports served again from memory while the published zone is unchanged.

The published zone changes only when `bosoc compute` replaces its file, so a page is the
same for every reader who sees the same areas in the same language until then: fifty
analysts opening the area profiles of a morning ask for the same few dozen pages. A page
or export is kept under a key of everything it depends on:

- the published file's identity (inode, modification time, size): a new compute is a
  new key, so nothing old is ever served;
- the areas the user may see (resolved on the zone, so two partners of the same
  organisation share, and a partner never gets a page made for other areas);
- the language, the role and the export right (the menus differ), local mode;
- the route and its whole query string.

What differs between two readers of one page, the form token against request forgery
and the name in the header, is rendered as a placeholder while the page is kept and
filled in for each reader (`holes`). A request that sets a cookie (`?lang=`, a new
token in local mode) is not cached. The guard (export right, audit log) runs before
every call, hit or not, because the cache sits in the route's handler.

The cache is bounded in bytes (`BOSOC_WEB_CACHE_MB`, 0 switches it off) and forgets the
least recently used entries first.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import Response
from markupsafe import escape

from bosocdata.settings import whole_number_setting
from bosocdata.web.auth import auth_of

CSRF_HOLE = "bosoc-hole-csrf-3f9c1a"
USER_HOLE = "bosoc-hole-user-3f9c1a"
_holes: ContextVar[bool] = ContextVar("bosoc_page_holes", default=False)

Handler = TypeVar("Handler", bound=Callable[..., Response])


def holes() -> bool:
    """Whether the page now rendering is kept for others: render placeholders."""
    return _holes.get()


@contextmanager
def _rendering_with_holes() -> Any:
    token = _holes.set(True)
    try:
        yield
    finally:
        _holes.reset(token)


@dataclass(frozen=True)
class Kept:
    body: bytes
    status: int
    headers: tuple[tuple[str, str], ...]
    media_type: str | None


def cache_megabytes() -> int:
    """`BOSOC_WEB_CACHE_MB` (0 switches the cache off)."""
    return whole_number_setting("web_cache_mb", low=0)


class PageCache:
    """Least recently used pages, bounded in bytes; safe to share between threads."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, Kept] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Kept | None:
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None:
                self._entries.move_to_end(key)
            return kept

    def put(self, key: Hashable, kept: Kept) -> None:
        size = len(kept.body)
        if size > self.max_bytes // 4:  # one huge export must not empty the cache
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = kept
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._entries)


def _cache_of(request: Request) -> PageCache | None:
    cache: PageCache | None = getattr(request.app.state, "page_cache", None)
    return cache if cache is not None and cache.max_bytes > 0 else None


def _key(request: Request, route: str) -> Hashable | None:
    """Everything the answer depends on, or None when it must not be kept."""
    from bosocdata.web.rendering import csrf_token_for, language_of

    if "lang" in request.query_params:
        return None  # sets the language cookie
    if csrf_token_for(request)[1]:
        return None  # sets a new form token cookie
    auth = auth_of(request)
    version = request.app.state.zone.version(auth.scope)
    if version is None:
        return None  # nothing published: the handler answers that
    role = auth.user.role.value if auth.user is not None else None
    return (
        route,
        version,
        language_of(request),
        role,
        auth.may_export,
        auth.local,
        request.url.path,
        str(request.url.query),
    )


def _fill(request: Request, body: bytes) -> bytes:
    """The reader's own token and name in the placeholders."""
    if CSRF_HOLE.encode() not in body and USER_HOLE.encode() not in body:
        return body
    from bosocdata.web.rendering import csrf_token_for

    auth = auth_of(request)
    name = str(escape(auth.user.username)) if auth.user is not None else ""
    token = str(escape(csrf_token_for(request)[0]))
    return body.replace(CSRF_HOLE.encode(), token.encode()).replace(
        USER_HOLE.encode(), name.encode()
    )


def _answer(request: Request, kept: Kept) -> Response:
    return Response(
        _fill(request, kept.body),
        status_code=kept.status,
        headers=dict(kept.headers),
        media_type=kept.media_type,
    )


def _keep(response: Response) -> Kept | None:
    if response.status_code != 200 or "set-cookie" in response.headers:
        return None
    if not isinstance(response.body, bytes):  # a streamed or file answer
        return None
    headers = tuple(
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in ("content-length", "content-type")
    )
    return Kept(bytes(response.body), response.status_code, headers, response.media_type)


def cached(handler: Handler) -> Handler:
    """Keep `handler`'s answers (a GET of published data) as the module says."""
    route = f"{handler.__module__}.{handler.__qualname__}"

    @functools.wraps(handler)
    def wrapper(request: Request, *args: Any, **kwargs: Any) -> Response:
        cache = _cache_of(request)
        key = _key(request, route) if cache is not None else None
        if cache is None or key is None:
            return handler(request, *args, **kwargs)
        kept = cache.get(key)
        if kept is None:
            with _rendering_with_holes():
                response = handler(request, *args, **kwargs)
            kept = _keep(response)
            if kept is None:
                # Not kept (an error page, a cookie): rendered with placeholders, so
                # filled in here all the same.
                if isinstance(response.body, bytes):
                    response.body = _fill(request, bytes(response.body))
                    response.headers["content-length"] = str(len(response.body))
                return response
            cache.put(key, kept)
        return _answer(request, kept)

    return wrapper  # type: ignore[return-value]
