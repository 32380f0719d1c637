"""Every page on a 1366 px laptop and a 1920 px screen, in Danish and English: nothing
wider than the window (wide tables scroll inside themselves), no internal id or code in
the text a reader sees (raw_ids.py), axe clean; each page photographed to
tests/browser/screenshots/ (git-ignored). The pages are those of pages_seen.py; the
pages before login, the error pages and the map's areas are in test_every_route.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import check_page
from pages_seen import LANGS, look_at, signed_in_pages, with_lang
from raw_ids import RawIds

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_at_both_widths(page: Any, base_url: str, raw_ids: RawIds, lang: str) -> None:
    """Every page of a signed-in analyst (pages_seen.signed_in_pages) in one language."""
    problems = []
    for name, address in signed_in_pages(page, base_url):
        response = page.goto(base_url + with_lang(address, lang))
        expected = 404 if name == "ikke-fundet" else 200
        assert response is not None and response.status == expected, address
        problems += look_at(page, name, lang, raw_ids)
    page.goto(f"{base_url}/?lang=da")
    assert not problems, "\n".join(problems)


def test_wide_tables_keep_the_first_column_in_view(page: Any, base_url: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{base_url}/")
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth"), "the front table fits anyway"
    first = page.locator("table.overview tbody th[scope=row]").first
    before = first.bounding_box()
    wrap.evaluate("e => { e.scrollLeft = 600; }")
    after = first.bounding_box()
    assert before is not None and after is not None
    assert abs(after["x"] - before["x"]) < 1, "the area column scrolled away"


def test_compare_through_its_own_form_with_two_areas(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/sammenlign")
    options = page.locator("#area-1 option").all()
    values = [o.get_attribute("value") for o in options if o.get_attribute("value")]
    names = [o.inner_text() for o in options if o.get_attribute("value")]
    page.select_option("#area-1", values[1])
    page.select_option("#area-2", values[2])
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Sammenlign områder"
    header = page.locator("table.compare thead th a").all_inner_texts()
    assert header == [names[1], names[2]]
    check_page(page, "sammenlign-to-omraader")


def test_print_layout_has_no_navigation_and_no_inner_scrolling(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.emulate_media(media="print")
    assert page.locator(".site-header nav").evaluate("e => getComputedStyle(e).display") == "none"
    overflow = page.locator(".table-wrap").first.evaluate("e => getComputedStyle(e).overflowX")
    assert overflow == "visible"
    page.emulate_media(media="screen")
