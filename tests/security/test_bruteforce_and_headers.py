"""Brute force against the login, and the security headers on every kind of response."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from security_fixture import new_client
from security_routes import GET_ROUTES, fill
from web_login import PASSWORD, add_user, csrf_of
from web_published_fixture import write_published

from bosocdata.auditlog import read_lines
from bosocdata.settings import Paths


def _attempt(client: TestClient, username: str, password: str) -> object:
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def test_the_sixth_try_is_refused_without_checking_the_password(tmp_path: Path) -> None:
    home = tmp_path / "home"
    published = write_published(home / "published" / "published.duckdb")
    add_user(home, "offer", "analyst")
    with new_client(published) as client:
        statuses = [
            _attempt(client, "offer", f"forkert adgangskode nr {n}").status_code  # type: ignore[attr-defined]
            for n in range(1, 5)
        ]
        assert statuses == [401, 401, 401, 401]
        fifth = _attempt(client, "offer", "forkert adgangskode nr 5")
        assert fifth.status_code == 429  # type: ignore[attr-defined]
        sixth = _attempt(client, "offer", PASSWORD)  # the right password, while locked
        assert sixth.status_code == 429  # type: ignore[attr-defined]
        assert "For mange forsøg" in sixth.text  # type: ignore[attr-defined]
        assert int(sixth.headers["retry-after"]) > 0  # type: ignore[attr-defined]
        assert "bosoc_session" not in client.cookies
    entries = [line.entry for line in read_lines(Paths(home))]
    failed = [e for e in entries if e["event"] == "failed_login"]
    assert [e["details"]["reason"] for e in failed] == ["bad_credentials"] * 5 + ["throttled"]
    assert not [e for e in entries if e["event"] == "login"]


def test_wrong_password_and_unknown_user_look_alike(tmp_path: Path) -> None:
    home = tmp_path / "home"
    published = write_published(home / "published" / "published.duckdb")
    add_user(home, "kendt", "analyst")
    with new_client(published) as client:
        wrong = _attempt(client, "kendt", "forkert adgangskode her")
        unknown = _attempt(client, "ukendt", "forkert adgangskode her")
    assert wrong.status_code == unknown.status_code == 401  # type: ignore[attr-defined]
    assert "Forkert brugernavn eller adgangskode" in wrong.text  # type: ignore[attr-defined]
    assert wrong.text == unknown.text  # type: ignore[attr-defined]


def _responses(as_user: Callable[[str], TestClient], app_client: TestClient) -> list[object]:
    admin, viewer = as_user("admin"), as_user("laeser")
    token = csrf_of(admin.get("/").text)
    return [
        *(admin.get(fill(route, "aeblehaven")) for route in GET_ROUTES),  # 200s
        app_client.get("/", follow_redirects=False),  # 303 to the login page
        app_client.get("/api/areas"),  # 401
        app_client.post("/login", data={}),  # 403: no CSRF token
        viewer.get("/eksport"),  # 403: no export
        admin.get("/omraade/nowhere"),  # 404
        admin.get("/no/such/page"),  # 404
        admin.get("/?year=abc"),  # 400
        admin.put("/", headers={"X-CSRF-Token": token}),  # 405
        admin.post("/logout", headers={"Content-Length": str(10**9)}),  # 413
        admin.get("/", params={"year": "1" * 9000}),  # 414
        admin.get("/static/style.css"),
    ]


def test_every_kind_of_response_carries_the_security_headers(
    as_user: Callable[[str], TestClient], app_client: TestClient
) -> None:
    responses = _responses(as_user, app_client)
    statuses = {r.status_code for r in responses}  # type: ignore[attr-defined]
    assert {200, 303, 400, 401, 403, 404, 405, 413, 414} <= statuses
    for response in responses:
        headers = response.headers  # type: ignore[attr-defined]
        policy = headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "server" not in headers


@pytest.mark.parametrize("page", ["/", "/omraade/aeblehaven", "/api/areas", "/eksport"])
def test_pages_with_data_are_not_cached_by_the_browser(
    as_user: Callable[[str], TestClient], page: str
) -> None:
    assert as_user("admin").get(page).headers["cache-control"] == "no-store"
