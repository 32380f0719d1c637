"""Exports of every table: Excel with number formats, CSV plain or Danish, PDF reports,
and the area scope of a partner in each of them."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from web_login import CHEAP_HASHER, add_user, fetch_report, log_in
from web_published_fixture import write_published

from bosocdata.web.app import create_app


def _sheet(body: bytes) -> tuple[list[str], list[list[object]], list[list[str]]]:
    sheet = load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows())
    header = [str(c.value) for c in rows[0]]
    return (
        header,
        [[c.value for c in r] for r in rows[1:]],
        [[c.number_format for c in r] for r in rows[1:]],
    )


def test_excel_is_a_workbook_for_people(client: TestClient) -> None:
    response = client.get("/eksport/indicator_table?format=xlsx&year=2024&area_id=bakken")
    assert response.status_code == 200
    assert (
        'filename="bosocdata-indicator_table-2024-bakken.xlsx"'
        in response.headers["content-disposition"]
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Indikatortal", "Definitioner", "Om tallene"]
    sheet = book["Indikatortal"]
    header, rows, formats = _sheet(response.content)
    assert header[:5] == ["Område", "År", "Indikator", "Enhed", "Værdi"]
    assert "Sammenligning" in header and "Skjult (diskretion)" in header
    row = next(r for r in rows if r[2] == "Børn og unge under 18 år")
    at = header.index("Værdi")
    assert row[0] == "Bakkegården" and row[3] == "%"
    assert row[at] == pytest.approx(23.4954)  # full precision, shown with one decimal
    assert formats[rows.index(row)][at] == "#,##0.0"
    assert formats[rows.index(row)][header.index("Nævner")] == "#,##0"
    assert row[header.index("Sammenligning")] == "dårligere"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{len(rows) + 1}"
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions["C"].width >= len("Børn og unge under 18 år")
    definitions = [[c.value for c in r] for r in book["Definitioner"].iter_rows()]
    assert definitions[0] == [
        "Indikator", "Tema", "Enhed", "Hvad er dårligst", "Sådan er tallet beregnet",
    ]  # fmt: skip
    assert any(r[0] == "Børn og unge under 18 år" for r in definitions[1:])
    about = {r[0].value: r[1].value for r in book["Om tallene"].iter_rows(min_row=2)}
    assert set(about) >= {"Kilde", "Beregnet", "Diskretion", "Intervaller", "Afrunding"}
    assert "færre end 5 personer" in about["Diskretion"]
    # computed 2025-01-15 10:00 UTC: 11.00 in Copenhagen, as the pages' footer says it
    assert about["Beregnet"] == "15. januar 2025 kl. 11.00"


def test_excel_of_priorities_names_columns_and_formats_counts_and_the_index(
    client: TestClient,
) -> None:
    header, rows, formats = _sheet(client.get("/eksport/priorities?format=xlsx").content)
    first = next(r for r in rows if r[0] == "Æblehaven")
    at = {name: header.index(name) for name in ("Behov", "Udsathedsindeks", "År")}
    assert first[at["Behov"]] == pytest.approx(520.4)
    assert formats[rows.index(first)][at["Behov"]] == "#,##0"
    assert formats[rows.index(first)][at["Udsathedsindeks"]] == "#,##0.000"
    assert formats[rows.index(first)][at["År"]] == "0"
    assert not [h for h in header if "_" in h]  # no column id reaches a reader


def test_danish_csv_is_for_people_rounded_as_on_screen(client: TestClient) -> None:
    body = client.get(
        "/eksport/indicator_table?format=csv&sep=semikolon&decimal=komma&year=2024"
    ).content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:5] == ["Område", "År", "Indikator", "Enhed", "Værdi"]
    bakken = next(r for r in rows if r[0] == "Bakkegården" and r[2] == "Børn og unge under 18 år")
    # 23.4954 % is shown as 23,5; the denominator (a count) as a whole number
    assert bakken[header.index("Værdi")] == "23,5"
    assert bakken[header.index("År")] == "2024"
    assert "," not in bakken[header.index("Nævner")] and bakken[header.index("Nævner")].isdigit()
    hidden = next(
        r for r in rows if r[0] == "Æblehaven" and r[2] == "Underretninger om børn og unge"
    )
    assert hidden[header.index("Værdi")] == "" and "77" not in ";".join(hidden)
    assert hidden[header.index("Skjult (diskretion)")] == "ja"


def test_the_plain_csv_stays_machine_readable(client: TestClient) -> None:
    text = client.get("/eksport/indicator_table?format=csv&year=2024").text
    rows = list(csv.DictReader(io.StringIO(text)))
    bakken = next(
        r for r in rows if r["area_id"] == "bakken" and r["indicator_id"] == "boern_unge_under_18"
    )
    assert bakken["value"] == "23.4954"


def test_csv_options_are_checked(client: TestClient) -> None:
    assert client.get("/eksport/alerts?format=pdf").status_code == 400
    assert client.get("/eksport/alerts?sep=tab").status_code == 400
    assert client.get("/eksport/alerts?decimal=komma").status_code == 400  # , twice


def test_population_export_empties_a_hidden_cell(client: TestClient) -> None:
    text = client.get("/eksport/population?format=csv").text
    rows = list(csv.DictReader(io.StringIO(text)))
    hidden = [r for r in rows if r["suppressed"] == "true"]
    assert [(r["age_band"], r["sex"], r["residents"]) for r in hidden] == [("65+", "k", "")]
    assert "999" not in text


def _partner_client(tmp_path: Path) -> TestClient:
    home = tmp_path / "home"
    published = write_published(home / "published" / "published.duckdb")
    add_user(home, "frugt", "partner", housing_organisation="Boligforeningen Frugt")
    client = TestClient(create_app(published, auth="login", hasher=CHEAP_HASHER))
    assert log_in(client, "frugt").status_code == 303  # type: ignore[attr-defined]
    return client


def test_a_partner_exports_only_its_own_areas_from_every_table(tmp_path: Path) -> None:
    with _partner_client(tmp_path) as partner:
        for table in ("index", "priorities", "alerts", "contributions", "criteria",
                      "categorisation", "dynamics", "population", "indicator_table"):  # fmt: skip
            text = partner.get(f"/eksport/{table}?format=csv&year=alle").text
            areas = {r["area_id"] for r in csv.DictReader(io.StringIO(text))}
            assert areas <= {"aeblehaven", "__all__"}, (table, areas)
            assert "Bakkegården" not in text and "Østerparken" not in text
        ranked = partner.get("/prioritering?year=2024").text
        assert "Bakkegården" not in ranked and "Æblehaven" in ranked


@pytest.mark.slow
def test_pdf_reports_are_pdfs_of_the_users_areas(tmp_path: Path, client: TestClient) -> None:
    area = fetch_report(client, "/eksport/pdf/omraade/bakken?year=2024")
    assert area.startswith(b"%PDF")
    with _partner_client(tmp_path) as partner:
        yearly = fetch_report(partner, "/eksport/pdf/aarsrapport?year=2024")
        assert yearly.startswith(b"%PDF")
        if shutil.which("pdftotext"):
            pdf = tmp_path / "yearly.pdf"
            pdf.write_bytes(yearly)
            text = subprocess.run(
                ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert "Æblehaven" in text
            assert "Bakkegården" not in text and "Østerparken" not in text


def test_download_links_are_on_the_pages_for_an_analyst_only(
    client: TestClient, tmp_path: Path
) -> None:
    html = client.get("/omraade/bakken?year=2024").text
    assert 'href="/eksport/pdf/omraade/bakken?year=2024"' in html
    assert 'href="/eksport/indicator_table?format=xlsx&amp;year=2024&amp;area_id=bakken"' in html
    assert (
        'href="/eksport/priorities?format=xlsx&amp;year=2024"'
        in client.get("/prioritering?year=2024").text
    )
    home = tmp_path / "home"
    published = write_published(home / "published" / "published.duckdb")
    add_user(home, "vera", "viewer")
    with TestClient(create_app(published, auth="login", hasher=CHEAP_HASHER)) as viewer:
        assert log_in(viewer, "vera").status_code == 303  # type: ignore[attr-defined]
        assert "/eksport" not in viewer.get("/omraade/bakken").text
        assert viewer.get("/eksport/index?format=xlsx").status_code == 403
        assert viewer.get("/eksport/pdf/aarsrapport").status_code == 403
