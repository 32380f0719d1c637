"""Every route of the application is a page looked at in the browser or is left out for
a reason (pages_seen.LEFT_OUT); the pages seen before logging in and the error pages at
both widths; the map draws every area the user may see, no more and no fewer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from browser_support import PARTNER_AREAS, PASSWORD, log_in
from pages_seen import COVERED, EXPORT_TABLE, LANGS, LEFT_OUT, app_routes, look_at, with_lang
from raw_ids import RawIds

pytestmark = pytest.mark.slow


def test_every_route_is_looked_at_or_left_out_for_a_reason(browser_zone: Path) -> None:
    from bosocdata.web.app import create_app

    routes = app_routes(create_app(browser_zone, auth="login"))
    unknown = sorted(
        r
        for r in routes
        if r not in COVERED and r not in LEFT_OUT and not r[1].startswith(EXPORT_TABLE)
    )
    assert not unknown, f"routes neither looked at nor left out with a reason: {unknown}"
    gone = sorted((COVERED | set(LEFT_OUT)) - routes)
    assert not gone, f"pages_seen.py names routes the application no longer has: {gone}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_pages_before_login(chromium: Any, base_url: str, raw_ids: RawIds, lang: str) -> None:
    context = chromium.new_context(bypass_csp=True, locale="da-DK")
    page = context.new_page()
    problems = []
    try:
        response = page.goto(f"{base_url}/login?lang={lang}")
        assert response is not None and response.status == 200
        problems += look_at(page, "login", lang, raw_ids)
        page.fill("#username", "ana")
        page.fill("#password", PASSWORD + " forkert")
        page.click("form.login button[type=submit]")
        page.wait_for_selector(".error-message, [role=alert]")
        problems += look_at(page, "login-forkert", lang, raw_ids)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_of_a_forbidden_download(
    chromium: Any, base_url: str, raw_ids: RawIds, lang: str
) -> None:
    context = chromium.new_context(bypass_csp=True, locale="da-DK")
    page = context.new_page()
    try:
        log_in(page, base_url, "vera")
        response = page.goto(base_url + with_lang("/eksport", lang))
        assert response is not None and response.status == 403
        problems = look_at(page, "forbudt", lang, raw_ids)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def _housing_areas(published: Path) -> set[str]:
    con = duckdb.connect(str(published), read_only=True)
    try:
        rows = con.execute("SELECT area_id FROM areas").fetchall()
    finally:
        con.close()
    return {str(r[0]) for r in rows} - {"__all__", "__rest__"}


DRAWN = """() => [...document.querySelectorAll('svg.map a.map-area')].map(a => {
  const shape = a.querySelector('path, circle');
  const box = shape ? shape.getBoundingClientRect() : null;
  const map = a.closest('svg').getBoundingClientRect();
  const inside = box !== null && box.width > 0 && box.height > 0 && box.left >= map.left - 1
    && box.right <= map.right + 1 && box.top >= map.top - 1 && box.bottom <= map.bottom + 1;
  return [a.dataset.area, shape ? shape.tagName : null, inside];
})"""


@pytest.mark.parametrize("user", ["ana", "pia"])
def test_the_map_draws_every_area_the_user_may_see(
    chromium: Any, base_url: str, browser_zone: Path, user: str
) -> None:
    """ana (analyst) may see every housing area, pia (partner) PARTNER_AREAS: the map
    draws exactly those, each as a polygon or a marker inside the map, on every layer."""
    expected = _housing_areas(browser_zone) if user == "ana" else set(PARTNER_AREAS)
    context = chromium.new_context(locale="da-DK")
    page = context.new_page()
    try:
        log_in(page, base_url, user)
        for layer in ("", "?indicator=index", "?indicator=category"):
            page.set_viewport_size({"width": 1366, "height": 800})
            page.goto(f"{base_url}/kort{layer}")
            drawn = page.evaluate(DRAWN)
            ids = [d[0] for d in drawn]
            assert len(ids) == len(expected) and set(ids) == expected, (layer, sorted(ids))
            assert all(d[1] in ("path", "circle") and d[2] for d in drawn), (layer, drawn)
            rows = page.locator("table.data tbody tr").count()
            assert rows == len(expected), f"the map's table has {rows} rows ({layer})"
    finally:
        context.close()
