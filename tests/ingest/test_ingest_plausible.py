"""Plausible values only: a CPR number in free text, non-finite numbers, thousands
separators, implausible dates, residences before birth, control characters and unsafe
area ids are rejected row by row, naming file, row and column
(docs/reference/bad-deliveries.md)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import duckdb
import pytest

from bosocdata.ingest import ingest_delivery
from bosocdata.ingest.plausible import looks_like_cpr
from bosocdata.settings import Paths
from deliveries import CPR_ANNA, CPR_BO, CPR_CARL, minimal_delivery, write_delivery

# Each case rejects one row of a tiny delivery, a share the guard against systematic
# faults would refuse; that guard has its own tests (test_ingest_guards.py).
pytestmark = pytest.mark.usefixtures("rejects_allowed", "no_cpr_left")


def query(paths: Paths, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(paths.store), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def rejects(paths: Paths) -> list[dict[str, str]]:
    (report,) = paths.rejects_dir.glob("*-rejects.csv")
    with report.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def the_reject(paths: Paths) -> dict[str, str]:
    (row,) = rejects(paths)
    return row


def home_bytes(paths: Paths) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(paths.home.rglob("*")) if p.is_file())


# A fictitious CPR number typed into free text, in the spellings people use.
TYPED = {
    "plain": "1506951235",
    "dash": "150695-1235",
    "space": "150695 1235",
}


@pytest.mark.parametrize("spelling", sorted(TYPED))
@pytest.mark.parametrize(
    ("register", "column", "row"),
    [("areas", "name", 0), ("addresses", "street", 1), ("areas", "housing_organisation", 0)],
)
def test_a_cpr_number_in_free_text_rejects_the_row_and_reaches_no_file(
    tmp_path: Path, paths: Paths, register: str, column: str, row: int, spelling: str
) -> None:
    registers = minimal_delivery()
    registers[register][row][column] = f"Bemærk {TYPED[spelling]} her"
    report = ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    (reject,) = [r for r in rejects(paths) if r["register"] == register]
    assert (reject["column"], reject["row"]) == (column, str(row + 2))
    assert "shaped like a CPR number" in reject["reason"]
    assert reject["value"] == "Bemærk 150695-xxxx her"
    assert report.rows_rejected[register] == 1  # (rows referring to it go with it)
    assert query(paths, f"SELECT count(*) FROM {register} WHERE {column} LIKE 'Bem%'") == [(0,)]
    data = home_bytes(paths)
    for number in (b"1506951235", b"150695-1235", b"150695 1235"):
        assert number not in data


def test_a_cpr_number_in_a_number_column_is_rejected_too(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    registers["income"] = [
        {"cpr": CPR_ANNA, "year": "2020", "gross_income": "1506951235"},
        {"cpr": CPR_BO, "year": "2020", "gross_income": "250000"},
    ]
    ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert the_reject(paths)["column"] == "gross_income"
    assert query(paths, "SELECT gross_income FROM income") == [(250000.0,)]


def test_numbers_that_are_not_cpr_shaped_are_kept(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    registers["areas"][0]["name"] = "Blok 1234567890"  # month 34: no date
    registers["areas"][1]["name"] = "EAN 5790001234567"  # thirteen digits
    ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert not list(paths.rejects_dir.glob("*"))
    assert looks_like_cpr("010180-1234") and not looks_like_cpr("3213801234")


@pytest.mark.parametrize("value", ["1e999", "-1e999", "nan", "inf", "Infinity"])
def test_non_finite_numbers_are_rejected(tmp_path: Path, paths: Paths, value: str) -> None:
    registers = minimal_delivery()
    registers["income"] = [
        {"cpr": CPR_ANNA, "year": "2020", "gross_income": value},
        {"cpr": CPR_BO, "year": "2020", "gross_income": "1e5"},
    ]
    ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    reject = the_reject(paths)
    assert (reject["column"], reject["row"]) == ("gross_income", "2")
    assert reject["reason"] in (
        "not a finite number",
        "not a number (use a decimal point, no thousands separator)",
    )
    assert query(paths, "SELECT gross_income FROM income") == [(100000.0,)]


@pytest.mark.parametrize(
    ("delimiter", "value", "stored"),
    [
        (";", "40.300", None),  # Danish thousands separator, or 40.3? Rejected.
        (";", "40300", 40300.0),
        (";", "40,3", 40.3),
        (";", "40.3", 40.3),
        (";", "1.234,5", None),  # thousands separator and decimal comma: not a number
        (",", "40.300", 40.3),  # a , file has a decimal point only
    ],
)
def test_thousands_separators_are_not_read_as_decimals(
    tmp_path: Path, paths: Paths, delimiter: str, value: str, stored: float | None
) -> None:
    registers = minimal_delivery()
    registers["income"] = [{"cpr": CPR_ANNA, "year": "2020", "gross_income": value}]
    ingest_delivery(write_delivery(tmp_path / "d", registers, delimiter=delimiter), paths)
    got = query(paths, "SELECT gross_income FROM income")
    if stored is None:
        assert got == []
        assert the_reject(paths)["column"] == "gross_income"
    else:
        assert got == [(stored,)]


@pytest.mark.parametrize(
    ("start", "kept"),
    [
        ("0001-01-01", False),
        ("9999-12-31", False),
        ("1849-12-31", False),
        ("2100-01-01", False),
        ("1850-01-01", True),
        ("2099-12-31", True),
    ],
)
def test_dates_outside_the_plausible_range_are_rejected(
    tmp_path: Path, paths: Paths, start: str, kept: bool
) -> None:
    registers = minimal_delivery()
    registers["library_loans"] = [{"cpr": CPR_ANNA, "loan_date": start}]
    ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert len(query(paths, "SELECT * FROM library_loans")) == (1 if kept else 0)
    if not kept:
        reject = the_reject(paths)
        assert reject["column"] == "loan_date"
        assert "1850-01-01 to 2099-12-31" in reject["reason"]


def test_a_residence_before_birth_is_rejected(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    # Carl is born 29 February 2004 (his CPR number says so).
    registers["residences"].append(
        {"cpr": CPR_CARL, "address_id": "ADR2", "start": "2004-02-28", "end": "2004-02-29"}
    )
    ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    reject = the_reject(paths)
    assert (reject["register"], reject["row"], reject["column"]) == ("residences", "7", "start")
    assert reject["reason"] == "start is before the birth date in the CPR number"
    assert reject["cpr_masked"] == "290204-xxxx"
    assert len(query(paths, "SELECT * FROM residences")) == 5


@pytest.mark.parametrize(
    "name", ["Om\x00råde", "Om\tråde", "Om\u202eråde", "Om\x85råde", "Linje\nto"]
)
def test_control_characters_in_text_are_rejected(tmp_path: Path, paths: Paths, name: str) -> None:
    registers = minimal_delivery()
    registers["areas"][1]["name"] = name
    ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    (reject,) = [r for r in rejects(paths) if r["register"] == "areas"]
    assert (reject["row"], reject["column"]) == ("3", "name")
    assert "control character" in reject["reason"]
    assert query(paths, "SELECT name FROM areas") == [("Område Et",)]


def test_letters_of_every_language_are_fine(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    registers["areas"][1]["name"] = "Ærøgården – Åhøj «Ω» 東"
    ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert ("Ærøgården – Åhøj «Ω» 東",) in query(paths, "SELECT name FROM areas")


@pytest.mark.parametrize(
    ("area_id", "kept"),
    [
        ("__all__", False),
        ("__rest__", False),
        ("../../secure/x", False),
        ("ΩX1", False),
        ("-A1", False),
        ("A" * 41, False),
        ("A b", False),
        ("A" * 40, True),
        ("BO_01-a", True),
    ],
)
def test_reserved_or_unsafe_area_ids_are_rejected(
    tmp_path: Path, paths: Paths, area_id: str, kept: bool
) -> None:
    registers = minimal_delivery()
    registers["areas"][1]["area_id"] = area_id
    registers["area_addresses"][1]["area_id"] = area_id
    ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    stored = {r[0] for r in query(paths, "SELECT area_id FROM areas")}
    assert stored == ({"A1", area_id} if kept else {"A1"})
    if not kept:
        found = {(r["register"], r["column"]) for r in rejects(paths)}
        assert found == {("areas", "area_id"), ("area_addresses", "area_id")}
        assert query(paths, "SELECT count(*) FROM addresses WHERE area_id IS NOT NULL") == [(1,)]


def test_overlapping_residences_are_kept_and_counted(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    # Anna lives at ADR1 from 2010 (open); a second row starts at ADR3 in 2015 (open):
    # the first overlaps the second. Bo's rows meet on 2019-01-01 without overlapping.
    registers["residences"].append({"cpr": CPR_ANNA, "address_id": "ADR3", "start": "2015-01-01"})
    report = ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert report.overlapping_residences == 1
    assert "1 residence rows overlap" in report.summary()
    assert len(query(paths, "SELECT * FROM residences")) == 6
    assert not report.has_warnings
