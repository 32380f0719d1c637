"""No export carries a live spreadsheet formula (CSV injection, OWASP).

The fixture's published zone is poisoned: every text cell of every table begins with
one of the characters a spreadsheet reads as the start of a formula (`=`, `+`, `-`,
`@`, tab, carriage return), as an area named `=HYPERLINK(...)` would. Then every export
path is asked for every table it offers, as CSV and as Excel: the command line's
`bosoc export` (indicator table, plain and Danish CSV, Excel; each assessment table) and
the web's downloads (`/eksport` and `/eksport/<table>` in each format and dialect).

In every file, every text cell that began with such a character comes out with a `'` in
front and otherwise unchanged (OWASP's advice; the text stays readable), no Excel cell
is a formula, and the numbers stay numbers (a negative value is not text).
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from security_fixture import TestClient
from web_published_fixture import write_published

from bosocdata.cli.export_files import ASSESSMENT_TABLES
from bosocdata.cli.main import app as cli_app
from bosocdata.errors import NotComputed
from bosocdata.presentation.vocabulary import Vocabulary
from bosocdata.web.app import create_app
from bosocdata.web.export import TABLES

STARTS = ("=", "+", "-", "@", "\t", "\r")
POISON = {start: f'{start}HYPERLINK("http://x";"klik")|' for start in STARTS}
"""The text put in front of each original text value: a formula, then `|`."""


def _poison(path: Path) -> None:
    """Every text column of every table gets one of the poisons in front of its values
    (the same for a column name in every table, so that keys still match)."""
    con = duckdb.connect(str(path))
    try:
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE data_type = 'VARCHAR' AND table_schema = 'main'"
        ).fetchall()
        for table, column in columns:
            start = STARTS[sum(map(ord, column)) % len(STARTS)]
            con.execute(f'UPDATE "{table}" SET "{column}" = ? || "{column}"', [POISON[start]])
    finally:
        con.close()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("formula-home")
    _poison(write_published(home / "published" / "published.duckdb"))
    return home


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def _check_cells(cells: list[object], where: str) -> int:
    """Every text cell is safe; returns how many neutralised poisons were seen."""
    seen = 0
    for cell in cells:
        if not isinstance(cell, str) or not cell:
            continue
        if cell.startswith(STARTS):
            assert _is_number(cell), f"{where}: a live formula {cell!r}"
        if cell.startswith("'") and cell[1:].startswith(tuple(POISON.values())):
            seen += 1
    return seen


def _csv_cells(data: bytes, where: str) -> list[object]:
    text = data.decode("utf-8-sig")
    dialect = ";" if text.split("\n", 1)[0].count(";") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=dialect))
    assert len(rows) > 1, f"{where}: no rows"
    return [cell for row in rows for cell in row]


def _xlsx_cells(data: bytes, where: str) -> list[object]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    cells = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{where}: a formula cell {cell.coordinate}"
            cells.append(cell.value)
    return cells


def _cells(name: str, data: bytes) -> list[object]:
    reader = _xlsx_cells if data[:2] == b"PK" else _csv_cells  # xlsx is a zip file
    return reader(data, name)


def _web_files(home: Path) -> Iterator[tuple[str, bytes]]:
    app = create_app(home / "published" / "published.duckdb", auth="off")
    with TestClient(app) as client:
        answer = client.get("/eksport", params={"year": "alle"})
        assert answer.status_code == 200, answer.text
        yield "/eksport", answer.content
        for table in TABLES:
            for params in (
                {"format": "csv"},
                {"format": "csv", "sep": "semikolon", "decimal": "komma"},
                {"format": "xlsx"},
            ):
                answer = client.get(f"/eksport/{table}", params={"year": "alle", **params})
                if answer.status_code == 404:  # a table the fixture has not
                    continue
                assert answer.status_code == 200, (table, answer.text)
                suffix = ".xlsx" if params["format"] == "xlsx" else ".csv"
                yield f"/eksport/{table}{suffix} {params}", answer.content


def _cli_files(
    home: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, bytes]]:
    monkeypatch.setenv("BOSOC_HOME", str(home))
    runner = CliRunner()
    jobs = [
        ("indicators", name, extra)
        for name, extra in (
            ("ind.csv", []),
            ("ind-dk.csv", ["--danish"]),
            ("ind.xlsx", []),
            ("ind-full.csv", ["--full"]),
        )
    ]
    jobs += [(t, f"{t}{s}", []) for t in ASSESSMENT_TABLES for s in (".csv", ".xlsx")]
    for table, name, extra in jobs:
        target = out / name
        result = runner.invoke(cli_app, ["export", str(target), "--table", table, *extra])
        if table != "indicators" and isinstance(result.exception, NotComputed):
            continue  # an assessment table the fixture has not
        assert result.exit_code == 0, (name, result.output)
        yield f"bosoc export {name}", target.read_bytes()


def test_every_export_path_neutralises_a_formula_in_every_text_column(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [*_web_files(home), *_cli_files(home, tmp_path, monkeypatch)]
    assert sum(data[:2] == b"PK" for _, data in files) >= 4  # Excel files, both paths
    assert sum(data[:2] != b"PK" for _, data in files) >= 4
    for name, data in files:
        cells = _cells(name, data)
        assert _check_cells(cells, name) > 0, f"{name}: no poisoned text reached the file"


def test_neutralised_text_stays_readable_and_numbers_stay_numbers(home: Path) -> None:
    app = create_app(home / "published" / "published.duckdb", auth="off")
    with TestClient(app) as client:
        data = client.get("/eksport/indicator_table", params={"format": "xlsx", "year": "2024"})
    sheet = load_workbook(io.BytesIO(data.content)).active
    assert sheet is not None
    # The workbook is the one for people: Danish headers (the vocabulary's words).
    t = Vocabulary("da")
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    names = {r[t("area")] for r in rows}
    start = STARTS[sum(map(ord, "area_name")) % len(STARTS)]
    assert f"'{POISON[start]}Æblehaven" in names  # the name, readable after the quote
    assert all(isinstance(r[t("value")], float | int) or r[t("value")] is None for r in rows)
    assert all(isinstance(r[t("year")], int) for r in rows)


def test_a_negative_number_is_not_taken_for_a_formula(tmp_path: Path) -> None:
    import pandas as pd

    from bosocdata.cli.export_files import write_csv
    from bosocdata.presentation.excel import write_xlsx

    table = pd.DataFrame({"area_name": ["-Nord", "Syd"], "index_change": [-1.5, 2.0]})
    write_csv(table, tmp_path / "t.csv", danish=True)
    assert (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "area_name;index_change",
        "'-Nord;-1,5",
        "Syd;2,0",
    ]
    write_xlsx(table, tmp_path / "t.xlsx")
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert sheet is not None
    assert [c.value for c in sheet["A"]] == ["area_name", "'-Nord", "Syd"]
    assert [c.value for c in sheet["B"]] == ["index_change", -1.5, 2.0]
    shutil.rmtree(tmp_path)
