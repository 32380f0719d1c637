"""A whole ingest: what lands in the store, the rejects report, and no CPR on disk."""

from __future__ import annotations

import csv
import hmac
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from bosocdata.ingest import ingest_delivery
from bosocdata.settings import Paths
from deliveries import (
    CPR_ANNA,
    CPR_BO,
    CPR_CARL,
    CPR_DORTE,
    all_cprs,
    minimal_delivery,
    write_delivery,
)

# Afterwards no CPR number of the delivery is in any file of the home folder (a byte
# scan, conftest.py), whatever the outcome.
pytestmark = pytest.mark.usefixtures("no_cpr_left")


def query(paths: Paths, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(paths.store), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def pseudonym(paths: Paths, cpr: str) -> str:
    """The expected pseudonym, computed independently with Python's hmac."""
    lines = paths.key_file.read_text(encoding="ascii").splitlines()
    assert lines[0] == "bosoc-key v2"
    (key_hex,) = [line for line in lines[1:] if line and not line.startswith("#")]  # one key
    key = bytes.fromhex(key_hex)
    return hmac.new(key, cpr.replace("-", "").encode(), "sha256").hexdigest()


def test_persons_are_stored_under_their_hmac_pseudonym_with_birth_date_and_sex(
    tmp_path: Path, paths: Paths
) -> None:
    report = ingest_delivery(write_delivery(tmp_path / "d"), paths)
    assert not report.has_warnings, report.summary()
    rows = query(
        paths,
        "SELECT pseudonym, origin, origin_country, death_date, birth_date, sex FROM persons",
    )
    assert sorted(rows) == sorted(
        [
            (pseudonym(paths, CPR_ANNA), 1, None, None, date(1980, 1, 1), "F"),
            (pseudonym(paths, CPR_BO), 2, "TR", None, date(1995, 6, 15), "M"),
            (pseudonym(paths, CPR_CARL), 3, "SO", None, date(2004, 2, 29), "M"),
            (pseudonym(paths, CPR_DORTE), 1, None, date(2020, 5, 1), date(1999, 12, 31), "F"),
        ]
    )


def test_every_table_joins_on_an_integer_key_that_a_person_keeps_across_deliveries(
    tmp_path: Path, paths: Paths
) -> None:
    """The pseudonym is kept once (persons); the tables join on a BIGINT key. The keys
    of the first delivery follow the pseudonyms' order (1, 2, 3, 4), not the CPR
    numbers'; in a later delivery a known person keeps theirs and a new one gets 5."""
    ingest_delivery(write_delivery(tmp_path / "d1"), paths)
    first = dict(query(paths, "SELECT pseudonym, pid FROM persons"))
    assert sorted(first.values()) == [1, 2, 3, 4]
    assert [first[p] for p in sorted(first)] == [1, 2, 3, 4]
    registers = minimal_delivery()
    emil = "0101013001"  # a new person
    registers["persons"] = [*registers["persons"], {"cpr": emil, "origin": "1"}]
    registers["residences"] = [
        *registers["residences"],
        {"cpr": emil, "address_id": "ADR1", "start": "2021-01-01", "end": ""},
    ]
    ingest_delivery(write_delivery(tmp_path / "d2", registers), paths)
    second = dict(query(paths, "SELECT pseudonym, pid FROM persons"))
    assert {p: k for p, k in second.items() if p in first} == first
    assert second[pseudonym(paths, emil)] == 5
    assert query(
        paths,
        "SELECT count(*) FROM residences AS r JOIN persons AS p USING (pid) "
        f"WHERE p.pseudonym = '{pseudonym(paths, emil)}'",
    ) == [(1,)]


def test_store_tables_follow_the_architecture(tmp_path: Path, paths: Paths) -> None:
    ingest_delivery(write_delivery(tmp_path / "d"), paths)
    columns = query(
        paths,
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_name IN ('persons', 'residences', 'addresses', 'areas') "
        "ORDER BY table_name, ordinal_position",
    )
    assert columns == [
        ("addresses", "address_id", "VARCHAR"),
        ("addresses", "street", "VARCHAR"),
        ("addresses", "house_number", "VARCHAR"),
        ("addresses", "floor", "VARCHAR"),
        ("addresses", "door", "VARCHAR"),
        ("addresses", "postcode", "VARCHAR"),
        ("addresses", "x", "DOUBLE"),
        ("addresses", "y", "DOUBLE"),
        ("addresses", "area_id", "VARCHAR"),
        ("areas", "area_id", "VARCHAR"),
        ("areas", "name", "VARCHAR"),
        ("areas", "housing_organisation", "VARCHAR"),
        ("areas", "district", "VARCHAR"),
        ("areas", "geometry", "VARCHAR"),
        ("persons", "pid", "BIGINT"),
        ("persons", "origin", "TINYINT"),
        ("persons", "origin_country", "VARCHAR"),
        ("persons", "death_date", "DATE"),
        ("persons", "birth_date", "DATE"),
        ("persons", "sex", "VARCHAR"),
        ("persons", "pseudonym", "VARCHAR"),
        ("residences", "pid", "BIGINT"),
        ("residences", "address_id", "VARCHAR"),
        ("residences", "start_date", "DATE"),
        ("residences", "end_date", "DATE"),
    ]


def test_residences_keep_their_intervals_and_addresses_their_area(
    tmp_path: Path, paths: Paths
) -> None:
    ingest_delivery(write_delivery(tmp_path / "d"), paths)
    assert sorted(
        query(
            paths,
            "SELECT p.pseudonym, r.address_id, r.start_date, r.end_date "
            "FROM residences AS r JOIN persons AS p USING (pid)",
        )
    ) == sorted(
        [
            (pseudonym(paths, CPR_ANNA), "ADR1", date(2010, 1, 1), None),
            (pseudonym(paths, CPR_BO), "ADR2", date(2015, 3, 1), date(2019, 1, 1)),
            (pseudonym(paths, CPR_BO), "ADR3", date(2019, 1, 1), None),
            (pseudonym(paths, CPR_CARL), "ADR1", date(2004, 2, 29), None),
            (pseudonym(paths, CPR_DORTE), "ADR2", date(2000, 1, 1), date(2020, 5, 1)),
        ]
    )
    assert query(paths, "SELECT address_id, area_id FROM addresses ORDER BY address_id") == [
        ("ADR1", "A1"),
        ("ADR2", None),
        ("ADR3", "A2"),
    ]


def test_optional_registers_not_delivered_have_no_table(tmp_path: Path, paths: Paths) -> None:
    ingest_delivery(write_delivery(tmp_path / "d"), paths)
    tables = {r[0] for r in query(paths, "SELECT table_name FROM information_schema.tables")}
    bookkeeping = {"deliveries", "pseudonym_key"}
    assert tables == {"persons", "addresses", "residences", "areas", "area_addresses"} | bookkeeping


def bad_delivery() -> dict[str, list[dict[str, Any]]]:
    """The minimal delivery plus one bad row of each kind (rows counted with header = 1)."""
    registers = minimal_delivery()
    registers["persons"] += [
        {"cpr": "310290-1111", "origin": "1"},  # row 6: 31 February
        {"cpr": "0202901112", "origin": "4"},  # row 7: origin not a code
        {"cpr": CPR_ANNA, "origin": "1"},  # row 8: duplicate of row 2
        {"cpr": "02029-01113", "origin": "1"},  # row 9: malformed
    ]
    registers["residences"] += [
        {"cpr": CPR_ANNA, "address_id": "NOWHERE", "start": "2020-01-01"},  # row 7
        {"cpr": "0303031114", "address_id": "ADR1", "start": "2020-01-01"},  # row 8: no person
        {"cpr": CPR_BO, "address_id": "ADR1", "start": "2020-01-01", "end": "2020-01-01"},  # 9
        {"cpr": CPR_BO, "address_id": "ADR1", "start": "2020-02-30"},  # row 10: no such date
        {"cpr": "", "address_id": "ADR1", "start": "2020-01-01"},  # row 11: missing cpr
    ]
    registers["childcare_enrolment"] = [
        {"cpr": CPR_CARL, "kind": "vuggestue", "start": "2005-01-01", "free_place_pct": "50"},
        {"cpr": CPR_CARL, "kind": "boernehave", "start": "2007-01-01", "free_place_pct": "101"},
        {"cpr": CPR_CARL, "kind": "skole", "start": "2010-01-01", "free_place_pct": "0"},
    ]
    return registers


def read_rejects(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.usefixtures("rejects_allowed")
def test_bad_rows_are_rejected_with_row_column_reason_and_masked_cpr(
    tmp_path: Path, paths: Paths
) -> None:
    report = ingest_delivery(write_delivery(tmp_path / "d", bad_delivery()), paths)
    assert report.rejects_file is not None
    assert report.rejects_file.parent == paths.rejects_dir
    rejects = read_rejects(report.rejects_file)
    assert list(rejects[0]) == [
        "register",
        "file",
        "row",
        "column",
        "reason",
        "value",
        "cpr_masked",
    ]
    got = {(r["register"], r["file"], int(r["row"]), r["column"], r["cpr_masked"]) for r in rejects}
    assert got == {
        ("persons", "persons.csv", 6, "cpr", "310290-xxxx"),
        ("persons", "persons.csv", 7, "origin", "020290-xxxx"),
        ("persons", "persons.csv", 8, "cpr", "010180-xxxx"),
        # malformed: its shape, every digit an x (the misplaced hyphen is seen)
        ("persons", "persons.csv", 9, "cpr", "xxxxx-xxxxx"),
        ("residences", "residences.csv", 7, "address_id", "010180-xxxx"),
        ("residences", "residences.csv", 8, "cpr", "030303-xxxx"),
        ("residences", "residences.csv", 9, "end", "150695-xxxx"),
        ("residences", "residences.csv", 10, "start", "150695-xxxx"),
        ("residences", "residences.csv", 11, "cpr", ""),
        ("childcare_enrolment", "childcare_enrolment.csv", 3, "free_place_pct", "290204-xxxx"),
        ("childcare_enrolment", "childcare_enrolment.csv", 4, "kind", "290204-xxxx"),
    }
    reasons = {(r["register"], int(r["row"])): r["reason"] for r in rejects}
    assert "not a real date" in reasons[("persons", 6)]
    assert "not one of the codes" in reasons[("persons", 7)]
    assert reasons[("persons", 8)] == "duplicate cpr: the first is on row 2"
    assert "not a CPR number" in reasons[("persons", 9)]
    assert "not in addresses" in reasons[("residences", 7)]
    assert "not in persons" in reasons[("residences", 8)]
    assert reasons[("residences", 9)] == "end is not after start"
    assert "not a date" in reasons[("residences", 10)]
    assert reasons[("residences", 11)] == "missing value"
    assert "above the maximum 100" in reasons[("childcare_enrolment", 3)]
    assert report.rows_rejected == {"persons": 4, "residences": 5, "childcare_enrolment": 2}
    assert report.has_warnings
    assert "11 rows rejected" in report.summary()
    assert query(paths, "SELECT count(*) FROM persons") == [(4,)]
    assert query(paths, "SELECT count(*) FROM residences") == [(5,)]
    assert query(paths, "SELECT kind, free_place_pct FROM childcare_enrolment") == [
        ("vuggestue", 50.0)
    ]


def files_under(home: Path, paths: Paths) -> list[Path]:
    return [p for p in home.rglob("*") if p.is_file() and p != paths.key_file]


def assert_no_cpr_on_disk(home: Path, paths: Paths, cprs: set[str]) -> None:
    scanned = files_under(home, paths)
    assert any(p.name == "store.duckdb" for p in scanned)
    for path in scanned:
        data = path.read_bytes()
        for number in cprs:
            hyphenated = f"{number[:6]}-{number[6:]}"
            assert number.encode() not in data, f"a CPR number is in {path.name}"
            assert hyphenated.encode() not in data, f"a CPR number is in {path.name}"


def test_no_cpr_number_reaches_any_file_under_bosoc_home(
    tmp_path: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    system_temp = tmp_path / "system-temp"  # the system's temporary folder, for this test
    system_temp.mkdir(exist_ok=True)
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    registers = minimal_delivery()
    ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert_no_cpr_on_disk(paths.home, paths, all_cprs(registers))
    assert list(system_temp.iterdir()) == []  # nothing outside the secure zone
    assert not list(paths.secure_dir.rglob(".ingest-*"))  # the staging folder was removed


@pytest.mark.usefixtures("rejects_allowed")
def test_no_cpr_number_reaches_disk_when_rows_are_rejected(tmp_path: Path, paths: Paths) -> None:
    registers = bad_delivery()
    report = ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert report.rejects_file is not None and report.rejects_file.is_file()
    cprs = {c for c in all_cprs(registers) if len(c) == 10}
    assert_no_cpr_on_disk(paths.home, paths, cprs)
    log = (paths.logs_dir / "bosoc.log").read_text(encoding="utf-8")
    assert "rows rejected" in log


@pytest.mark.usefixtures("rejects_allowed")
def test_cpr_typed_into_another_column_is_masked_in_the_rejects_report(
    tmp_path: Path, paths: Paths
) -> None:
    registers = minimal_delivery()
    registers["residences"].append(
        {"cpr": CPR_ANNA, "address_id": "ADR1", "start": "0101801234"}  # cpr as a date
    )
    report = ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert report.rejects_file is not None
    (reject,) = read_rejects(report.rejects_file)
    assert reject["column"] == "start"
    assert reject["value"] == "010180-xxxx"
    assert_no_cpr_on_disk(paths.home, paths, {CPR_ANNA})


@pytest.mark.usefixtures("rejects_allowed")
def test_a_rejected_cell_that_looks_like_a_formula_is_text_in_the_rejects_report(
    tmp_path: Path, paths: Paths
) -> None:
    registers = minimal_delivery()
    registers["residences"].append(
        {"cpr": CPR_ANNA, "address_id": "ADR1", "start": '=HYPERLINK("http://x","y")'}
    )
    report = ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert report.rejects_file is not None
    (reject,) = read_rejects(report.rejects_file)
    assert reject["column"] == "start"
    assert reject["value"] == '\'=HYPERLINK("http://x","y")'


@pytest.mark.usefixtures("rejects_allowed")
def test_only_the_newest_rejects_reports_are_kept(
    tmp_path: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a rejects report holds personal data: it is kept while it helps correct a delivery
    monkeypatch.setenv("BOSOC_REJECTS_KEEP", "2")
    written = []
    for n in range(3):  # three deliveries, each with another bad row
        registers = minimal_delivery()
        registers["residences"].append(
            {"cpr": CPR_ANNA, "address_id": "ADR1", "start": f"not a date {n}"}
        )
        report = ingest_delivery(write_delivery(tmp_path / f"d{n}", registers), paths)
        assert report.rejects_file is not None
        written.append(report.rejects_file)
    kept = sorted(paths.rejects_dir.glob("*-rejects.csv"))
    assert kept == sorted(written[1:])  # the two newest
    assert not written[0].exists()


def test_a_register_that_loses_half_its_rows_is_loaded_with_a_warning(
    tmp_path: Path, paths: Paths
) -> None:
    # an empty optional register may be true (no notifications this year) but is far
    # more often a failed export: loaded, and the person loading it is told
    registers = minimal_delivery()
    registers["notifications"] = [
        {"cpr": CPR_ANNA, "notification_date": "2020-03-01"},
        {"cpr": CPR_ANNA, "notification_date": "2021-05-01"},
    ]
    first = ingest_delivery(write_delivery(tmp_path / "d1", registers), paths)
    held = first.rows_loaded["notifications"]
    assert held == 2
    delivery = write_delivery(tmp_path / "d2", {**registers, "notifications": []})
    (delivery / "notifications.csv").write_text("cpr,notification_date\n", encoding="utf-8")
    report = ingest_delivery(delivery, paths)
    assert report.rows_loaded["notifications"] == 0
    assert report.has_warnings  # the command exits 1
    (warning,) = [w for w in report.warnings if w.startswith("notifications:")]
    assert f"0 rows, where the store held {held:,}: is the export complete?" in warning
    assert not [w for w in report.warnings if w.startswith("persons:")]


@pytest.mark.usefixtures("rejects_allowed")
def test_a_second_income_of_the_same_person_and_year_is_rejected(
    tmp_path: Path, paths: Paths
) -> None:
    # one total a year: a repeated row would weigh twice in the mean income
    registers = minimal_delivery()
    registers["income"] = [
        {"cpr": CPR_ANNA, "year": "2020", "gross_income": "300000"},
        {"cpr": CPR_ANNA, "year": "2021", "gross_income": "310000"},
        {"cpr": CPR_ANNA, "year": "2020", "gross_income": "300000"},  # the export repeated it
    ]
    report = ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert report.rows_loaded["income"] == 2
    assert report.rejects_file is not None
    (reject,) = read_rejects(report.rejects_file)
    assert (reject["register"], reject["row"], reject["column"]) == ("income", "4", "cpr, year")
    assert reject["reason"] == "duplicate cpr, year: the first is on row 2"
    assert reject["value"] == "2020"
    assert reject["cpr_masked"] == "010180-xxxx"
