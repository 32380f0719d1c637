"""Accounts and logging in for the web tests (fictitious users, cheap password hashes)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from argon2 import PasswordHasher

from bosocdata.access import UserStore
from bosocdata.settings import Paths

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
"""argon2id with tiny costs so that logging in is quick; the real costs are the access
package's to test."""

PASSWORD = "blå hest springer over 7 grøfter"
"""Every test user's password (they differ by name); it passes the password rules."""

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def home_of(published_path: Path) -> Path:
    return published_path.parent.parent


def add_user(
    home: Path,
    username: str,
    role: str,
    *,
    housing_organisation: str | None = None,
    areas: list[str] | None = None,
) -> None:
    UserStore(Paths(home), hasher=CHEAP_HASHER).add(
        username, role, PASSWORD, housing_organisation=housing_organisation, areas=areas
    )


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> object:
    """Fetch the login page (for its CSRF token and cookie) and post the form."""
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )


def fetch_report(client: TestClient, url: str, seconds: float = 300) -> bytes:
    """A PDF report as the browser gets it: the route sends to the job's page, which is
    followed until the file is ready, then the file."""
    import time

    answer = client.get(url, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    page = answer.headers["location"]
    deadline = time.monotonic() + seconds
    while "job-download" not in client.get(page).text:
        assert time.monotonic() < deadline, f"the report of {url} was not ready in time"
        time.sleep(0.5)
    return client.get(page + "/fil").content
