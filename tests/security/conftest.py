"""Fixtures of the security tests: a home with one account per role (see
security_fixture.py), clients logged in as each."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from security_fixture import USERS, TestClient, new_client
from web_evaluation_fixture import add_evaluation
from web_login import add_user, log_in
from web_published_fixture import write_published


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("security-home")
    path = add_evaluation(write_published(home / "published" / "published.duckdb"))
    for name, options in USERS.items():
        add_user(home, name, **options)  # type: ignore[arg-type]
    return path


@pytest.fixture(scope="module")
def app_client(published: Path) -> Iterator[TestClient]:
    """Not logged in."""
    with new_client(published) as client:
        yield client


@pytest.fixture(scope="module")
def as_user(published: Path) -> Iterator[Callable[[str], TestClient]]:
    """`as_user("frugt")`: a client logged in as that user (one login per module)."""
    clients: dict[str, TestClient] = {}

    def logged_in(name: str) -> TestClient:
        if name not in clients:
            client = new_client(published).__enter__()
            assert log_in(client, name).status_code == 303  # type: ignore[attr-defined]
            clients[name] = client
        return clients[name]

    yield logged_in
    for client in clients.values():
        client.__exit__(None, None, None)
