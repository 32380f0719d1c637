"""The DuckDB engine: the indicator SQL as written, on a store connection.

Frames are temporary tables, so the computation also works on a read-only store.
`export_store_parquet` writes the registers of a store as Parquet files, the form in
which the Spark engine reads them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from bosocdata.indicators.engines.base import Engine
from bosocdata.indicators.engines.dialects import DUCKDB, Dialect
from bosocdata.store.sql import table_columns


class DuckDBEngine:
    """An `Engine` on a DuckDB connection (the store, or any connection with its tables)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    @property
    def dialect(self) -> Dialect:
        return DUCKDB

    def tables(self) -> set[str]:
        return store_tables(self.con)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def df(self, sql: str) -> pd.DataFrame:
        return self.con.execute(sql).df()

    def create_frame(self, name: str, sql: str) -> None:
        self.con.execute(self.dialect.create_frame.format(name=name, sql=sql))

    @contextmanager
    def session(self) -> Iterator[None]:
        before: dict[str, Any] = {}
        for key, value in self.dialect.settings.items():
            row = self.con.execute(f"SELECT current_setting('{key}')").fetchone()
            before[key] = row[0] if row else None
            self.con.execute(f"SET {key} = {value}")
        try:
            yield
        finally:
            for key, value in before.items():
                if value is None:
                    self.con.execute(f"RESET {key}")
                else:
                    self.con.execute(f"SET {key} = {_literal(value)}")


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def store_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The tables of the connection's own database (not its temporary frames)."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        " AND table_catalog = current_database()"
    ).fetchall()
    return {r[0] for r in rows}


def as_engine(source: Engine | duckdb.DuckDBPyConnection) -> Engine:
    """An engine for a DuckDB connection; an engine as it is."""
    if isinstance(source, duckdb.DuckDBPyConnection):
        return DuckDBEngine(source)
    return source


def register_select(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """SQL: the register `name` as another engine gets it, without `persons.pseudonym`:
    the indicators join on the integer person keys, which mean nothing outside the
    store, so the pseudonym, the one column that links a person across deliveries,
    stays in the store."""
    pseudonym = "pseudonym" in table_columns(con, name)
    return f'SELECT * {"EXCLUDE (pseudonym) " if pseudonym else ""}FROM "{name}"'


def export_store_parquet(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Write every register of the store to `out_dir/<register>.parquet`.

    Only the registers the indicators read (`schema.REGISTER_COLUMNS`) are written, not
    the store's bookkeeping or results. The files hold person data: write them only to
    storage inside the secure zone.
    """
    from bosocdata.indicators.schema import REGISTER_COLUMNS

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(store_tables(con) & set(REGISTER_COLUMNS)):
        path = out_dir / f"{name}.parquet"
        target = str(path).replace("'", "''")
        con.execute(f"COPY ({register_select(con, name)}) TO '{target}' (FORMAT parquet)")
        written.append(path)
    return written
