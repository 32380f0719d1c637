"""Fixtures of the browser tests: one published zone and one server for the session, one
Chromium, and a fresh logged-in page per test that records every request it makes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Visit,
    build_zone,
    log_in,
    require_browser_tools,
    served,
)
from raw_ids import RawIds, raw_ids_of


@pytest.fixture(scope="session")
def browser_zone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_browser_tools()
    return build_zone(tmp_path_factory.mktemp("browser") / "home")


@pytest.fixture(scope="session")
def base_url(browser_zone: Path) -> Iterator[str]:
    with served(browser_zone) as base:
        yield base


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    require_browser_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(chromium: Any, visit: Visit, *, bypass_csp: bool) -> tuple[Any, Any]:
    # bypass_csp: axe is injected as an inline script, which the application's CSP
    # (script-src 'self') rightly refuses; test_csp checks the policy holds without it.
    context = chromium.new_context(
        accept_downloads=True,
        bypass_csp=bypass_csp,
        locale="da-DK",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("request", lambda request: visit.urls.append(request.url))
    page.on(
        "console",
        lambda message: (
            visit.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    return context, page


@pytest.fixture()
def visit() -> Visit:
    return Visit([], [])


@pytest.fixture()
def page(chromium: Any, base_url: str, visit: Visit) -> Iterator[Any]:
    """A page logged in as the analyst `ana`, CSP bypassed so axe can be injected."""
    context, page = _new_page(chromium, visit, bypass_csp=True)
    log_in(page, base_url)
    yield page
    context.close()
    assert visit.urls, "the page recorded no request at all"
    assert not visit.foreign(), f"requests left 127.0.0.1: {visit.foreign()}"


@pytest.fixture()
def strict_page(chromium: Any, base_url: str, visit: Visit) -> Iterator[Any]:
    """A page logged in as `ana` with the application's CSP enforced."""
    context, page = _new_page(chromium, visit, bypass_csp=False)
    log_in(page, base_url)
    yield page
    context.close()
    assert not visit.foreign(), f"requests left 127.0.0.1: {visit.foreign()}"


@pytest.fixture(scope="session")
def raw_ids(browser_zone: Path) -> RawIds:
    """The codes and ids no page may show raw, from the vocabulary and the zone."""
    return raw_ids_of(browser_zone)
