"""Small helpers for writing SQL text safely."""

from __future__ import annotations

from typing import Any

import duckdb


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    """The first value of the first row of `sql`, or None.

    Uses fetchall: DuckDB 2 refuses other work on a connection whose result was only
    partly fetched (fetchone).
    """
    rows = con.execute(sql).fetchall()
    return rows[0][0] if rows else None


def count_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(scalar(con, f"SELECT count(*) FROM {table}") or 0)


def table_columns(
    con: duckdb.DuckDBPyConnection, table: str, catalog: str | None = None
) -> dict[str, str]:
    """Column name -> DuckDB type of `table` in the main schema of `catalog` (the
    connection's own database when None), in column order; empty when there is no
    such table."""
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = COALESCE(?, current_database()) AND table_schema = 'main' "
        "AND table_name = ? ORDER BY ordinal_position",
        [catalog, table],
    ).fetchall()
    return {str(name): str(kind) for name, kind in rows}
