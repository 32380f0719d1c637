"""A delivery that cannot be used is refused whole, and the store stays as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bosocdata.errors import DeliveryRefused
from bosocdata.ingest import ingest_delivery
from bosocdata.settings import Paths
from deliveries import (
    CPR_ANNA,
    all_cprs,
    minimal_delivery,
    stored_fingerprint,
    write_delivery,
    write_register,
)

# Afterwards no CPR number of the delivery is in any file of the home folder (a byte
# scan, conftest.py), whatever the outcome.
pytestmark = pytest.mark.usefixtures("no_cpr_left")


def drop_persons(d: Path) -> None:
    (d / "persons.csv").unlink()


def wrong_columns(d: Path) -> None:
    rows = [{"person": CPR_ANNA, "address_id": "ADR1", "start": "2010-01-01"}]
    write_register(d, "residences", rows)


def garbage_xlsx(d: Path) -> None:
    (d / "persons.csv").unlink()
    (d / "persons.xlsx").write_bytes(os.urandom(2048))


def invalid_utf8(d: Path) -> None:
    with (d / "addresses.csv").open("ab") as handle:
        handle.write(b"ADR9,Gr\xf8nnegade,1,,,8000,,\n")  # Latin-1 ø


def ragged_row(d: Path) -> None:
    with (d / "areas.csv").open("a", encoding="utf-8") as handle:
        handle.write("A9,Område Ni,x,y,z,extra\n")


def two_files_for_one_register(d: Path) -> None:
    (d / "persons.parquet").write_bytes(b"not really")


def empty_file(d: Path) -> None:
    (d / "areas.csv").write_bytes(b"")


def column_twice(d: Path) -> None:
    path = d / "areas.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    lines = [header + ",Name", *(row + ",x" for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def unterminated_quote(d: Path) -> None:
    with (d / "areas.csv").open("a", encoding="utf-8") as handle:
        handle.write('A9,"Område Ni,x,y\n')


def damaged_parquet(d: Path) -> None:
    (d / "persons.csv").unlink()
    (d / "persons.parquet").write_bytes(b"PAR1" + os.urandom(2048))


def no_header_row(d: Path) -> None:
    lines = (d / "persons.csv").read_text(encoding="utf-8").splitlines()[1:]
    (d / "persons.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


REFUSALS: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "missing required register": (drop_persons, "persons", "required register persons"),
    "wrong columns": (wrong_columns, "residences.csv", "required column 'cpr' is missing"),
    "binary garbage named .xlsx": (garbage_xlsx, "persons.xlsx", "Excel workbook"),
    "invalid UTF-8": (invalid_utf8, "addresses.csv", "not UTF-8"),
    "row with too many fields": (ragged_row, "areas.csv", "number of fields"),
    "two files for one register": (two_files_for_one_register, "persons", "two files"),
    "empty file": (empty_file, "areas.csv", "empty"),
    "no header row": (no_header_row, "persons.csv", "is the header row missing?"),
    "a column twice": (column_twice, "areas.csv", "column 'name' appears twice"),
    "unterminated quote": (unterminated_quote, "areas.csv", "unterminated quote"),
    "damaged parquet": (damaged_parquet, "persons.parquet", "cannot be read as PARQUET"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_unusable_delivery_is_refused_and_the_store_is_unchanged(
    tmp_path: Path, paths: Paths, case: str
) -> None:
    ingest_delivery(write_delivery(tmp_path / "first"), paths)
    before = stored_fingerprint(paths.home)
    spoil, names, problem = REFUSALS[case]
    registers = minimal_delivery()
    registers["persons"].append({"cpr": "1212121212", "origin": "1"})
    second = write_delivery(tmp_path / "second", registers)
    spoil(second)
    with pytest.raises(DeliveryRefused) as error:
        ingest_delivery(second, paths)
    message = str(error.value)
    assert names in message and problem in message, message
    assert "\n" not in error.value.message
    for number in all_cprs(registers):
        assert number not in message and f"{number[:6]}-{number[6:]}" not in message
    assert stored_fingerprint(paths.home) == before


def test_a_missing_folder_is_refused(tmp_path: Path, paths: Paths) -> None:
    ingest_delivery(write_delivery(tmp_path / "first"), paths)
    before = stored_fingerprint(paths.home)
    with pytest.raises(DeliveryRefused, match="no such folder"):
        ingest_delivery(tmp_path / "nowhere", paths)
    assert stored_fingerprint(paths.home) == before
    a_file = tmp_path / "persons.csv"  # a register's file given instead of its folder
    a_file.write_text("cpr,origin\n", encoding="utf-8")
    with pytest.raises(DeliveryRefused, match=r"persons\.csv: a file, not a folder"):
        ingest_delivery(a_file, paths)
    assert stored_fingerprint(paths.home) == before


def test_a_misspelt_column_gets_a_did_you_mean_hint(tmp_path: Path, paths: Paths) -> None:
    delivery = write_delivery(tmp_path / "d")
    write_register(delivery, "areas", [{"area_id": "A1", "navn": "Et"}])
    with pytest.raises(DeliveryRefused) as error:
        ingest_delivery(delivery, paths)
    assert error.value.hint is not None and "did you mean 'navn'" in error.value.hint
    assert not paths.store.exists()


def run_cli(paths: Paths, delivery: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BOSOC_HOME": str(paths.home)}
    env["BOSOC_INGEST_MAX_REJECTED_SHARE"] = "1"  # one bad row of five is rejected, not refused
    env.pop("BOSOC_KEY_FILE", None)
    return subprocess.run(
        [sys.executable, "-m", "bosocdata", "ingest", str(delivery)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_command_exit_codes_done_warnings_refused(tmp_path: Path, paths: Paths) -> None:
    clean = run_cli(paths, write_delivery(tmp_path / "clean"))
    assert clean.returncode == 0, clean.stderr
    assert "Loaded delivery" in clean.stdout

    registers = minimal_delivery()
    registers["persons"].append({"cpr": "310290-1111", "origin": "1"})
    warned = run_cli(paths, write_delivery(tmp_path / "warned", registers))
    assert warned.returncode == 1, warned.stderr
    assert "1 rows rejected" in warned.stdout
    assert "3102901111" not in warned.stdout + warned.stderr

    broken = write_delivery(tmp_path / "broken")
    (broken / "areas.csv").unlink()
    refused = run_cli(paths, broken)
    assert refused.returncode == 2
    assert "required register areas is missing" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_tab_separated_file_is_refused_saying_so(tmp_path: Path, paths: Paths) -> None:
    delivery = write_delivery(tmp_path / "d")
    persons = delivery / "persons.csv"
    persons.write_text(persons.read_text(encoding="utf-8").replace(",", "\t"), encoding="utf-8")
    with pytest.raises(DeliveryRefused) as refused:
        ingest_delivery(delivery, paths)
    assert refused.value.message.endswith("persons.csv: the columns are separated by tabs")
    assert refused.value.hint is not None and ", or ;" in refused.value.hint
    assert not paths.store.exists()
