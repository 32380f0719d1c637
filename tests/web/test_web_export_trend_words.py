"""The exports for people say every trend in words: `no_significant_change` as the
pages say it ("ingen sikker ændring"), as `improving` and `worsening` are, never the id."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook

BAKKEN = "Bakkegården"
WORDS = {
    "Børn og unge under 18 år": "forværring",  # worsening
    "Voksne uden for arbejdsmarkedet": "forbedring",  # improving
    "Underretninger om børn og unge": "ingen sikker ændring",  # no_significant_change
}
RAW_IDS = ("no_significant_change", "improving", "worsening")


def _trends(rows: list[list[object]]) -> dict[str, object]:
    header = [str(h) for h in rows[0]]
    at = header.index("Udvikling")
    return {str(r[2]): r[at] for r in rows[1:] if r[0] == BAKKEN}


def test_the_excel_says_every_trend_in_words(client: TestClient) -> None:
    body = client.get("/eksport/indicator_table?format=xlsx&year=2024").content
    sheet = load_workbook(io.BytesIO(body))["Indikatortal"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert _trends(rows) == WORDS
    assert not [v for r in rows for v in r if v in RAW_IDS]


def test_the_danish_csv_says_every_trend_in_words(client: TestClient) -> None:
    body = client.get(
        "/eksport/indicator_table?format=csv&sep=semikolon&decimal=komma&year=2024"
    ).content
    reader = csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")
    rows: list[list[object]] = [list(r) for r in reader]
    assert _trends(rows) == WORDS
    assert not [v for r in rows for v in r if v in RAW_IDS]
