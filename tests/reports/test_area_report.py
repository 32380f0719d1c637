"""An area's profile as a board member reads it: the PDF's text and colours."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from reports_pdf import pdf_pages, pdf_text
from reports_published_fixture import PLANTED, SERIES, write_published

from bosocdata.presentation.read_model import load_published
from bosocdata.reports import area_report_html, render_area_report


def danish(x: float, decimals: int) -> str:
    """Reference formatting written for the tests: 1234.56 -> '1.234,6'."""
    text = f"{x:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


@pytest.fixture(scope="module")
def zone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_published(tmp_path_factory.mktemp("zone") / "published.duckdb")


@pytest.fixture(scope="module")
def soendergaard_pdf(zone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "soendergaard.pdf"
    render_area_report(zone, "soendergaard", out)
    return out


@pytest.fixture(scope="module")
def aaparken_pdf(zone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "aaparken.pdf"
    render_area_report(zone, "aaparken", out)
    return out


def test_the_title_names_the_area_and_its_housing_organisation_with_aeoeaa(
    soendergaard_pdf: Path, aaparken_pdf: Path
) -> None:
    text = pdf_text(soendergaard_pdf)
    assert "Søndergård" in text
    assert "Boligorganisation: Sønderbo A/S" in text
    aaparken = pdf_text(aaparken_pdf)
    assert "Åparken" in aaparken
    assert "Åens Boligforening" in aaparken


def test_the_latest_year_and_the_residents_in_danish_format(soendergaard_pdf: Path) -> None:
    text = pdf_text(soendergaard_pdf, last=1)
    assert "OMRÅDEPROFIL 2024" in text
    assert "Beboere 12.345" in text  # denominator of boern_unge_under_18, 2024


@pytest.mark.parametrize(
    "row",
    [
        # name, unit, value, municipality, interval, comparison, trend: read off the fixture
        "Voksne uden for arbejdsmarkedet % 41,2 16,3 40,2–42,3 dårligere ↑ forværring",
        "Underretninger om børn og unge % 3,8 5,1 3,0–4,7 bedre → ingen sikker ændring",
        "Hærværk og indbrud pr. 100 husstande 2,1 2,3 1,7–2,5 på niveau",
        "Gennemsnitlig bruttoindkomst kr. 300.654 312.457 295.100–306.207 dårligere",
    ],
)
def test_each_indicator_row_reads_value_municipality_interval_comparison_and_trend(
    soendergaard_pdf: Path, row: str
) -> None:
    assert row in pdf_text(soendergaard_pdf, last=1)


def test_indicators_are_grouped_by_theme_in_the_catalogue_order(soendergaard_pdf: Path) -> None:
    text = pdf_text(soendergaard_pdf, last=1)
    themes = ["Befolkning", "Beskæftigelse og økonomi", "Børn og unge", "Kriminalitet og tryghed"]
    positions = [text.index(f"{theme} Indikator") for theme in themes]  # heading, then table
    assert positions == sorted(positions)


def test_a_suppressed_cell_is_a_dash_with_a_footnote_on_disclosure_control(
    aaparken_pdf: Path,
) -> None:
    text = pdf_text(aaparken_pdf, last=1)
    # value and interval "–", the municipality's own value still shown, no comparison
    assert "Underretninger om børn og unge % – 5,1 – –" in text
    assert "– betyder, at tallet er skjult af hensyn til diskretionen" in text
    assert "færre end 5 personer" in text  # meta suppression_k


def test_every_number_on_the_table_page_is_a_published_number_of_the_area(
    aaparken_pdf: Path,
) -> None:
    allowed = {"1.702"}  # residents, 2024
    for (area, indicator), series in SERIES.items():
        if area not in ("aaparken", "__all__"):
            continue
        _, _, value, low, high, _ = series[-1]  # 2024
        decimals = 0 if indicator == "indkomst" else 1
        allowed |= {danish(v, decimals) for v in (value, low, high) if v is not None}
    text = pdf_text(aaparken_pdf, last=1)
    shown = re.findall(r"\d+(?:\.\d{3})+(?:,\d+)?|\d+,\d+", text)
    assert shown, "no numbers found at all"
    assert set(shown) <= allowed, set(shown) - allowed


def test_a_value_planted_in_a_suppressed_row_is_never_printed(tmp_path: Path) -> None:
    zone = write_published(tmp_path / "published.duckdb", planted=True)
    out = tmp_path / "aaparken.pdf"
    render_area_report(zone, "aaparken", out)
    text = pdf_text(out)
    for planted in PLANTED:
        assert danish(planted, 1) not in text
    assert "Underretninger om børn og unge % – 5,1 – –" in text


def test_the_footer_dates_the_data_and_says_only_published_figures(
    soendergaard_pdf: Path,
) -> None:
    text = pdf_text(soendergaard_pdf)
    assert "Data beregnet 15. januar 2025" in text
    assert text.count("Kun offentliggjorte, diskretionskontrollerede tal") == pdf_pages(
        soendergaard_pdf
    )


def test_the_time_series_charts_are_drawn_into_the_pdf(zone: Path, soendergaard_pdf: Path) -> None:
    html = area_report_html(load_published(zone), "soendergaard")
    # one time series and one spine bar per indicator, as inline SVG
    assert html.count('<svg class="series"') == 5
    assert html.count('<svg class="spine"') == 5
    # the legend text exists only inside the SVG: finding it in the PDF shows it was drawn
    assert html.count("Boligområdet") == 5
    text = pdf_text(soendergaard_pdf)
    assert text.count("Boligområdet Kommunen") == 5
    assert "Udviklingen over tid" in text
    assert "2022" in text and "2023" in text


def test_the_comparison_is_shown_in_colour_too(soendergaard_pdf: Path, tmp_path: Path) -> None:
    from PIL import Image

    exe = shutil.which("pdftoppm")
    assert exe, "pdftoppm is missing: apt-get install -y poppler-utils"
    subprocess.run(
        [exe, "-r", "60", "-png", "-f", "1", "-l", "1", str(soendergaard_pdf), str(tmp_path / "p")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    colours = {
        "worse": (0xC0, 0x39, 0x2B),
        "better": (0x4D, 0x9A, 0x3F),
        "similar": (0xE9, 0xB5, 0x26),
    }
    pixels = np.asarray(image, dtype=int)
    for name, rgb in colours.items():
        near = int((np.abs(pixels - np.array(rgb)).sum(axis=2) < 40).sum())
        assert near > 10, f"no {name} colour on the page"


def test_an_earlier_year_shows_that_years_figures(zone: Path, tmp_path: Path) -> None:
    out = tmp_path / "2022.pdf"
    render_area_report(zone, "soendergaard", out, year=2022)
    text = pdf_text(out, last=1)
    assert "OMRÅDEPROFIL 2022" in text
    assert "Voksne uden for arbejdsmarkedet % 40,5 16,9 39,4–41,6 dårligere" in text
    assert "41,2" not in text


def test_the_report_in_english(zone: Path, tmp_path: Path) -> None:
    out = tmp_path / "en.pdf"
    render_area_report(zone, "soendergaard", out, lang="en")
    text = pdf_text(out, last=1)
    assert "Adults outside the labour market % 41.2 16.3 40.2–42.3 worse ↑ worsening" in text
    assert "Residents 12,345" in text
