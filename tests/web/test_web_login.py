"""Login mode and local mode, the login page, and the demo's first admin."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_login import CHEAP_HASHER, add_user, csrf_of, log_in
from web_published_fixture import write_published

from bosocdata.access import Role, UserStore
from bosocdata.access.demo import ensure_demo_admin
from bosocdata.errors import BosocError
from bosocdata.settings import Paths
from bosocdata.web.app import create_app
from bosocdata.web.auth.context import AuthMode, auth_mode_from_env
from bosocdata.web.server import check_local_mode


def test_login_is_required_by_default(published_path: Path) -> None:
    with TestClient(create_app(published_path)) as client:
        response = client.get("/omraade/bakken", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=%2Fomraade%2Fbakken"
        assert client.get("/api/areas").json() == {"error": "login required"}


def test_logging_in_leads_back_to_the_page_asked_for(published_path: Path) -> None:
    with TestClient(create_app(published_path, hasher=CHEAP_HASHER)) as client:
        login_page = client.get("/omraade/bakken?year=2023")  # sent on to the login page
        assert "Log ind" in login_page.text
        response = client.post(
            "/login",
            data={
                "username": "admin",
                "password": "blå hest springer over 7 grøfter",
                "csrf_token": csrf_of(login_page.text),
                "next": "/omraade/bakken?year=2023",
            },
        )
        assert response.status_code == 200
        assert str(response.url).endswith("/omraade/bakken?year=2023")
        assert "Logget ind som admin (administrator)" in response.text
        assert 'action="/logout"' in response.text


def test_the_login_page_says_when_there_are_no_users_yet(tmp_path: Path) -> None:
    published = write_published(tmp_path / "home" / "published" / "published.duckdb")
    with TestClient(create_app(published)) as client:
        page = client.get("/", follow_redirects=True)
        assert "Der er endnu ingen brugere" in page.text
        assert "kontakt dem for at få en konto" in page.text
        assert "bosoc " not in page.text  # a command the reader of the page cannot run
        assert "Hele kommunen" not in page.text  # no data without login, users or not


def test_local_mode_shows_everything_without_login(local_client: TestClient) -> None:
    page = local_client.get("/omraade/bakken")
    assert page.status_code == 200 and "Bakkegården" in page.text
    assert "Lokal tilstand uden login" in page.text
    assert local_client.get("/eksport").status_code == 200


def test_local_mode_is_chosen_only_explicitly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOSOC_WEB_AUTH", raising=False)
    assert auth_mode_from_env() is AuthMode.login
    monkeypatch.setenv("BOSOC_WEB_AUTH", "off")
    assert auth_mode_from_env() is AuthMode.off
    monkeypatch.setenv("BOSOC_WEB_AUTH", "maybe")
    with pytest.raises(BosocError, match="BOSOC_WEB_AUTH"):
        auth_mode_from_env()


def test_local_mode_serves_the_loopback_address_only() -> None:
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        check_local_mode(AuthMode.off, host)
    for host in ("0.0.0.0", "192.0.2.10", "::", "bosoc.example"):
        with pytest.raises(BosocError, match=r"only on 127\.0\.0\.1"):
            check_local_mode(AuthMode.off, host)
        check_local_mode(AuthMode.login, host)  # with login, any address


def test_the_demo_admin_is_made_once_with_a_password_that_works(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "home")
    password = ensure_demo_admin(paths)
    assert password is not None and len(password) >= 15
    store = UserStore(paths)
    admin = store.get("admin")
    assert admin is not None and admin.role is Role.admin and admin.enabled
    assert store.authenticate("admin", password) is not None
    assert ensure_demo_admin(paths) is None  # users exist: nothing changes
    assert [u.username for u in store.list()] == ["admin"]


def test_no_demo_admin_where_someone_else_is_a_user(tmp_path: Path) -> None:
    add_user(tmp_path / "home", "kirsten", "analyst")
    assert ensure_demo_admin(Paths(tmp_path / "home")) is None
    assert UserStore(Paths(tmp_path / "home")).get("admin") is None


def test_a_logged_in_user_sent_to_the_login_page_goes_on(published_path: Path) -> None:
    with TestClient(create_app(published_path, hasher=CHEAP_HASHER)) as client:
        log_in(client, "admin")
        response = client.get("/login?next=/kort", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/kort"
