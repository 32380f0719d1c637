"""Login, sessions and CSRF: cookie flags, no session fixation, expiry, logout, tokens."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from security_fixture import new_client
from security_routes import UNSAFE_ROUTES, fill
from web_login import CHEAP_HASHER, PASSWORD, add_user, csrf_of, log_in

from bosocdata.access import UserStore
from bosocdata.access.sessions import sessions_db_path
from bosocdata.auditlog import read_lines
from bosocdata.settings import Paths
from bosocdata.web.app import create_app


def _set_cookie_headers(response: object) -> list[str]:
    return response.headers.get_list("set-cookie")  # type: ignore[attr-defined]


def test_the_login_page_is_danish_and_switches_to_english(app_client: TestClient) -> None:
    page = app_client.get("/login")
    assert page.status_code == 200
    assert '<html lang="da">' in page.text
    assert "Log ind" in page.text and "Brugernavn" in page.text and "Adgangskode" in page.text
    english = app_client.get("/login", params={"lang": "en"})
    assert "Username" in english.text and "Password" in english.text
    app_client.get("/login", params={"lang": "da"})


def test_session_cookie_is_httponly_strict_and_new_at_login(published: Path) -> None:
    with new_client(published) as client:
        client.cookies.set(
            "bosoc_session", "chosen-by-an-attacker-0123456789", domain="testserver.local"
        )
        response = log_in(client, "analytiker")
        assert response.status_code == 303  # type: ignore[attr-defined]
        cookie = next(c for c in _set_cookie_headers(response) if c.startswith("bosoc_session="))
        value = cookie.split(";")[0].split("=", 1)[1]
        assert value != "chosen-by-an-attacker-0123456789"
        assert len(value) >= 40  # 32 random bytes, base64
        flags = cookie.lower()
        assert "httponly" in flags and "samesite=strict" in flags and "path=/" in flags
        assert "secure" not in flags  # plain http here; see the https test


def test_a_session_id_presented_before_login_is_discarded(published: Path) -> None:
    """Session fixation: the victim logs in carrying a session id the attacker knows (here
    a real, live one of the attacker's own); after the login that id is dead."""
    with new_client(published) as attacker:
        log_in(attacker, "laeser")
        planted = attacker.cookies["bosoc_session"]
    with new_client(published) as victim:
        victim.cookies.set("bosoc_session", planted, domain="testserver.local")
        log_in(victim, "analytiker")
        assert victim.cookies["bosoc_session"] != planted
        assert "analytiker" in victim.get("/").text
    with new_client(published) as attacker:
        attacker.cookies.set("bosoc_session", planted)
        assert attacker.get("/", follow_redirects=False).status_code == 303


def test_cookies_are_secure_over_https(published: Path) -> None:
    app = create_app(published, auth="login", hasher=CHEAP_HASHER)
    with TestClient(app, base_url="https://bosoc.example") as client:
        page = client.get("/login")
        assert all("secure" in c.lower() for c in _set_cookie_headers(page))
        token = csrf_of(page.text)
        response = client.post(
            "/login",
            data={"username": "laeser", "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        session = next(c for c in _set_cookie_headers(response) if c.startswith("bosoc_session"))
        assert "secure" in session.lower()


def test_secure_cookies_can_be_forced_behind_a_proxy(published: Path) -> None:
    with new_client(published, secure_cookies=True) as client:
        cookies = _set_cookie_headers(client.get("/login"))
        assert cookies and all("secure" in c.lower() for c in cookies)


def test_logout_ends_the_session_on_the_server(published: Path) -> None:
    with new_client(published) as client:
        log_in(client, "analytiker")
        cookie = client.cookies["bosoc_session"]
        token = csrf_of(client.get("/").text)
        response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/login"
    with new_client(published) as replay:
        replay.cookies.set("bosoc_session", cookie)  # the old cookie, kept by an attacker
        assert replay.get("/", follow_redirects=False).status_code == 303
    events = [line.entry["event"] for line in read_lines(Paths(published.parent.parent))]
    assert "logout" in events


def test_a_session_expires_after_the_idle_time(published: Path) -> None:
    now = [1_000_000.0]
    app = create_app(
        published,
        auth="login",
        hasher=CHEAP_HASHER,
        session_idle_seconds=3600,
        clock=lambda: now[0],
    )
    with TestClient(app) as client:
        assert log_in(client, "analytiker").status_code == 303  # type: ignore[attr-defined]
        now[0] += 3500
        assert client.get("/", follow_redirects=False).status_code == 200  # still active
        now[0] += 3500  # 58 minutes since the last request: still inside the hour
        assert client.get("/", follow_redirects=False).status_code == 200
        now[0] += 3601
        response = client.get("/", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=%2F"


def test_a_session_ends_after_twelve_hours_however_active(published: Path) -> None:
    now = [2_000_000.0]
    app = create_app(published, auth="login", hasher=CHEAP_HASHER, clock=lambda: now[0])
    with TestClient(app) as client:
        log_in(client, "analytiker")
        for _ in range(11):
            now[0] += 3600
            assert client.get("/", follow_redirects=False).status_code == 200
        now[0] += 3601
        assert client.get("/", follow_redirects=False).status_code == 303


def test_disabling_a_user_ends_their_session_at_once(tmp_path: Path, published: Path) -> None:
    home = tmp_path / "home"
    (home / "published").mkdir(parents=True)
    (home / "published" / "published.duckdb").write_bytes(published.read_bytes())
    add_user(home, "kortvarig", "analyst")
    with new_client(home / "published" / "published.duckdb") as client:
        log_in(client, "kortvarig")
        assert client.get("/", follow_redirects=False).status_code == 200
        UserStore(Paths(home)).disable("kortvarig")
        assert client.get("/", follow_redirects=False).status_code == 303


def test_the_session_store_keeps_only_hashes_of_session_ids(published: Path) -> None:
    with new_client(published) as client:
        log_in(client, "analytiker")
        cookie = client.cookies["bosoc_session"]
    data = sessions_db_path(published.parent.parent).read_bytes()
    assert cookie.encode() not in data
    assert oct(sessions_db_path(published.parent.parent).stat().st_mode & 0o777) == "0o600"


def test_the_next_address_after_login_stays_on_this_site(published: Path) -> None:
    for target, expected in [
        ("/omraade/aeblehaven?year=2023", "/omraade/aeblehaven?year=2023"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/login", "/"),
    ]:
        with new_client(published) as client:
            token = csrf_of(client.get("/login").text)
            response = client.post(
                "/login",
                data={"username": "analytiker", "password": PASSWORD, "csrf_token": token,
                      "next": target},
                follow_redirects=False,
            )  # fmt: skip
            assert response.headers["location"] == expected, target


# -- CSRF -------------------------------------------------------------------------------


@pytest.mark.parametrize("route", UNSAFE_ROUTES, ids=lambda r: r.path)
def test_every_state_changing_route_refuses_a_request_without_the_token(
    published: Path, route: object
) -> None:
    with new_client(published) as client:
        log_in(client, "analytiker")
        address = fill(route, "aeblehaven")  # type: ignore[arg-type]
        for method in sorted(route.methods & {"POST", "PUT", "PATCH", "DELETE"}):  # type: ignore[attr-defined]
            for data in ({}, {"csrf_token": ""}, {"csrf_token": "forged-token-0123456789abcdef"}):
                response = client.request(method, address, data=data, follow_redirects=False)
                assert response.status_code == 403, (method, address, data)
        # nothing happened: still logged in
        assert client.get("/", follow_redirects=False).status_code == 200


def test_a_token_of_another_session_is_refused(published: Path) -> None:
    with new_client(published) as other:
        log_in(other, "laeser")
        foreign_token = csrf_of(other.get("/").text)
    with new_client(published) as client:
        log_in(client, "analytiker")
        response = client.post("/logout", data={"csrf_token": foreign_token})
        assert response.status_code == 403
        assert "sikkerhedsnummer" in response.text
        assert client.get("/", follow_redirects=False).status_code == 200


def test_the_token_is_accepted_in_the_header_too(published: Path) -> None:
    with new_client(published) as client:
        log_in(client, "analytiker")
        token = csrf_of(client.get("/").text)
        response = client.post("/logout", headers={"X-CSRF-Token": token}, follow_redirects=False)
        assert response.status_code == 303


def test_the_login_form_needs_its_token_too(published: Path) -> None:
    """Login CSRF: a foreign site must not log the victim in under the attacker's account."""
    with new_client(published) as client:
        response = client.post(
            "/login", data={"username": "analytiker", "password": PASSWORD}, follow_redirects=False
        )
        assert response.status_code == 403
        assert "bosoc_session" not in client.cookies


def test_a_route_added_later_is_guarded_without_being_told(published: Path) -> None:
    app = create_app(published, auth="login", hasher=CHEAP_HASHER)

    @app.get("/ny/{area_id}")
    def new_page(request: Request, area_id: str) -> dict[str, str]:
        return {"area": area_id}

    @app.post("/ny-handling")
    def new_action() -> dict[str, str]:
        return {"done": "yes"}

    with TestClient(app) as client:
        assert client.get("/ny/aeblehaven", follow_redirects=False).status_code == 303
        log_in(client, "frugt")
        assert client.get("/ny/aeblehaven").json() == {"area": "aeblehaven"}
        assert client.get("/ny/bakken").status_code == 404
        assert client.post("/ny-handling").status_code == 403
        token = csrf_of(client.get("/").text)
        assert client.post("/ny-handling", data={"csrf_token": token}).json() == {"done": "yes"}
