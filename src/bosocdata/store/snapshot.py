"""Replacing the secure store with a new snapshot, all or nothing.

The new store is written into a temporary file next to the old one (same folder, so
same file system), checkpointed, flushed to disk and then renamed over the old file
with `os.replace`, which is atomic. Until that rename the old store is untouched; a
failure at any point removes the temporary file and leaves the old store as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from bosocdata.ingest.sql import ident, literal, scalar

_NEW = "new_store"
_OLD = "old_store"
DELIVERIES_DDL = (
    "delivery_id VARCHAR, loaded_at TIMESTAMP, source_dir VARCHAR, registers VARCHAR, "
    "rows_loaded BIGINT, rows_rejected BIGINT"
)


@dataclass(frozen=True)
class DeliveryRecord:
    """One row of the `deliveries` bookkeeping table."""

    delivery_id: str
    loaded_at: datetime
    source_dir: str
    registers: tuple[str, ...]
    rows_loaded: int
    rows_rejected: int


def write_snapshot(
    con: duckdb.DuckDBPyConnection,
    store: Path,
    tables: Mapping[str, str],
    delivery: DeliveryRecord,
) -> None:
    """Replace `store` by a new file holding `tables` (name -> SELECT on `con`).

    The earlier rows of `deliveries` are carried over and `delivery` is appended; every
    other table of the old store (registers, results of an earlier compute) is dropped,
    because it belongs to the old data.
    """
    store.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    history = _previous_deliveries(con, store)
    temporary = store.with_name(f".{store.name}.{secrets.token_hex(8)}.tmp")
    try:
        con.execute(f"ATTACH {literal(str(temporary))} AS {_NEW}")
        con.execute("BEGIN TRANSACTION")
        for name, select in tables.items():
            con.execute(f"CREATE TABLE {_NEW}.{ident(name)} AS {select}")
        con.execute(f"CREATE TABLE {_NEW}.deliveries ({DELIVERIES_DDL})")
        if history:
            con.execute(f"INSERT INTO {_NEW}.deliveries SELECT * FROM {history}")
        con.execute(
            f"INSERT INTO {_NEW}.deliveries VALUES (?, ?, ?, ?, ?, ?)",
            [
                delivery.delivery_id,
                delivery.loaded_at,
                delivery.source_dir,
                json.dumps(list(delivery.registers)),
                delivery.rows_loaded,
                delivery.rows_rejected,
            ],
        )
        con.execute("COMMIT")
        con.execute(f"CHECKPOINT {_NEW}")
        con.execute(f"DETACH {_NEW}")
        os.chmod(temporary, 0o600)
        _fsync(temporary)
        os.replace(temporary, store)
        _fsync(store.parent)
    except BaseException:
        _abandon(con, temporary)
        raise
    finally:
        if history:
            con.execute(f"DROP TABLE IF EXISTS {history}")


def _previous_deliveries(con: duckdb.DuckDBPyConnection, store: Path) -> str | None:
    """Copy the old store's `deliveries` into memory; the name of that table, or None."""
    if not store.is_file():
        return None
    wal = store.with_name(store.name + ".wal")
    con.execute(f"ATTACH {literal(str(store))} AS {_OLD} (READ_ONLY {str(wal.exists()).lower()})")
    if wal.exists():
        # A write-ahead log left by an interrupted writer would be replayed onto the new
        # file after the rename: fold it into the old store first.
        con.execute(f"CHECKPOINT {_OLD}")
    try:
        found = scalar(
            con,
            "SELECT count(*) FROM information_schema.tables "
            f"WHERE table_catalog = '{_OLD}' AND table_name = 'deliveries'",
        )
        if not found:
            return None
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE previous_deliveries AS SELECT * FROM {_OLD}.deliveries"
        )
        return "previous_deliveries"
    finally:
        con.execute(f"DETACH {_OLD}")


def _abandon(con: duckdb.DuckDBPyConnection, temporary: Path) -> None:
    for statement in ("ROLLBACK", f"DETACH {_NEW}"):
        # Not in a transaction / not attached: nothing to undo.
        with contextlib.suppress(duckdb.Error):
            con.execute(statement)
    for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
        leftover.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    flags = (os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if path.is_dir() else os.O_RDONLY
    descriptor = os.open(path, flags)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
