"""Compare two published zones table by table, as multisets of rows.

For a change that should not change what is published (a refactoring): compute the same
delivery with the code before and after, then

    python bench/compare_published.py BEFORE/published/published.duckdb \\
        AFTER/published/published.duckdb

prints each table's row count and whether the two are equal; numbers are compared as
stored, or rounded to `--decimals` (the regression estimators' last bits depend on the
order of floating-point sums). Exit code 1 when a table differs.
"""

from __future__ import annotations

import argparse
import sys

import duckdb


def _tables(con: duckdb.DuckDBPyConnection, alias: str) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [alias]
    ).fetchall()
    return {r[0] for r in rows}


def _rows(con: duckdb.DuckDBPyConnection, alias: str, table: str, decimals: int | None) -> str:
    columns = con.execute(f"DESCRIBE {alias}.{table}").fetchall()
    shown = [
        f'round("{name}", {decimals}) AS "{name}"'
        if decimals is not None and kind in ("DOUBLE", "FLOAT")
        else f'"{name}"'
        for name, kind, *_ in columns
    ]
    return f"SELECT {', '.join(shown)} FROM {alias}.{table}"


def compare(before: str, after: str, decimals: int | None, skip: set[str]) -> bool:
    con = duckdb.connect()
    con.execute(f"ATTACH '{before}' AS a (READ_ONLY)")
    con.execute(f"ATTACH '{after}' AS b (READ_ONLY)")
    ta, tb = _tables(con, "a"), _tables(con, "b")
    same = ta == tb
    if not same:
        print(f"tables only before: {sorted(ta - tb)}; only after: {sorted(tb - ta)}")
    for table in sorted(ta & tb - skip):
        if (
            con.execute(f"DESCRIBE a.{table}").fetchall()
            != con.execute(f"DESCRIBE b.{table}").fetchall()
        ):
            print(f"{table}: the columns differ")
            same = False
            continue
        a, b = _rows(con, "a", table, decimals), _rows(con, "b", table, decimals)
        count = con.execute(f"SELECT count(*) FROM a.{table}").fetchone()[0]  # type: ignore[index]
        only_a = con.execute(f"SELECT count(*) FROM ({a} EXCEPT ALL {b})").fetchone()[0]  # type: ignore[index]
        only_b = con.execute(f"SELECT count(*) FROM ({b} EXCEPT ALL {a})").fetchone()[0]  # type: ignore[index]
        equal = only_a == only_b == 0
        same = same and equal
        print(f"{table}: {count} rows, " + ("equal" if equal else f"{only_a}/{only_b} differ"))
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--decimals", type=int, default=None)
    parser.add_argument("--skip", nargs="*", default=["meta"], help="tables not compared")
    args = parser.parse_args()
    sys.exit(0 if compare(args.before, args.after, args.decimals, set(args.skip)) else 1)


if __name__ == "__main__":
    main()
