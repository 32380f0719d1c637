"""Every page on a 1366 px laptop and a 1920 px screen, in Danish and English: nothing
wider than the window (wide tables scroll inside themselves), no internal id or code in
the text a reader sees (raw_ids.py), axe clean; each page photographed to
tests/browser/screenshots/ (git-ignored). The pages are those of pages_seen.py; the
pages before login, the error pages and the map's areas are in test_every_route.py.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
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
    # the front table fits a 1366 px laptop (below); in a narrower window it scrolls
    page.set_viewport_size({"width": 1024, "height": 800})
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


FITS = """e => ({table: e.scrollWidth <= e.clientWidth + 1, classes: e.className,
             page: document.documentElement.scrollWidth <= window.innerWidth})"""


def test_the_front_table_and_four_compared_areas_fit_a_laptop(page: Any, base_url: str) -> None:
    """At 1366 px every column of the front page's table (three indicators) and of
    /sammenlign with four areas is in view without sideways scrolling; narrower, the
    table scrolls inside its box, which shows it (page.js: `scrolls more-right`)."""
    page.goto(f"{base_url}/sammenlign")
    ids = [o.get_attribute("value") for o in page.locator("#area-1 option").all()]
    four = [i for i in ids if i and not i.startswith("__")][:4]
    compare = f"{base_url}/sammenlign?" + "&".join(f"area_id={a}" for a in four)
    for width in (1366, 1920):
        page.set_viewport_size({"width": width, "height": 800})
        for address in (f"{base_url}/", compare):
            page.goto(address)
            found = page.locator(".table-wrap").first.evaluate(FITS)
            assert found["table"] and found["page"], (width, address, found)
            assert "more-right" not in found["classes"], (width, address)
    assert page.locator("#suppressed-note").inner_text().startswith("– betyder")
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(f"{base_url}/")
    found = page.locator(".table-wrap").first.evaluate(FITS)
    assert not found["table"] and found["page"]
    assert {"scrolls", "more-right"} <= set(found["classes"].split())
    page.locator(".table-wrap").first.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    page.wait_for_function(
        "() => !document.querySelector('.table-wrap').classList.contains('more-right')"
    )


def test_printing_shows_what_closed_details_hide(page: Any, base_url: str) -> None:
    """The area profile's charts over the years are in a closed <details>: printed (to
    PDF, as a reader's Ctrl+P) they are there; afterwards the page is as it was. The
    trend words print at the table's size; the pyramid's heading stays with it."""
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{base_url}/omraade/BO02")
    closed = "() => [...document.querySelectorAll('details')].filter(d => !d.open).length"
    assert page.evaluate(closed) >= 2
    page.evaluate(
        "window.openedWhenPrinted = -1; window.addEventListener('beforeprint', () =>"
        " setTimeout(() => { window.openedWhenPrinted ="
        " document.querySelectorAll('details[open]').length; }))"
    )
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_function("() => window.openedWhenPrinted >= 0")
    assert page.evaluate("document.querySelectorAll('details:not([open])').length") == 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate(closed) >= 2
    page.pdf(format="A4")  # the real print: the events fire and the page is restored
    assert page.evaluate(closed) >= 2
    page.emulate_media(media="print")
    # the stylesheet shows a closed <details>'s content on paper as well
    height = page.locator(".series-grid figure").first.evaluate(
        "e => e.getBoundingClientRect().height"
    )
    assert height > 50
    sizes = page.evaluate(
        """() => [getComputedStyle(document.querySelector('table.profile')).fontSize,
                  getComputedStyle(document.querySelector('.trend-words')).fontSize]"""
    )
    table_size, trend_size = (float(s.removesuffix("px")) for s in sizes)
    assert trend_size <= table_size
    population = page.locator("section.population").evaluate("e => getComputedStyle(e).breakInside")
    assert population == "avoid"
    page.emulate_media(media="screen")


def printed_pages(page: Any, address: str, pdf: Path) -> list[str]:
    """The text of each sheet of the page printed as the browser prints it (A4 landscape,
    from the stylesheet), whitespace made single spaces."""
    page.goto(address)
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    page.emulate_media(media="screen")
    exe = shutil.which("pdftotext")
    assert exe, "pdftotext is missing: apt-get install -y poppler-utils"
    text = subprocess.run(
        [exe, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [" ".join(sheet.split()) for sheet in text.split("\f")[:-1]]


@pytest.mark.parametrize("address", ["/omraade/BO02", "/omraade/BO03", "/kort", "/prioritering"])
def test_printed_pages_state_their_source_first_and_leave_no_sheet_nearly_empty(
    page: Any, base_url: str, tmp_path: Path, address: str
) -> None:
    """For a board, the note that only published numbers are shown, and when they were
    computed, heads the first sheet; no sheet carries only that note or only a heading
    (the footer, printed last, once took a sheet of its own; a long list of alerts kept
    whole once left the first sheet with the heading alone)."""
    page.set_viewport_size({"width": 1366, "height": 800})
    sheets = printed_pages(page, base_url + address, tmp_path / "printed.pdf")
    assert "Kun offentliggjorte, diskretionskontrollerede tal" in sheets[0]
    assert "Beregnet:" in sheets[0]
    assert all("Kun offentliggjorte" not in sheet for sheet in sheets[1:])
    thin = [(i + 1, sheet[:80]) for i, sheet in enumerate(sheets) if len(sheet) < 300]
    assert not thin, thin
