from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_published_fixture import write_published

from bosocdata.web.app import create_app

with warnings.catch_warnings():
    # starlette asks for the `httpx2` package instead of the pinned `httpx`; harmless here.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def published_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Only the published file, inside a folder that holds nothing else.

    Shared by the session: the application opens it read-only and never changes it
    (test_safety checks that the folder still holds that one file only).
    """
    home = tmp_path_factory.mktemp("bosoc-home")
    return write_published(home / "published" / "published.duckdb")


@pytest.fixture()
def client(published_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(published_path)) as c:
        yield c
