"""Download names are encoded per RFC 6266/5987: an area id beyond Latin-1 is no 500.

The fixture's area `aeblehaven` is renamed to an id in Chinese and Danish letters, with a
quote; its exports must answer 200 with a `Content-Disposition` whose `filename*`
decodes (RFC 5987: charset, empty language, percent-encoded UTF-8) to the exact name,
and whose plain `filename` is ASCII for old clients.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import unquote

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from security_fixture import TestClient
from web_published_fixture import write_published

from bosocdata.web.app import create_app
from bosocdata.web.downloads import content_disposition

AREA = '区-Øst"1'


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    home = tmp_path_factory.mktemp("names-home")
    path = write_published(home / "published" / "published.duckdb")
    con = duckdb.connect(str(path))
    tables = con.execute(
        "SELECT table_name FROM information_schema.columns WHERE column_name = 'area_id'"
        " AND table_schema = 'main'"
    ).fetchall()
    for (table,) in tables:
        con.execute(f'UPDATE "{table}" SET area_id = ? WHERE area_id = ?', [AREA, "aeblehaven"])
    con.close()
    return TestClient(create_app(path, auth="off"))


def _names(header: str) -> tuple[str, str]:
    """(filename, the decoded filename*) of a Content-Disposition, parsed by hand."""
    parts = [p.strip() for p in header.split(";")]
    assert parts[0] == "attachment"
    fields = dict(p.split("=", 1) for p in parts[1:])
    plain = fields["filename"]
    assert plain.startswith('"') and plain.endswith('"')
    charset, language, encoded = fields["filename*"].split("'", 2)
    assert (charset, language) == ("UTF-8", "")
    return plain[1:-1], unquote(encoded, encoding="utf-8", errors="strict")


@pytest.mark.parametrize(
    ("path", "params", "expected"),
    [
        ("/eksport", {"year": "2024"}, f"bosocdata-2024-{AREA}.csv"),
        (
            "/eksport/indicator_table",
            {"year": "2024", "format": "xlsx"},
            f"bosocdata-indicator_table-2024-{AREA}.xlsx",
        ),
    ],
)
def test_an_area_id_beyond_latin_1_gives_an_encoded_download_name(
    client: TestClient, path: str, params: dict[str, str], expected: str
) -> None:
    answer = client.get(path, params={**params, "area_id": AREA})
    assert answer.status_code == 200
    plain, exact = _names(answer.headers["content-disposition"])
    assert exact == expected
    assert plain.isascii() and '"' not in plain and "\\" not in plain


def test_a_plain_ascii_name_keeps_the_simple_form() -> None:
    assert content_disposition("bosocdata-2024.csv") == 'attachment; filename="bosocdata-2024.csv"'
    assert content_disposition("aarsrapport-2024.pdf").count("filename") == 1
