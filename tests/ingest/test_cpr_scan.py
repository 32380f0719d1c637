"""The scan every bad-delivery test ends with (the `no_cpr_left` fixture) finds a CPR
number of the delivery wherever one is planted under the home folder: in a log's bytes,
inside the store's tables, in a compressed file, in the system's temporary folder. A scan
that could never find anything would be no test."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

import duckdb
import pytest

from bosocdata.errors import DeliveryRefused
from bosocdata.ingest import ingest_delivery
from bosocdata.settings import Paths
from deliveries import (
    CPR_BO,
    CPR_DORTE,
    assert_no_delivered_cpr_left,
    cpr_numbers_in_file,
    minimal_delivery,
    write_delivery,
)


def planted_home(tmp_path: Path, paths: Paths) -> Path:
    """A good store, then a refused delivery (a symbolic link); the scan passes."""
    ingest_delivery(write_delivery(tmp_path / "first"), paths)
    second = write_delivery(tmp_path / "second")
    (second / "persons.csv").unlink()
    (second / "persons.csv").symlink_to(tmp_path / "first" / "persons.csv")
    with pytest.raises(DeliveryRefused):
        ingest_delivery(second, paths)
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    assert_no_delivered_cpr_left(tmp_path, paths.home, paths.key_file, system_temp)
    return system_temp


def plant_in_log(paths: Paths, system_temp: Path) -> None:
    with (paths.logs_dir / "bosoc.log").open("a", encoding="utf-8") as log:
        log.write(f"refused a delivery of {CPR_BO}\n")  # with the dash


def plant_in_store(paths: Paths, system_temp: Path) -> None:
    con = duckdb.connect(str(paths.store))
    try:  # a whole column of it, so that DuckDB may compress the strings
        con.execute("CREATE TABLE leak AS SELECT ? || range AS note FROM range(5000)", [CPR_DORTE])
        con.execute("UPDATE areas SET name = ?", [CPR_DORTE.replace("-", " ")])
    finally:
        con.close()


def plant_gzipped(paths: Paths, system_temp: Path) -> None:
    rotated = paths.logs_dir / "bosoc.log.1.gz"
    rotated.write_bytes(gzip.compress(f"cpr={CPR_BO.replace('-', '')}\n".encode() * 50))


def plant_in_system_temp(paths: Paths, system_temp: Path) -> None:
    spill = Path(tempfile.mkdtemp(prefix="bosoc-ingest-", dir=system_temp))
    (spill / "part-0.csv").write_text(f"{CPR_DORTE},1\n", encoding="utf-8")


def plant_in_snapshot(paths: Paths, system_temp: Path) -> None:
    snapshots = paths.secure_dir / "snapshots"
    snapshots.mkdir(exist_ok=True)
    con = duckdb.connect(str(snapshots / "planted.duckdb"))
    try:
        con.execute("CREATE TABLE persons AS SELECT ? AS cpr", [CPR_BO])
    finally:
        con.close()


PLANTS = {
    "a log line": plant_in_log,
    "a store table": plant_in_store,
    "a gzip file": plant_gzipped,
    "the system's temporary folder": plant_in_system_temp,
    "a snapshot": plant_in_snapshot,
}


@pytest.mark.parametrize("where", sorted(PLANTS))
def test_a_planted_cpr_number_fails_the_scan(tmp_path: Path, paths: Paths, where: str) -> None:
    system_temp = planted_home(tmp_path, paths)
    PLANTS[where](paths, system_temp)
    with pytest.raises(AssertionError, match="CPR numbers of the delivery left on disk"):
        assert_no_delivered_cpr_left(tmp_path, paths.home, paths.key_file, system_temp)


def test_a_delivery_without_cpr_numbers_fails_the_scan(tmp_path: Path, paths: Paths) -> None:
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    (tmp_path / "d").mkdir()
    with pytest.raises(AssertionError, match="would prove nothing"):
        assert_no_delivered_cpr_left(tmp_path, paths.home, paths.key_file, system_temp)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_the_numbers_looked_for_are_read_from_the_delivery_in_every_format(
    tmp_path: Path, fmt: str
) -> None:
    delivery = write_delivery(tmp_path / "d", minimal_delivery(), fmt=fmt)
    found = cpr_numbers_in_file(delivery / f"persons.{fmt}")
    assert {CPR_BO.replace("-", ""), CPR_DORTE.replace("-", "")} <= found
