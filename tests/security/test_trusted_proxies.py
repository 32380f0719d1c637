"""Forwarded headers count only from a trusted proxy (BOSOC_WEB_TRUSTED_PROXIES).

The login throttle locks a client address after 5 failures within 15 minutes. Each
attempt below uses another (unknown) username, so only the per-address count can lock;
each sends a new X-Forwarded-For, as an attacker would to look like many clients.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from security_fixture import TestClient
from web_login import CHEAP_HASHER, csrf_of

from bosocdata.errors import BosocError
from bosocdata.web.app import create_app
from bosocdata.web.auth.proxies import trusted_proxies_from_env

PEER = "203.0.113.7"
"""The address the connection comes from (TEST-NET-3, RFC 5737)."""


def _client(published: Path, proxies: tuple[str, ...] | None) -> TestClient:
    app = create_app(published, auth="login", hasher=CHEAP_HASHER, trusted_proxies=proxies)
    return TestClient(app, client=(PEER, 50000))


def _failed_logins(client: TestClient, count: int) -> list[int]:
    statuses = []
    for attempt in range(count):
        token = csrf_of(client.get("/login").text)
        answer = client.post(
            "/login",
            data={"username": f"gaet-{attempt}", "password": "forkert", "csrf_token": token},
            headers={"X-Forwarded-For": f"198.51.100.{attempt + 1}"},
            follow_redirects=False,
        )
        statuses.append(answer.status_code)
    return statuses


def test_a_forwarded_address_from_an_untrusted_client_is_ignored_by_the_throttle(
    published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BOSOC_WEB_TRUSTED_PROXIES", raising=False)
    with _client(published, None) as client:  # the default: no proxy trusted
        statuses = _failed_logins(client, 6)
    # The 5th failure from the one real address locks it, whatever the header says.
    assert statuses == [401, 401, 401, 401, 429, 429]


def test_a_trusted_proxy_forwards_the_real_client_address(published: Path) -> None:
    with _client(published, ("203.0.113.0/24",)) as client:
        statuses = _failed_logins(client, 6)
    # Six different clients behind the proxy, one failure each: nobody is locked.
    assert statuses == [401] * 6


@pytest.mark.parametrize("raw", ["*", "proxy.kommune.dk", "10.0.0.0/33"])
def test_a_trusted_proxy_must_be_an_address_or_network(raw: str) -> None:
    with pytest.raises(BosocError, match="BOSOC_WEB_TRUSTED_PROXIES"):
        trusted_proxies_from_env(raw)


def test_addresses_and_networks_are_read_from_the_setting() -> None:
    assert trusted_proxies_from_env("127.0.0.1, 10.0.0.0/24 ::1") == (
        "127.0.0.1",
        "10.0.0.0/24",
        "::1",
    )
    assert trusted_proxies_from_env("") == ()
