"""Reports read the published zone only, and say clearly when it is not there."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from reports_published_fixture import write_published

from bosocdata.errors import BosocError, NotComputed
from bosocdata.presentation.read_model import load_published
from bosocdata.reports import area_report_html, yearly_report_html


def test_no_published_zone_is_not_computed(tmp_path: Path) -> None:
    with pytest.raises(NotComputed, match="the published zone has not been computed"):
        load_published(tmp_path / "published" / "published.duckdb")


def test_an_unknown_area_names_some_known_ones(published_path: Path) -> None:
    with pytest.raises(BosocError, match="'nowhere'") as caught:
        area_report_html(load_published(published_path), "nowhere")
    assert caught.value.hint is not None
    for known in ("aeblehaven", "soendergaard", "aaparken"):
        assert known in caught.value.hint


def test_an_unpublished_year_lists_the_published_years(published_path: Path) -> None:
    with pytest.raises(BosocError, match="2019") as caught:
        area_report_html(load_published(published_path), "aaparken", year=2019)
    assert caught.value.hint == "choose one of: 2022, 2023, 2024"


def test_the_secure_store_is_refused(tmp_path: Path) -> None:
    zone = write_published(
        tmp_path / "store.duckdb",
        extra_sql=("CREATE TABLE indicator_results (area_id VARCHAR, value DOUBLE)",),
    )
    with pytest.raises(BosocError, match="not the published zone"):
        load_published(zone)


def test_the_file_is_opened_read_only(published_path: Path) -> None:
    before = published_path.read_bytes()
    load_published(published_path)
    assert published_path.read_bytes() == before


def test_a_suppressed_row_loads_without_numbers_even_if_the_file_has_them(
    tmp_path: Path,
) -> None:
    zone = load_published(write_published(tmp_path / "p.duckdb", planted=True))
    cell = zone.cell("aaparken", "underretninger_boern_unge", 2024)
    assert cell is not None and cell.suppressed
    assert (cell.value, cell.ci_low, cell.ci_high, cell.denominator) == (None,) * 4
    assert cell.benchmark == pytest.approx(5.0806)  # the municipality's value is public


def test_without_assessment_tables_the_report_has_no_such_section(published_path: Path) -> None:
    html = area_report_html(load_published(published_path), "aeblehaven")
    assert "Vurdering" not in html


def test_a_published_categorisation_is_shown_for_the_area_and_year(tmp_path: Path) -> None:
    zone = write_published(
        tmp_path / "published.duckdb",
        extra_sql=(
            "CREATE TABLE categorisation (area_id VARCHAR, period INTEGER, category VARCHAR,"
            " criteria_met INTEGER)",
            "INSERT INTO categorisation VALUES ('aeblehaven', 2024, 'udsat', 2),"
            " ('aeblehaven', 2023, 'forebyggelsesomraade', 1), ('aaparken', 2024, 'none', 0)",
        ),
    )
    published = load_published(zone)
    html = area_report_html(published, "aeblehaven")
    assert "Vurdering" in html
    assert "udsat (orange)" in html  # the vocabulary's words, not the code
    assert "forebyggelsesomraade" not in html  # 2023's row
    yearly = yearly_report_html(published).replace("&#198;", "Æ").replace("&#197;", "Å")
    assert "<td>Æblehaven</td><td>–</td><td>–</td><td>udsat (orange)</td>" in yearly
    # a code the vocabulary does not know is never printed as it stands
    assert "<td>Åparken</td><td>–</td><td>–</td><td>ukendt</td>" in yearly
    assert "criteria_met" not in yearly


def test_an_index_table_named_by_a_sql_keyword_is_read(tmp_path: Path) -> None:
    zone = write_published(
        tmp_path / "published.duckdb",
        extra_sql=(
            'CREATE TABLE "index" (area_id VARCHAR, period INTEGER, "index" DOUBLE,'
            " rank INTEGER, n_ranked INTEGER, rank_low DOUBLE, rank_high DOUBLE,"
            " normalisation VARCHAR)",
            "INSERT INTO \"index\" VALUES ('soendergaard', 2024, 1234.56, 2, 22, 1, 3, 'zscore')",
        ),
    )
    html = area_report_html(load_published(zone), "soendergaard")
    assert "Udsathedsindeks" in html
    assert "1.234,56" in html
    assert "nr. 2 af 22, blandt de 3 mest udsatte" in html
    assert "zscore" not in html and "normalisation" not in html


def test_an_older_file_without_the_trend_column_still_reports(tmp_path: Path) -> None:
    zone = write_published(tmp_path / "p.duckdb")
    con = duckdb.connect(str(zone))
    con.execute("ALTER TABLE indicator_table DROP COLUMN trend")
    con.close()
    html = area_report_html(load_published(zone), "soendergaard")
    assert 'class="arrow"' not in html
    assert "41,2" in html


def test_the_municipality_itself_has_a_profile(published_path: Path) -> None:
    html = area_report_html(load_published(published_path), "__all__")
    assert "Hele kommunen" in html
    assert "kommunen selv" in html  # compared with itself: no better/worse
    assert 'class="chip worse"' not in html and 'class="chip better"' not in html
