"""A realistic delivery with one bad row of each kind: ingest rejects exactly those rows
(with the default share), compute still publishes, and no raw CPR number is anywhere
under the home folder, beside the key or in the logs afterwards."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from bosocdata.ingest import ingest_delivery
from bosocdata.pseudonym.cpr import birth_date_from_cpr
from bosocdata.settings import Paths
from deliveries import cpr_numbers_in_bytes

TYPED_CPR = "1506951235"  # fictitious, typed into free text below


def append(path: Path, *rows: str) -> None:
    """Append rows written with `;` (missing trailing cells left empty), in the file's
    own delimiter."""
    header = path.read_text(encoding="utf-8-sig").splitlines()[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    if delimiter == "," and any("," in cell for row in rows for cell in row.split(";")):
        raise AssertionError(f"{path.name}: a value with a comma needs a ; file")
    width = len(header.split(delimiter))
    padded = [row + ";" * (width - 1 - row.count(";")) for row in rows]
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.writelines(row.replace(";", delimiter) + "\n" for row in padded)


def persons(delivery: Path) -> list[str]:
    with (delivery / "persons.csv").open(encoding="utf-8-sig", newline="") as handle:
        return [row["cpr"] for row in csv.DictReader(handle)]


def spoil(delivery: Path) -> dict[tuple[str, str], int]:
    """Append one bad row of each kind; (register, column) -> rows expected rejected."""
    first = persons(delivery)[0]
    income_header = (delivery / "income.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    born = birth_date_from_cpr(first)
    append(delivery / "areas.csv", "__all__;Alle", f"OK9;Kontakt {TYPED_CPR}")
    append(
        delivery / "addresses.csv",
        "ADR9999991;Gade 150695-1235;1;;;8000;;",
        "ADR9999992;Nul\x00vej;1;;;8000;;",
    )
    append(delivery / "income.csv", f"{first};2020;1e999")
    if ";" in (delivery / "income.csv").read_text(encoding="utf-8-sig").splitlines()[0]:
        append(delivery / "income.csv", f"{first};2021;40.300")  # ambiguous in a ; file only
    append(delivery / "notifications.csv", f"{first};01-01-0001", f"{first};31-12-9999")
    append(
        delivery / "residences.csv",
        f"{first};ADR0000001;{(born - timedelta(days=1)).isoformat()};{born.isoformat()}",
    )
    return {
        ("areas", "area_id"): 1,
        ("areas", "name"): 1,
        ("addresses", "street"): 2,
        ("income", "gross_income"): 2 if ";" in income_header else 1,
        ("notifications", "notification_date"): 2,
        ("residences", "start"): 1,
    }


def cprs_in(paths: list[Path]) -> set[str]:
    found: set[str] = set()
    for folder in paths:
        for path in folder.rglob("*"):
            if path.is_file() and path.name != "pseudonym.key" and path.suffix != ".key":
                found |= cpr_numbers_in_bytes(path.read_bytes())
    return found


@pytest.mark.slow
def test_bad_rows_are_rejected_compute_publishes_and_no_cpr_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOSOC_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BOSOC_KEY_FILE", str(tmp_path / "keys" / "pseudonym.key"))
    delivery = tmp_path / "delivery"
    synth = [sys.executable, "-m", "bosocdata", "synth", str(delivery), "--scale", "0.002"]
    subprocess.run([*synth, "--years", "2022-2024"], check=True, capture_output=True, timeout=600)
    shutil.rmtree(delivery / "ground_truth", ignore_errors=True)
    expected = spoil(delivery)
    numbers = {c.replace("-", "") for c in persons(delivery)} | {TYPED_CPR}

    paths = Paths.from_env()
    report = ingest_delivery(delivery, paths)
    assert report.rejects_file is not None
    with report.rejects_file.open(encoding="utf-8", newline="") as handle:
        rejects = list(csv.DictReader(handle))
    got: dict[tuple[str, str], int] = {}
    for row in rejects:
        key = (row["register"], row["column"])
        got[key] = got.get(key, 0) + 1
    # The bad rows, and the rows referring to the two rejected areas' and addresses' ids
    # (none: the appended ones are referred to by nothing).
    assert got == expected
    assert report.overlapping_residences == 0  # the synthetic residences never overlap

    computed = subprocess.run(
        [sys.executable, "-m", "bosocdata", "compute"],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert computed.returncode in (0, 1), computed.stderr[-2000:]
    con = duckdb.connect(str(paths.published), read_only=True)
    try:
        rows = con.execute("SELECT DISTINCT area_id FROM indicator_table").fetchall()
    finally:
        con.close()
    areas = {r[0] for r in rows}
    assert "BO01" in areas and "OK9" not in areas

    assert cprs_in([paths.home, tmp_path / "keys"]) & numbers == set()
