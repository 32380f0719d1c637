"""The site and the local provider that the single sign-on tests log in with.

The provider (test_web_oidc_provider.py) runs on 127.0.0.1 in a thread; the browser is
the app's TestClient for our site and httpx for the provider's authorization page. The
fixtures `provider`, `published_file` and `site` are made available by conftest.py to
test_web_oidc_login.py, test_web_oidc_roles.py and test_web_oidc_flow.py.
"""

from __future__ import annotations

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
    running_provider,
)
from web_login import CHEAP_HASHER
from web_published_fixture import write_published

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
