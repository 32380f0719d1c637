"""Single sign-on's flow and token: a wrong state, a reused callback, a bad id token, a
provider that refuses, is down or names another issuer, hostile callback values, are all
refused with a page and an audit entry (oidc_site.py holds the site and the provider)."""

from __future__ import annotations

from pathlib import Path

import pytest
from oidc_site import (
    Site,
    _back_at_site,
    _refused,
    _site,
    _to_provider,
    sso_login,
)
from test_web_oidc_provider import (
    LocalProvider,
    closed_port_address,
)

from bosocdata.access import UserStore


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
