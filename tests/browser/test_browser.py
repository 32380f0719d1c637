"""The web application in a real browser, as a municipal analyst uses it.

System Chromium driven by Playwright, the application served by uvicorn on 127.0.0.1,
a synthetic municipality computed for the session. Every page is checked by axe-core
against WCAG 2.1 A and AA and photographed to tests/browser/screenshots/; every request
the browser makes must go to 127.0.0.1.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from browser_support import Visit, check_page, log_in

pytestmark = pytest.mark.slow


def test_map_click_opens_the_area_profile(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/kort")
    assert page.locator("h1").inner_text() == "Kort over boligområderne"
    check_page(page, "kort")
    first = page.locator("svg.map a.map-area").first
    area_id = first.get_attribute("data-area")
    hover = first.locator("title").text_content() or ""
    assert "interval" in hover or "skjult" in hover, hover
    first.click()
    page.wait_for_url(f"{base_url}/omraade/{area_id}*")
    assert page.locator("h1").inner_text().startswith("Områdeprofil: ")
    check_page(page, "omraade")


def test_area_profile_lists_every_indicator_and_opens_one(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/omraade/__all__")
    rows = page.locator("table.profile tbody tr[data-indicator]")
    assert rows.count() >= 20
    link = rows.first.locator("th a")
    name = link.inner_text()
    link.click()
    page.wait_for_url(f"{base_url}/indikator/*")
    assert page.locator("h1").inner_text() == f"Indikator: {name}"
    check_page(page, "indikator")


def test_language_switch_to_english_and_back(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/kort")
    page.click("a.lang-switch")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Map of the housing areas"
    check_page(page, "kort-en")
    page.goto(f"{base_url}/")  # the choice is remembered
    assert page.locator("h1").inner_text() == "The housing areas"
    page.click("a.lang-switch")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Boligområderne"


def test_csv_download(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/")
    with page.expect_download() as info:
        page.click("p.export-link a")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    assert header[:4] == ["area_id", "area_name", "period", "indicator_id"]


def test_excel_and_pdf_downloads_open(page: Any, base_url: str) -> None:
    from openpyxl import load_workbook

    page.goto(f"{base_url}/omraade/__all__")
    with page.expect_download() as info:
        page.get_by_role("link", name="Excel").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()), read_only=True).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:4] == ["Område", "År", "Indikator", "Enhed"]
    # The PDF is made in the background: its page follows it, then offers the file.
    page.get_by_role("link", name="Områdeprofil som PDF").click()
    page.wait_for_selector("#job-download", timeout=240_000)
    with page.expect_download() as info:
        page.click("#job-download")
    assert info.value.suggested_filename == "omraade-__all__-2025.pdf"
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")
    page.goto(f"{base_url}/prioritering")
    with page.expect_download() as info:
        page.get_by_role("link", name="Excel").click()
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()), read_only=True).active
    assert "Placering efter behov" in [c.value for c in next(sheet.iter_rows(max_row=1))]


def test_keyboard_reaches_the_content_with_visible_focus(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.className")
    assert focused == "skip-link"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"


def test_pages_keep_to_the_content_security_policy(
    strict_page: Any, base_url: str, visit: Visit
) -> None:
    for address in (
        "/",
        "/kort",
        "/kort?indicator=index",
        "/omraade/__all__",
        "/indikatorer",
        "/indikator/boern_unge_under_18",
        "/prioritering",
        "/advarsler",
        "/sammenlign",
    ):
        strict_page.goto(base_url + address)
    assert not visit.console_errors, visit.console_errors


def test_viewer_gets_no_download_links(chromium: Any, base_url: str) -> None:
    context = chromium.new_context()
    page = context.new_page()
    try:
        log_in(page, base_url, "vera")
        page.goto(f"{base_url}/omraade/__all__")
        assert page.locator("a[href^='/eksport']").count() == 0
        response = page.goto(f"{base_url}/eksport")
        assert response is not None and response.status == 403
    finally:
        context.close()
