"""Reading the formats of REGISTERS.md: CSV dialects, Danish dates, xlsx, parquet."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from bosocdata.ingest import ingest_delivery
from bosocdata.ingest.read import detect_delimiter
from bosocdata.settings import Paths
from deliveries import CPR_ANNA, CPR_CARL, minimal_delivery, write_delivery, write_register

# Each test rejects some rows of a tiny delivery on purpose (a share the guard against
# systematic faults would refuse); that guard has its own tests (test_ingest_guards.py).
pytestmark = pytest.mark.usefixtures("rejects_allowed", "no_cpr_left")


def query(paths: Paths, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(paths.store), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def childcare(free_place: str) -> list[dict[str, str]]:
    return [
        {"cpr": CPR_CARL, "kind": "dagpleje", "start": "2005-01-01", "free_place_pct": free_place}
    ]


def test_semicolon_files_are_detected_and_accept_a_decimal_comma(
    tmp_path: Path, paths: Paths
) -> None:
    registers = minimal_delivery()
    registers["childcare_enrolment"] = childcare("12,5")
    delivery = write_delivery(tmp_path / "d", registers, delimiter=";")
    assert detect_delimiter(delivery / "persons.csv") == ";"
    report = ingest_delivery(delivery, paths)
    assert report.total_rejected == 0
    assert query(paths, "SELECT free_place_pct FROM childcare_enrolment") == [(12.5,)]
    assert query(paths, "SELECT count(*) FROM persons") == [(4,)]


def test_comma_files_take_a_decimal_point_only(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    registers["childcare_enrolment"] = childcare("12.5") + childcare("12,5")
    delivery = write_delivery(tmp_path / "d", registers, delimiter=",")
    assert detect_delimiter(delivery / "persons.csv") == ","
    report = ingest_delivery(delivery, paths)
    assert report.rows_rejected == {"childcare_enrolment": 1}
    assert query(paths, "SELECT free_place_pct FROM childcare_enrolment") == [(12.5,)]


def test_a_semicolon_file_also_takes_a_decimal_point(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    registers["childcare_enrolment"] = childcare("7.25")
    ingest_delivery(write_delivery(tmp_path / "d", registers, delimiter=";"), paths)
    assert query(paths, "SELECT free_place_pct FROM childcare_enrolment") == [(7.25,)]


@pytest.mark.parametrize("written", ["2015-03-01", "01-03-2015", "01.03.2015", "1.3.2015"])
def test_iso_and_danish_dates_are_read(tmp_path: Path, paths: Paths, written: str) -> None:
    registers = minimal_delivery()
    registers["residences"][0]["start"] = written
    report = ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert report.total_rejected == 0
    starts = {r[0] for r in query(paths, "SELECT start_date FROM residences")}
    assert date(2015, 3, 1) in starts


@pytest.mark.parametrize("written", ["2015/03/01", "31.02.2015", "2015-3-1", "01-03-15", "marts"])
def test_other_date_spellings_are_rejected(tmp_path: Path, paths: Paths, written: str) -> None:
    registers = minimal_delivery()
    registers["residences"][0]["start"] = written
    report = ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert report.rows_rejected == {"residences": 1}


def test_column_names_are_case_insensitive(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    registers["persons"] = [{k.upper(): v for k, v in row.items()} for row in registers["persons"]]
    registers["areas"] = [{k.title(): v for k, v in row.items()} for row in registers["areas"]]
    report = ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert report.total_rejected == 0
    assert query(paths, "SELECT count(*) FROM persons WHERE origin_country = 'TR'") == [(1,)]
    assert query(paths, "SELECT name FROM areas ORDER BY area_id") == [
        ("Område Et",),
        ("Område To",),
    ]


def test_an_extra_column_is_ignored_with_a_warning(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    for row in registers["persons"]:
        row["Kommentar"] = "fiktiv"
    report = ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert report.has_warnings
    assert any("Kommentar" in w and "persons.csv" in w for w in report.warnings)
    assert "Kommentar" in report.summary()
    columns = {r[0] for r in query(paths, "SELECT column_name FROM information_schema.columns")}
    assert "kommentar" not in {c.lower() for c in columns}


def test_an_optional_column_may_be_left_out(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    registers["persons"] = [{"cpr": CPR_ANNA, "origin": "1"}]
    registers["residences"] = [
        {"cpr": CPR_ANNA, "address_id": "ADR1", "start": "2010-01-01"}  # no `end` column
    ]
    report = ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert report.total_rejected == 0
    assert query(paths, "SELECT end_date, origin_country FROM residences, persons") == [
        (None, None)
    ]


def test_utf8_with_bom_and_quoted_cells_are_read(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    registers["addresses"][0]["street"] = 'Åboulevarden; "Øst", 1'
    ingest_delivery(write_delivery(tmp_path / "d", registers, bom=True, delimiter=";"), paths)
    assert query(paths, "SELECT street FROM addresses WHERE address_id = 'ADR1'") == [
        ('Åboulevarden; "Øst", 1',)
    ]


def test_windows_line_endings_are_read(tmp_path: Path, paths: Paths) -> None:
    delivery = write_delivery(tmp_path / "d")
    areas = delivery / "areas.csv"
    areas.write_bytes(areas.read_bytes().replace(b"\n", b"\r\n"))
    report = ingest_delivery(delivery, paths)
    assert report.total_rejected == 0
    assert query(paths, "SELECT area_id, district FROM areas ORDER BY area_id") == [
        ("A1", None),
        ("A2", "Vest"),
    ]


def test_blank_cells_are_missing_values(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    registers["persons"][0]["origin"] = "  "
    report = ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert report.rows_rejected["persons"] == 1


def store_contents(paths: Paths) -> dict[str, list[tuple[Any, ...]]]:
    tables = ["persons", "addresses", "residences", "areas", "area_addresses"]
    return {t: sorted(query(paths, f"SELECT * FROM {t}"), key=repr) for t in tables}


@pytest.mark.parametrize("fmt", ["xlsx", "parquet"])
def test_xlsx_and_parquet_give_the_same_store_as_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.delenv("BOSOC_KEY_FILE", raising=False)
    key = tmp_path / "shared.key"
    monkeypatch.setenv("BOSOC_KEY_FILE", str(key))
    from_csv = Paths(tmp_path / "csv-home")
    from_other = Paths(tmp_path / f"{fmt}-home")
    ingest_delivery(write_delivery(tmp_path / "csv"), from_csv)
    report = ingest_delivery(write_delivery(tmp_path / fmt, fmt=fmt), from_other)
    assert report.total_rejected == 0
    assert store_contents(from_other) == store_contents(from_csv)


def test_xlsx_number_cells_that_lost_the_leading_zero_are_restored(
    tmp_path: Path, paths: Paths
) -> None:
    import pandas as pd

    delivery = write_delivery(tmp_path / "d")
    (delivery / "persons.csv").unlink()
    frame = pd.DataFrame({"cpr": [101801234, 1506951235], "origin": [1, 2]})  # Excel numbers
    frame.to_excel(delivery / "persons.xlsx", index=False)
    registers = minimal_delivery()
    registers["residences"] = registers["residences"][:3]  # Anna and Bo only
    write_register(delivery, "residences", registers["residences"])
    report = ingest_delivery(delivery, paths)
    assert report.total_rejected == 0
    assert sorted(query(paths, "SELECT birth_date, sex FROM persons")) == [
        (date(1980, 1, 1), "F"),
        (date(1995, 6, 15), "M"),
    ]
