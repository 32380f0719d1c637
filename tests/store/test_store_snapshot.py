"""The secure store: opening it, what it holds, and all-or-nothing replacement."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from bosocdata.errors import NotComputed
from bosocdata.ingest import ingest_delivery
from bosocdata.settings import Paths
from bosocdata.store import (
    DeliveryRecord,
    NotIngested,
    available_registers,
    open_store,
    write_snapshot,
)
from deliveries import CPR_ANNA, minimal_delivery, write_delivery


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_opening_a_store_that_does_not_exist_says_to_ingest(paths: Paths) -> None:
    with pytest.raises(NotIngested) as error:
        open_store(paths)
    assert isinstance(error.value, NotComputed)
    assert error.value.message == "nothing has been ingested yet"
    assert error.value.hint is not None and "bosoc ingest" in error.value.hint
    assert not paths.store.exists()


def test_available_registers_are_the_delivered_ones(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    registers["library_loans"] = [{"cpr": CPR_ANNA, "loan_date": "2021-03-04"}]
    ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    con = open_store(paths)
    try:
        assert available_registers(con) == {
            "persons",
            "addresses",
            "residences",
            "areas",
            "area_addresses",
            "library_loans",
        }
    finally:
        con.close()


def test_the_store_opens_read_only_by_default(tmp_path: Path, paths: Paths) -> None:
    ingest_delivery(write_delivery(tmp_path / "d"), paths)
    con = open_store(paths)
    try:
        with pytest.raises(duckdb.Error):
            con.execute("CREATE TABLE indicator_results (x INTEGER)")
    finally:
        con.close()


def test_the_same_delivery_twice_is_stored_once(tmp_path: Path, paths: Paths) -> None:
    delivery = write_delivery(tmp_path / "d")
    first = ingest_delivery(delivery, paths)
    before = file_hash(paths.store)
    second = ingest_delivery(delivery, paths)
    assert second.already_loaded and not second.has_warnings
    assert "already loaded" in second.summary()
    assert second.delivery_id == first.delivery_id
    assert file_hash(paths.store) == before
    con = open_store(paths)
    try:
        assert con.execute("SELECT delivery_id FROM deliveries").fetchall() == [
            (first.delivery_id,)
        ]
    finally:
        con.close()


def test_a_new_delivery_replaces_the_registers_as_a_snapshot(tmp_path: Path, paths: Paths) -> None:
    registers = minimal_delivery()
    registers["library_loans"] = [{"cpr": CPR_ANNA, "loan_date": "2021-03-04"}]
    first = ingest_delivery(write_delivery(tmp_path / "first", registers), paths)
    registers = minimal_delivery()
    registers["persons"] = registers["persons"][:1]  # Anna only
    registers["residences"] = registers["residences"][:1]
    second = ingest_delivery(write_delivery(tmp_path / "second", registers), paths)
    con = open_store(paths)
    try:
        assert con.execute("SELECT count(*) FROM persons").fetchall() == [(1,)]
        assert "library_loans" not in available_registers(con)  # not in this snapshot
        history = con.execute(
            "SELECT delivery_id, registers, rows_loaded, rows_rejected FROM deliveries "
            "ORDER BY loaded_at"
        ).fetchall()
    finally:
        con.close()
    assert [h[0] for h in history] == [first.delivery_id, second.delivery_id]
    assert json.loads(history[1][1]) == [
        "addresses",
        "area_addresses",
        "areas",
        "persons",
        "residences",
    ]
    assert history[1][2:] == (1 + 3 + 1 + 2 + 2, 0)


def test_the_delivery_id_is_the_same_for_the_same_bytes(tmp_path: Path, paths: Paths) -> None:
    a = ingest_delivery(write_delivery(tmp_path / "a"), paths)
    b = ingest_delivery(write_delivery(tmp_path / "b"), paths)  # other folder, same files
    assert b.already_loaded and a.delivery_id == b.delivery_id


def test_a_failure_while_writing_leaves_the_old_store_as_it_was(
    tmp_path: Path, paths: Paths
) -> None:
    ingest_delivery(write_delivery(tmp_path / "d"), paths)
    before = file_hash(paths.store)
    con = duckdb.connect()
    con.execute("CREATE TABLE good AS SELECT 1 AS x")
    record = DeliveryRecord("x" * 64, datetime(2024, 1, 1), "somewhere", ("good",), 1, 0)
    with pytest.raises(duckdb.Error):
        write_snapshot(
            con, paths.store, {"good": "SELECT * FROM good", "bad": "SELECT * FROM missing"}, record
        )
    assert file_hash(paths.store) == before
    assert sorted(p.name for p in paths.secure_dir.iterdir()) == ["store.duckdb"]


def test_a_written_snapshot_keeps_the_delivery_history(tmp_path: Path, paths: Paths) -> None:
    first = ingest_delivery(write_delivery(tmp_path / "d"), paths)
    con = duckdb.connect()
    con.execute("CREATE TABLE persons AS SELECT 'p' AS pid")
    record = DeliveryRecord("y" * 64, datetime(2030, 1, 1), "elsewhere", ("persons",), 1, 0)
    write_snapshot(con, paths.store, {"persons": "SELECT * FROM persons"}, record)
    store = open_store(paths)
    try:
        ids = [r[0] for r in store.execute("SELECT delivery_id FROM deliveries").fetchall()]
        assert available_registers(store) == {"persons"}
    finally:
        store.close()
    assert ids == [first.delivery_id, "y" * 64]
