"""The second factor in Chromium: an administrator enrols at the first login (QR code
drawn in the page, the key as text, a first code, the recovery codes shown once), then
logs in with password and code. The codes are computed from the key the page shows, by
the RFC 6238 reference of tests/security/test_second_factor.py; axe checks each page."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import PASSWORD, served
from pages_seen import look_at
from raw_ids import RawIds

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "security"))

from test_second_factor import totp

from bosocdata.access import Role, UserStore
from bosocdata.settings import Paths


@pytest.fixture(scope="module")
def admin_base(browser_zone: Path) -> Iterator[str]:
    """A server on the browser zone that requires a second factor of administrators,
    with the administrator `adam`."""
    from argon2 import PasswordHasher

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    UserStore(Paths(browser_zone.parent.parent), hasher=cheap).add("adam", "admin", PASSWORD)
    with served(browser_zone, second_factor_roles=frozenset({Role.admin})) as base:
        yield base


def _password(page: Any, base: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", "adam")
    page.fill("#password", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(f"{base}/login/totp")


def test_an_administrator_enrols_and_logs_in_with_a_code(
    chromium: Any, admin_base: str, raw_ids: RawIds
) -> None:
    problems: list[str] = []
    context = chromium.new_context(bypass_csp=True, locale="da-DK")
    page = context.new_page()
    _password(page, admin_base)
    assert page.locator("figure.totp-qr svg").is_visible()
    problems += look_at(page, "totp-enrol", "da", raw_ids)
    secret = page.inner_text("#totp-secret")
    page.fill("#code", totp(secret, time.time()))
    page.click("form.login button[type=submit]")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    problems += look_at(page, "totp-recovery-codes", "da", raw_ids)
    page.click("#totp-continue")
    page.wait_for_url(f"{admin_base}/")
    assert "adam" in page.inner_text("header")
    context.close()

    # A second login: password, then a code of the next step (the first one is used).
    context = chromium.new_context(bypass_csp=True, locale="da-DK")
    page = context.new_page()
    _password(page, admin_base)
    assert page.locator("#totp-secret").count() == 0  # the key is never shown again
    problems += look_at(page, "totp-login", "da", raw_ids)
    page.fill("#code", totp(secret, time.time() + 30))
    page.click("form.login button[type=submit]")
    page.wait_for_url(f"{admin_base}/")
    assert "adam" in page.inner_text("header")
    context.close()
    assert not problems, "\n".join(problems)
