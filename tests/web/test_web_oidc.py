"""Login through single sign-on (OpenID Connect), against a local provider.

The provider (test_web_oidc_provider.py) runs on 127.0.0.1 in a thread; the browser is
the app's TestClient for our site and httpx for the provider's authorization page.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from test_web_oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    LocalProvider,
    closed_port_address,
    running_provider,
)
from web_login import CHEAP_HASHER, PASSWORD, add_user, log_in
from web_published_fixture import write_published

from bosocdata.access import Role, UserStore
from bosocdata.access.provisioning import parse_group_rules
from bosocdata.auditlog import read_lines
from bosocdata.settings import Paths
from bosocdata.web.app import create_app
from bosocdata.web.auth import sso_routes
from bosocdata.web.auth.sso_settings import OidcSettings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

RULES = parse_group_rules(
    "bosoc-admins=admin; bosoc-analytikere=analyst;"
    " frugt-ansatte=partner:Boligforeningen Frugt; bosoc-laesere=viewer"
)


@pytest.fixture(scope="module")
def provider() -> Iterator[LocalProvider]:
    with running_provider() as running:
        yield running


@dataclass
class Site:
    home: Path
    client: TestClient
    provider: LocalProvider

    @property
    def paths(self) -> Paths:
        return Paths(self.home)

    def audit(self, event: str) -> list[dict[str, object]]:
        return [line.entry for line in read_lines(self.paths) if line.entry["event"] == event]


def _settings(**changes: object) -> OidcSettings:
    options: dict[str, object] = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "group_rules": RULES,
        "redirect_url": "http://testserver/login/sso/callback",
    }
    options.update(changes)
    return OidcSettings(**options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def published_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Written once (it takes a second), copied into each test's own home."""
    return write_published(tmp_path_factory.mktemp("oidc") / "published.duckdb")


def _home_with_published(tmp_path: Path, published_file: Path) -> tuple[Path, Path]:
    home = tmp_path / "home"
    (home / "published").mkdir(parents=True)
    published = home / "published" / "published.duckdb"
    shutil.copyfile(published_file, published)
    return home, published


def _site(
    tmp_path: Path, provider: LocalProvider, published_file: Path, **changes: object
) -> Iterator[Site]:
    provider.reset()
    home, published = _home_with_published(tmp_path, published_file)
    base_url = str(changes.pop("base_url", "http://testserver"))
    app = create_app(published, auth="login", hasher=CHEAP_HASHER)
    sso_routes.configure(app, Paths(home), _settings(**{"issuer": provider.base, **changes}))
    with TestClient(app, base_url=base_url) as client:
        yield Site(home, client, provider)


@pytest.fixture()
def site(tmp_path: Path, provider: LocalProvider, published_file: Path) -> Iterator[Site]:
    yield from _site(tmp_path, provider, published_file)


def _to_provider(site: Site, next_path: str = "/") -> httpx.Response:
    """Start at our site and let the provider approve: its redirect back to us."""
    start = site.client.get("/login/sso", params={"next": next_path}, follow_redirects=False)
    assert start.status_code == 303, start.text
    location = start.headers["location"]
    assert location.startswith(site.provider.base + "/authorize?")
    approved = httpx.get(location, follow_redirects=False, timeout=5)
    assert approved.status_code == 302, approved.text
    return approved


def _back_at_site(site: Site, approved: httpx.Response, **override: str) -> httpx.Response:
    back = urlsplit(approved.headers["location"])
    assert back.netloc == "testserver" and back.path == "/login/sso/callback"
    params = {k: v[0] for k, v in parse_qs(back.query).items()}
    params.update(override)
    return site.client.get(back.path, params=params, follow_redirects=False)


def sso_login(site: Site, next_path: str = "/") -> httpx.Response:
    return _back_at_site(site, _to_provider(site, next_path))


def _refused(site: Site, response: httpx.Response, status: int, reason: str) -> None:
    assert response.status_code == status, response.text[:500]
    assert "bosoc_session" not in site.client.cookies
    assert site.client.get("/", follow_redirects=False).status_code == 303  # not logged in
    failed = site.audit("failed_login")
    assert [e["details"]["reason"] for e in failed] == [reason]  # type: ignore[index]
    assert failed[0]["details"]["method"] == "sso"  # type: ignore[index]
    assert site.audit("login") == []


# -- the whole round trip ----------------------------------------------------------------


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


# -- roles and groups --------------------------------------------------------------------


def test_a_partner_group_gives_a_partner_of_its_housing_organisation(site: Site) -> None:
    site.provider.behaviour.groups = ["alle-ansatte", "frugt-ansatte"]
    assert sso_login(site).status_code == 200
    user = UserStore(site.paths).get("kirsten@kommune.dk")
    assert user is not None and user.role is Role.partner
    assert user.housing_organisation == "Boligforeningen Frugt"
    areas = site.client.get("/api/areas").json()
    ids = {a["area_id"] for a in (areas["areas"] if isinstance(areas, dict) else areas)}
    assert ids == {"aeblehaven", "__all__"}


def test_the_first_mapped_group_in_the_settings_decides(site: Site) -> None:
    # The rules list analyst before viewer: a member of both is an analyst.
    site.provider.behaviour.groups = ["bosoc-laesere", "bosoc-analytikere"]
    assert sso_login(site).status_code == 200
    user = UserStore(site.paths).get("kirsten@kommune.dk")
    assert user is not None and user.role is Role.analyst


def test_a_changed_group_changes_role_and_scope_at_the_next_login(site: Site) -> None:
    store = UserStore(site.paths)
    for groups, role, organisation in [
        (["bosoc-analytikere"], Role.analyst, None),
        (["frugt-ansatte"], Role.partner, "Boligforeningen Frugt"),
        (["bosoc-admins"], Role.admin, None),
        (["frugt-ansatte"], Role.partner, "Boligforeningen Frugt"),
        (["bosoc-laesere"], Role.viewer, None),
    ]:
        site.provider.behaviour.groups = groups
        site.client.cookies.clear()
        assert sso_login(site).status_code == 200, groups
        user = store.get("kirsten@kommune.dk")
        assert user is not None
        assert (user.role, user.housing_organisation, user.areas) == (role, organisation, None)
    assert site.client.get("/eksport").status_code == 403  # a viewer now


@pytest.mark.parametrize(
    "groups", [[], ["admin"], ["Bosoc-Admins"], ["bosoc-admins-test"], "ukendt-gruppe"]
)
def test_an_unknown_group_gets_no_access(site: Site, groups: object) -> None:
    site.provider.behaviour.groups = groups  # type: ignore[assignment]
    response = sso_login(site)
    _refused(site, response, 403, "no_mapped_group")
    assert "ikke adgang til BoSocData" in response.text
    assert UserStore(site.paths).list() == []
    assert site.audit("failed_login")[0]["actor"] == "kirsten@kommune.dk"


def test_sso_never_takes_over_a_local_account(site: Site) -> None:
    add_user(site.home, "kirsten@kommune.dk", "viewer")
    site.provider.behaviour.groups = ["bosoc-admins"]
    response = sso_login(site)
    _refused(site, response, 403, "username_taken")
    assert "bruges allerede af en anden konto" in response.text
    user = UserStore(site.paths).get("kirsten@kommune.dk")
    assert user is not None and user.role is Role.viewer


def test_another_identity_with_the_same_username_is_refused(site: Site) -> None:
    assert sso_login(site).status_code == 200
    site.client.cookies.clear()
    site.provider.behaviour.subject = "sub-9999"  # someone else, now named kirsten
    response = sso_login(site)
    assert response.status_code == 403
    assert site.audit("failed_login")[0]["details"]["reason"] == "username_taken"  # type: ignore[index]


def test_a_disabled_sso_user_is_refused(site: Site) -> None:
    assert sso_login(site).status_code == 200
    UserStore(site.paths).disable("kirsten@kommune.dk")
    site.client.cookies.clear()
    response = sso_login(site)
    assert response.status_code == 403
    assert site.audit("failed_login")[0]["details"]["reason"] == "disabled"  # type: ignore[index]


def test_a_username_that_is_not_allowed_is_refused(site: Site) -> None:
    site.provider.behaviour.username = "søren ålholm"
    _refused(site, sso_login(site), 403, "bad_username")


# -- the flow and the token --------------------------------------------------------------


def test_a_wrong_state_is_refused(site: Site) -> None:
    approved = _to_provider(site)
    response = _back_at_site(site, approved, state="x" * 43)
    _refused(site, response, 400, "bad_state")
    assert "Login-forløbet kunne ikke genkendes" in response.text
    assert site.provider.token_requests == []  # the code was never exchanged


def test_a_callback_without_the_flow_cookie_is_refused(site: Site) -> None:
    approved = _to_provider(site)
    site.client.cookies.delete("bosoc_sso", path="/login/sso")
    _refused(site, _back_at_site(site, approved), 400, "bad_state")


def test_a_callback_cannot_be_used_twice(site: Site) -> None:
    approved = _to_provider(site)
    flow_cookie = site.client.cookies.get("bosoc_sso", path="/login/sso")
    assert _back_at_site(site, approved).status_code == 200
    site.client.cookies.clear()
    site.client.cookies.set("bosoc_sso", flow_cookie or "", path="/login/sso")
    replay = _back_at_site(site, approved)
    assert replay.status_code == 400
    assert site.audit("failed_login")[0]["details"]["reason"] == "bad_state"  # type: ignore[index]


def test_the_provider_refusing_is_shown(site: Site) -> None:
    approved = _to_provider(site)
    response = _back_at_site(site, approved, error="access_denied", code="")
    _refused(site, response, 401, "provider_error")


@pytest.mark.parametrize(
    ("change", "value"),
    [
        ("signed_by", "other"),  # another key under the provider's kid
        ("tamper", True),  # payload changed after signing (admin groups slipped in)
        ("signed_by", "none"),  # alg: none
        ("signed_by", "hs256"),  # HMAC with the client secret: not a JWKS key
        ("audience", "another-client"),
        ("expires_in", -600),
        ("nonce", "not-the-nonce-we-sent"),
        ("issuer", "https://evil.example"),
    ],
)
def test_a_bad_id_token_is_refused(site: Site, change: str, value: object) -> None:
    setattr(site.provider.behaviour, change, value)
    response = sso_login(site)
    _refused(site, response, 401, "bad_id_token")
    assert "Svaret fra kommunens login kunne ikke godkendes" in response.text
    assert UserStore(site.paths).list() == []


def test_a_wrong_client_secret_is_refused(
    tmp_path: Path, provider: LocalProvider, published_file: Path
) -> None:
    for site in _site(tmp_path, provider, published_file, client_secret="forkert"):
        _refused(site, sso_login(site), 401, "token_refused")


def test_a_provider_that_is_down_gives_a_page_not_a_crash(
    tmp_path: Path, provider: LocalProvider, published_file: Path
) -> None:
    for site in _site(tmp_path, provider, published_file, issuer=closed_port_address()):
        response = site.client.get("/login/sso", follow_redirects=False)
        _refused(site, response, 502, "provider_unreachable")
        assert "Kommunens login kan ikke nås" in response.text


def test_a_provider_naming_another_issuer_is_not_used(site: Site) -> None:
    site.provider.behaviour.metadata_issuer = "https://someone-else.example"
    response = site.client.get("/login/sso", follow_redirects=False)
    _refused(site, response, 502, "provider_misconfigured")


@pytest.mark.parametrize(
    "query",
    [
        {"code": "' OR 1=1 --", "state": "' OR 1=1 --"},
        {"code": "../../secure/store.duckdb", "state": "%2e%2e%2f"},
        {"code": "x" * 3000},
        {"state": "{{ 7*7 }}", "code": "\x00"},
        {},
    ],
)
def test_hostile_callback_values_are_refused(site: Site, query: dict[str, str]) -> None:
    _to_provider(site)
    response = site.client.get("/login/sso/callback", params=query, follow_redirects=False)
    assert 400 <= response.status_code < 500
    for leak in ("Traceback", "Error:", "sqlite", "Catalog"):
        assert leak not in response.text


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
