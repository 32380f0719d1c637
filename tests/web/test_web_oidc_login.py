"""Login through single sign-on (OpenID Connect), against a local provider: the whole
round trip, the settings that switch it on, and the sessions it gives.

The provider (test_web_oidc_provider.py) runs on 127.0.0.1 in a thread; the browser is
the app's TestClient for our site and httpx for the provider's authorization page
(oidc_site.py). Roles and groups: test_web_oidc_roles.py; the flow and the token:
test_web_oidc_flow.py.
"""

from __future__ import annotations

import base64
import hashlib
import warnings
from pathlib import Path

import httpx
import pytest
from oidc_site import (
    Site,
    _back_at_site,
    _home_with_published,
    _site,
    _to_provider,
    sso_login,
)
from test_web_oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    LocalProvider,
)
from web_login import CHEAP_HASHER, PASSWORD, add_user, log_in

from bosocdata.access import Role, UserStore
from bosocdata.web.app import create_app

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient


def test_a_full_login_round_trip(site: Site) -> None:
    approved = _to_provider(site, "/indikatorer?year=2024")
    asked = site.provider.authorize_requests[0]
    # PKCE with S256, a state and a nonce of real length, our client and callback.
    assert asked["code_challenge_method"] == "S256"
    assert len(asked["state"]) >= 20 and len(asked["nonce"]) >= 20
    assert asked["client_id"] == CLIENT_ID
    assert asked["redirect_uri"] == "http://testserver/login/sso/callback"
    assert set(asked["scope"].split()) >= {"openid"}

    done = _back_at_site(site, approved)
    assert done.status_code == 200
    # The browser is sent on by the page itself (see sso_routes._continue_page).
    assert done.headers["refresh"] == "0; url=/indikatorer?year=2024"
    assert 'href="/indikatorer?year=2024"' in done.text
    # The token request carried the code_verifier whose S256 hash was the challenge.
    verifier = site.provider.token_requests[0]["code_verifier"]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    assert challenge.rstrip(b"=").decode() == asked["code_challenge"]

    page = site.client.get("/indikatorer", params={"year": "2024"}, follow_redirects=False)
    assert page.status_code == 200
    assert "Logget ind som kirsten@kommune.dk (analytiker)" in page.text

    user = UserStore(site.paths).get("kirsten@kommune.dk")
    assert user is not None and user.role is Role.analyst and not user.is_restricted
    [added] = site.audit("user_added")
    assert added["actor"] == "sso" and added["details"]["role"] == "analyst"  # type: ignore[index]
    [login] = site.audit("login")
    assert login["actor"] == "kirsten@kommune.dk"
    assert login["details"] == {"client": "testclient", "method": "sso"}
    assert site.audit("failed_login") == []


def test_the_second_login_uses_the_same_account(site: Site) -> None:
    assert sso_login(site).status_code == 200
    site.client.cookies.clear()
    assert sso_login(site).status_code == 200
    assert [u.username for u in UserStore(site.paths).list()] == ["kirsten@kommune.dk"]
    assert len(site.audit("user_added")) == 1 and len(site.audit("login")) == 2


def test_the_login_page_offers_sso_when_configured(site: Site, tmp_path: Path) -> None:
    page = site.client.get("/login", params={"next": "/kort"})
    assert "Log ind med kommunens login (SSO)" in page.text
    assert 'href="/login/sso?next=%2Fkort"' in page.text
    english = site.client.get("/login", params={"lang": "en"})
    assert "Log in with the municipality&#39;s login (SSO)" in english.text


def test_without_sso_settings_there_is_no_button_and_the_routes_are_404(
    tmp_path: Path, published_file: Path
) -> None:
    _, published = _home_with_published(tmp_path, published_file)
    with TestClient(create_app(published, auth="login", hasher=CHEAP_HASHER)) as client:
        assert "SSO" not in client.get("/login").text
        assert client.get("/login/sso").status_code == 404
        assert client.get("/login/sso/callback?code=x&state=y").status_code == 404


def test_settings_from_the_environment_switch_sso_on(
    tmp_path: Path,
    provider: LocalProvider,
    published_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    provider.reset()
    secret = tmp_path / "client-secret"
    secret.write_text(CLIENT_SECRET + "\n")
    secret.chmod(0o600)
    monkeypatch.setenv("BOSOC_OIDC_ISSUER", provider.base)
    monkeypatch.setenv("BOSOC_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("BOSOC_OIDC_CLIENT_SECRET_FILE", str(secret))
    monkeypatch.setenv("BOSOC_OIDC_GROUP_ROLES", "bosoc-analytikere=analyst")
    home, published = _home_with_published(tmp_path, published_file)
    with TestClient(create_app(published, auth="login", hasher=CHEAP_HASHER)) as client:
        site = Site(home, client, provider)
        done = sso_login(site)  # the callback address is worked out from the request
        assert done.status_code == 200
        assert provider.token_requests[0]["redirect_uri"] == (
            "http://testserver/login/sso/callback"
        )
        assert client.get("/", follow_redirects=False).status_code == 200


# -- sessions ----------------------------------------------------------------------------


def _cookie_attributes(response: httpx.Response, name: str) -> set[str]:
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(name + "="):
            return {part.strip().lower() for part in header.split(";")[1:]}
    raise AssertionError(f"no {name} cookie set")


def test_the_session_cookie_has_the_flags_of_a_local_login(site: Site) -> None:
    add_user(site.home, "lokal", "analyst")
    with TestClient(site.client.app) as local:  # type: ignore[arg-type]
        local_flags = _cookie_attributes(log_in(local, "lokal"), "bosoc_session")  # type: ignore[arg-type]
    sso_flags = _cookie_attributes(sso_login(site), "bosoc_session")
    assert sso_flags == local_flags == {"httponly", "path=/", "samesite=strict"}
    site.client.cookies.clear()
    start = site.client.get("/login/sso", follow_redirects=False)
    flow_flags = _cookie_attributes(start, "bosoc_sso")
    assert flow_flags == {"httponly", "samesite=lax", "path=/login/sso", "max-age=600"}


def test_over_https_the_cookies_are_secure(
    tmp_path: Path, provider: LocalProvider, published_file: Path
) -> None:
    for site in _site(
        tmp_path,
        provider,
        published_file,
        base_url="https://testserver",
        redirect_url="https://testserver/login/sso/callback",
    ):
        start = site.client.get("/login/sso", follow_redirects=False)
        assert "secure" in _cookie_attributes(start, "bosoc_sso")
        approved = httpx.get(start.headers["location"], follow_redirects=False, timeout=5)
        done = _back_at_site(site, approved)
        assert "secure" in _cookie_attributes(done, "bosoc_session")


def test_a_session_presented_before_sso_login_is_dead_after_it(site: Site) -> None:
    add_user(site.home, "angriber", "analyst")
    with TestClient(site.client.app) as attacker:  # type: ignore[arg-type]
        assert log_in(attacker, "angriber").status_code == 303  # type: ignore[attr-defined]
        planted = attacker.cookies["bosoc_session"]
    approved = _to_provider(site)
    # Planted in the victim's browser while the victim is at the provider.
    site.client.cookies.set("bosoc_session", planted, domain="testserver.local")
    done = _back_at_site(site, approved)
    assert done.status_code == 200
    assert site.client.cookies["bosoc_session"] != planted
    with TestClient(site.client.app) as other:  # type: ignore[arg-type]
        other.cookies.set("bosoc_session", planted)
        assert other.get("/", follow_redirects=False).status_code == 303


def test_logged_in_users_are_sent_on_from_the_sso_routes(site: Site) -> None:
    assert sso_login(site).status_code == 200
    start = site.client.get("/login/sso", params={"next": "/kort"}, follow_redirects=False)
    assert (start.status_code, start.headers["location"]) == (303, "/kort")
    back = site.client.get("/login/sso/callback", follow_redirects=False)
    assert (back.status_code, back.headers["location"]) == (303, "/")


def test_local_passwords_still_work_beside_sso(site: Site) -> None:
    add_user(site.home, "lokal", "analyst")
    assert log_in(site.client, "lokal", PASSWORD).status_code == 303  # type: ignore[attr-defined]


def test_local_mode_ignores_the_sso_settings(
    tmp_path: Path, published_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOSOC_OIDC_ISSUER", "http://not-checked.example")  # would be refused
    _, published = _home_with_published(tmp_path, published_file)
    with TestClient(create_app(published, auth="off")) as client:
        assert client.get("/login/sso", follow_redirects=False).headers["location"] == "/"
        assert client.get("/", follow_redirects=False).status_code == 200
