"""Replacing the secure store with a new snapshot, all or nothing.

The new store is written into a temporary file next to the old one (same folder, so
same file system), checkpointed, flushed to disk and then renamed over the old file
with `os.replace`, which is atomic. Until that rename the old store is untouched; a
failure at any point removes the temporary file and leaves the old store as it was.
`build_store_file` and `install_store_file` are the two halves, also used by
`bosoc rekey` (`bosocdata.pseudonym.rekey`).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

import duckdb

from bosocdata.store.history import keep_current, prune
from bosocdata.store.private import private_files
from bosocdata.store.sql import ident, literal, scalar


class KeyCheck(Protocol):
    """What the store keeps of a key chain: its (not secret) check value and length.

    The pseudonym package's `KeyChain` is one; the store needs nothing else of it.
    """

    @property
    def check_value(self) -> str: ...

    def __len__(self) -> int: ...


_NEW = "new_store"
KEY_TABLE = "pseudonym_key"
"""Bookkeeping table: the check value of the key chain the store's pseudonyms were made under."""
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
    *,
    key_chain: KeyCheck | None = None,
    keep: int = 0,
) -> None:
    """Replace `store` by a new file holding `tables` (name -> SELECT on `con`).

    The earlier rows of `deliveries` are carried over and `delivery` is appended; every
    other table of the old store (registers, results of an earlier compute) is dropped,
    because it belongs to the old data. When the pids were made under `key_chain`, its
    check value is stored in `pseudonym_key` (see `bosocdata.pseudonym.keystate`).
    The old store is kept as one of the newest `keep` snapshots (`bosocdata.store.history`).
    """
    store.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    history = _previous_deliveries(con, store)

    def fill(catalog: str) -> None:
        for name, select in tables.items():
            con.execute(f"CREATE TABLE {catalog}.{ident(name)} AS {select}")
        con.execute(f"CREATE TABLE {catalog}.deliveries ({DELIVERIES_DDL})")
        if history:
            con.execute(f"INSERT INTO {catalog}.deliveries SELECT * FROM {history}")
        con.execute(
            f"INSERT INTO {catalog}.deliveries VALUES (?, ?, ?, ?, ?, ?)",
            [
                delivery.delivery_id,
                delivery.loaded_at,
                delivery.source_dir,
                json.dumps(list(delivery.registers)),
                delivery.rows_loaded,
                delivery.rows_rejected,
            ],
        )
        if key_chain is not None:
            write_key_check(con, catalog, key_chain)

    try:
        previous = (
            scalar(con, f"SELECT delivery_id FROM {history} ORDER BY loaded_at DESC LIMIT 1")
            if history
            else None
        )
        temporary = build_store_file(con, store, fill)
        try:
            keep_current(store, keep, previous)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        install_store_file(temporary, store)
        with contextlib.suppress(OSError):  # the new store is in place; pruning can wait
            prune(store, keep)
    finally:
        if history:
            con.execute(f"DROP TABLE IF EXISTS {history}")


def build_store_file(
    con: duckdb.DuckDBPyConnection, store: Path, fill: Callable[[str], None]
) -> Path:
    """A new, complete store file next to `store`, filled by `fill(catalog)` in one
    transaction, checkpointed, mode 0600 and flushed to disk; its path. On any failure
    nothing is left behind. `install_store_file` puts it in place."""
    store.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = store.with_name(f".{store.name}.{secrets.token_hex(8)}.tmp")
    try:
        with private_files():  # 0600 from its creation, and its write-ahead log too
            con.execute(f"ATTACH {literal(str(temporary))} AS {_NEW}")
            con.execute("BEGIN TRANSACTION")
            fill(_NEW)
            con.execute("COMMIT")
            con.execute(f"CHECKPOINT {_NEW}")
            con.execute(f"DETACH {_NEW}")
        os.chmod(temporary, 0o600)
        _fsync(temporary)
    except BaseException:
        _abandon(con, temporary)
        raise
    return temporary


def install_store_file(temporary: Path, store: Path) -> None:
    """Rename a file from `build_store_file` over `store` (atomic), then flush the folder.

    If the rename fails, the temporary file is removed and `store` is as it was."""
    try:
        os.replace(temporary, store)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync(store.parent)


def write_key_check(con: duckdb.DuckDBPyConnection, catalog: str, chain: KeyCheck) -> None:
    """The one-row table `pseudonym_key` in `catalog`: the check value of the key chain
    the pids are made under (not secret), when, and how many keys the chain has."""
    con.execute(
        f"CREATE TABLE {catalog}.{KEY_TABLE} "
        "(check_value VARCHAR, written_at TIMESTAMP, keys INTEGER)"
    )
    con.execute(
        f"INSERT INTO {catalog}.{KEY_TABLE} VALUES (?, ?, ?)",
        [chain.check_value, datetime.now(), len(chain)],
    )


def _previous_deliveries(con: duckdb.DuckDBPyConnection, store: Path) -> str | None:
    """Copy the old store's `deliveries` into memory; the name of that table, or None."""
    if not store.is_file():
        return None
    with attached_store(con, store) as old:
        if "deliveries" not in base_tables(con, old):
            return None
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE previous_deliveries AS SELECT * FROM {old}.deliveries"
        )
        return "previous_deliveries"


@contextlib.contextmanager
def attached_store(con: duckdb.DuckDBPyConnection, store: Path) -> Iterator[str]:
    """The existing store attached to `con` (read-only when it can be); yields its catalog."""
    wal = store.with_name(store.name + ".wal")
    con.execute(f"ATTACH {literal(str(store))} AS {_OLD} (READ_ONLY {str(wal.exists()).lower()})")
    try:
        if wal.exists():
            # A write-ahead log left by an interrupted writer would be replayed onto the new
            # file after the rename: fold it into the old store first.
            con.execute(f"CHECKPOINT {_OLD}")
        yield _OLD
    finally:
        con.execute(f"DETACH {_OLD}")


def base_tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    """The names of the tables in the main schema of `catalog`, in name order."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = ? "
        "AND table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name",
        [catalog],
    ).fetchall()
    return [str(r[0]) for r in rows]


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
