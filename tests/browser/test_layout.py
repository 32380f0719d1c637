"""Every page on a 1366 px laptop and a 1920 px screen, in Danish and English: nothing
wider than the window (wide tables scroll inside themselves), no internal id in the text a
reader sees, axe clean; each page photographed to tests/browser/screenshots/ (git-ignored).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_support import check_page

pytestmark = pytest.mark.slow

WIDTHS = (1366, 1920)
# An internal id is written in snake_case (`haervaerk_indbrud`, `children_youth`,
# `saerligt_udsat`) or is one of the pseudo-areas; no Danish or English word is.
RAW_ID = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b|__all__|__rest__")


def addresses(page: Any, base_url: str) -> list[tuple[str, str]]:
    page.goto(f"{base_url}/kort")
    area = page.locator("svg.map a.map-area").first.get_attribute("data-area")
    page.goto(f"{base_url}/indikatorer")
    href = page.locator("table a[href^='/indikator/']").first.get_attribute("href")
    return [
        ("oversigt", "/"),
        ("kort", "/kort"),
        ("kort-indeks", "/kort?indicator=index"),
        ("indikatorer", "/indikatorer"),
        ("indikator", str(href).split("?")[0]),
        ("sammenlign", "/sammenlign"),
        ("prioritering", "/prioritering"),
        ("prioritering-behov", "/prioritering?by=need"),
        ("advarsler", "/advarsler"),
        ("omraade", f"/omraade/{area}"),
        ("beregning", f"/omraade/{area}/beregning"),
        ("omraade-kommunen", "/omraade/__all__"),
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_window(page: Any, base_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    problems = []
    for name, address in addresses(page, base_url):
        for lang in ("da", "en"):
            response = page.goto(f"{base_url}{address}{'&' if '?' in address else '?'}lang={lang}")
            assert response is not None and response.status == 200, address
            scroll = page.evaluate("() => document.documentElement.scrollWidth")
            if scroll > width:
                problems.append(f"{address} ({lang}) is {scroll} px wide at {width} px")
            check_page(page, f"{name}-{lang}-{width}")
    page.goto(f"{base_url}/?lang=da")
    assert not problems, "\n".join(problems)


def test_no_page_shows_a_raw_id(page: Any, base_url: str) -> None:
    problems = []
    for _, address in addresses(page, base_url):
        for lang in ("da", "en"):
            page.goto(f"{base_url}{address}{'&' if '?' in address else '?'}lang={lang}")
            text = page.evaluate("() => document.body.innerText")
            ids = sorted(set(RAW_ID.findall(text)))
            if ids:
                problems.append(f"{address} ({lang}) shows ids {ids[:8]}")
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
