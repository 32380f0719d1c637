"""Opening the secure store for reading (and for writing results)."""

from __future__ import annotations

import duckdb

from bosocdata.errors import BosocError, NotComputed
from bosocdata.registers import REGISTER_NAMES
from bosocdata.settings import Paths, duckdb_memory_limit, spill_dir
from bosocdata.store.sql import scalar


class NotIngested(NotComputed):
    """There is no store yet: nothing has been ingested."""

    def __init__(self) -> None:
        BosocError.__init__(
            self,
            "nothing has been ingested yet",
            hint="run `bosoc ingest DELIVERY_DIR` (or `bosoc demo`) first",
        )


def store_config(paths: Paths) -> dict[str, str | bool | int | float | list[str]]:
    """DuckDB's memory limit, and its spill folder inside the secure zone (0700).

    With a limit, DuckDB spills what does not fit (sorts, joins, the computation's
    frames) instead of growing with the data, so a national-scale store is computed in
    bounded memory.
    """
    return {"memory_limit": duckdb_memory_limit(), "temp_directory": str(spill_dir(paths))}


def open_store(paths: Paths, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection to the secure store; `NotIngested` when there is none."""
    if not paths.store.is_file():
        raise NotIngested()
    try:
        return duckdb.connect(str(paths.store), read_only=read_only, config=store_config(paths))
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise BosocError(
                f"the store {paths.store} is in use by another bosoc process",
                hint="wait for it to finish and try again",
            ) from None
        raise


def available_registers(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The registers that have a table in the store (optional ones may be absent)."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_catalog = current_database()"
    ).fetchall()
    return {str(r[0]) for r in rows} & set(REGISTER_NAMES)


def latest_delivery_id(paths: Paths) -> str | None:
    """The `delivery_id` of the delivery loaded last, or None."""
    if not paths.store.is_file():
        return None
    con = open_store(paths)
    try:
        tables = {
            str(r[0])
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        }
        if "deliveries" not in tables:
            return None
        latest = scalar(con, "SELECT delivery_id FROM deliveries ORDER BY loaded_at DESC LIMIT 1")
        return None if latest is None else str(latest)
    finally:
        con.close()
