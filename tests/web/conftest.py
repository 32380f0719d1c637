from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from oidc_site import (  # noqa: F401 - the single sign-on tests' fixtures (oidc_site.py)
    provider,
    published_file,
    site,
)
from web_login import CHEAP_HASHER, add_user, home_of, log_in
from web_published_fixture import write_published

from bosocdata.web.app import create_app

with warnings.catch_warnings():
    # starlette asks for the `httpx2` package instead of the pinned `httpx`; harmless here.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def published_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The published file, in a home that also holds one account: the admin `admin`.

    Shared by the session: the application opens the file read-only and never changes it
    (test_safety checks that published/ still holds that one file only).
    """
    home = tmp_path_factory.mktemp("bosoc-home")
    path = write_published(home / "published" / "published.duckdb")
    add_user(home, "admin", "admin")
    return path


@pytest.fixture(scope="session")
def session_cookie(published_path: Path) -> str:
    """One login of `admin` for the whole session: every `client` presents its cookie."""
    with TestClient(create_app(published_path, auth="login", hasher=CHEAP_HASHER)) as c:
        assert log_in(c, "admin").status_code == 303  # type: ignore[attr-defined]
        return c.cookies["bosoc_session"]


@pytest.fixture()
def client(published_path: Path, session_cookie: str) -> Iterator[TestClient]:
    """A browser logged in as the admin `admin`."""
    app = create_app(published_path, auth="login", hasher=CHEAP_HASHER)
    with TestClient(app) as c:
        c.cookies.set("bosoc_session", session_cookie)
        yield c


@pytest.fixture()
def local_client(published_path: Path) -> Iterator[TestClient]:
    """Local mode: no login (`auth="off"`)."""
    with TestClient(create_app(published_path, auth="off")) as c:
        yield c


__all__ = ["home_of"]
