"""The yearly report: every area in one overview table, then one page per area."""

from __future__ import annotations

from pathlib import Path

import pytest
from reports_pdf import pdf_pages, pdf_text
from reports_published_fixture import write_published

from bosocdata.reports import render_yearly_report


@pytest.fixture(scope="module")
def yearly_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("yearly")
    zone = write_published(folder / "published.duckdb")
    out = folder / "aarsrapport-2024.pdf"
    render_yearly_report(zone, out)
    return out


def test_the_overview_lists_every_area_in_danish_alphabetical_order(yearly_pdf: Path) -> None:
    text = pdf_text(yearly_pdf, last=1)
    assert "Alle områder i 2024" in text
    # Danish order: æ, ø, å come after z; the municipality first, the rest last
    names = ["Hele kommunen", "Søndergård", "Æblehaven", "Åparken", "Uden for boligområderne"]
    positions = [text.index(f"{name} ") for name in names]
    assert positions == sorted(positions)


def test_the_overview_rows_hold_residents_and_the_main_indicators(yearly_pdf: Path) -> None:
    text = pdf_text(yearly_pdf, last=1)
    # residents, then voksne uden for arbejdsmarkedet, underretninger, hærværk (2024)
    assert "Hele kommunen 354.000 16,3 5,1 2,3" in text
    assert "Søndergård 12.345 41,2 3,8 2,1" in text
    assert "Æblehaven 4.321 42,1 7,3 4,4" in text
    assert "Åparken 1.702 24,5 – 3,5" in text  # the suppressed cell


def test_one_page_per_area_follows_the_overview(yearly_pdf: Path) -> None:
    assert pdf_pages(yearly_pdf) >= 4  # overview + three areas (a profile may take two)
    text = pdf_text(yearly_pdf)
    assert text.count("OMRÅDEPROFIL 2024") == 3
    for name in ("Søndergård", "Æblehaven", "Åparken"):
        assert f"OMRÅDEPROFIL 2024 {name}" in text


def test_an_earlier_year(tmp_path: Path) -> None:
    zone = write_published(tmp_path / "published.duckdb")
    out = tmp_path / "2023.pdf"
    render_yearly_report(zone, out, year=2023)
    text = pdf_text(out, last=1)
    assert "Alle områder i 2023" in text
    assert "Søndergård 12.200 40,9 4,5 2,3" in text
