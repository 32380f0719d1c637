"""The yearly report stays light and speaks the board's language.

Every area's page in the yearly report is a table (the trend as an arrow and words),
without a chart per indicator: the report of 25 areas then renders in seconds
(docs/reference/benchmarks.md). Here the bound is on what makes it slow, the pages and
the drawings, not on a clock. And what a board member reads comes from the vocabulary:
no area id, indicator id or assessment code reaches the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reports_pdf import pdf_pages, pdf_text
from reports_published_fixture import AREAS, INDICATORS, write_published

from bosocdata.presentation.read_model import load_published
from bosocdata.reports import render_yearly_report, yearly_report_html

ASSESSMENT = (
    'CREATE TABLE "index" (area_id VARCHAR, period INTEGER, "index" DOUBLE, rank INTEGER,'
    " n_ranked INTEGER, rank_low DOUBLE, rank_high DOUBLE, n_scored INTEGER,"
    " normalisation VARCHAR)",
    "INSERT INTO \"index\" VALUES ('soendergaard', 2024, 1.2345, 1, 2, 1, 2, 3, 'zscore'),"
    " ('aeblehaven', 2024, -0.5, 2, 2, 1, 2, 3, 'zscore'),"
    " ('aaparken', 2024, 0.1, NULL, 2, NULL, NULL, 2, 'zscore')",
    "CREATE TABLE categorisation (area_id VARCHAR, period INTEGER, category VARCHAR,"
    " points DOUBLE, n_scored INTEGER)",
    "INSERT INTO categorisation VALUES ('soendergaard', 2024, 'saerligt_udsat', 7, 3),"
    " ('aeblehaven', 2024, 'uden_for_risiko', 0, 3), ('aaparken', 2024, 'for_lille', 0, 2)",
)


@pytest.fixture(scope="module")
def zone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_published(
        tmp_path_factory.mktemp("light") / "published.duckdb", extra_sql=ASSESSMENT
    )


@pytest.fixture(scope="module")
def yearly(zone: Path) -> Path:
    out = zone.parent / "aarsrapport-2024.pdf"
    render_yearly_report(zone, out)
    return out


def test_the_yearly_report_has_no_chart_per_indicator(zone: Path) -> None:
    html = yearly_report_html(load_published(zone))
    assert "<svg" not in html


def test_the_yearly_report_is_an_overview_and_at_most_two_pages_an_area(yearly: Path) -> None:
    areas = 3
    assert pdf_pages(yearly) <= 1 + 2 * areas
    assert yearly.stat().st_size < 250_000


def test_no_id_or_code_reaches_the_yearly_report(yearly: Path) -> None:
    text = pdf_text(yearly)
    codes = [a[0] for a in AREAS] + [i[0] for i in INDICATORS]
    codes += ["saerligt_udsat", "uden_for_risiko", "for_lille", "n_scored", "zscore"]
    codes += ["normalisation", "category", "n_ranked", "rank_low"]
    for code in codes:  # as a word of its own: "indkomst" is in "bruttoindkomst"
        assert not re.search(rf"(?<![\w]){re.escape(code)}(?![\w])", text), code


def test_the_assessment_reads_in_danish_words(yearly: Path) -> None:
    text = pdf_text(yearly, last=1)
    assert "Søndergård 1,23 nr. 1 af 2, blandt de 2 mest udsatte særligt udsat (rød)" in text
    assert "Åparken 0,10 ikke rangeret for lille til at vurdere" in text


def test_residents_are_whole_numbers(yearly: Path) -> None:
    text = pdf_text(yearly)
    assert "12.345" in text  # Søndergård's residents in 2024
    assert "12.345,0" not in text
