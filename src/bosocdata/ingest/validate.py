"""Parsing and validating the staged registers, vectorised in DuckDB SQL.

For each register `raw_<name>` (all text) becomes `ok_<name>` (typed, valid rows only).
Every failing cell becomes a row of the in-memory table `rejects`:

    register, file, row, column, reason, value, cpr_masked

`value` is the offending cell with anything shaped like a CPR number masked; the CPR
column itself is only ever shown masked as `DDMMYY-xxxx`. A row is rejected as a whole
when any of its cells fails. The checks, in order:

1. each cell: required values, CPR numbers, dates, codes, numbers and their ranges,
   and the plausibility rules of `bosocdata.ingest.plausible` (no CPR-shaped number
   outside `cpr`, plausible dates, finite numbers, no control characters, safe area ids);
2. intervals: `end` must be after `start`;
3. keys: a second row with the same `cpr` (persons), `address_id` (addresses) or
   `area_id` (areas) is rejected, naming the row of the first;
4. references: every `cpr` in persons, every `address_id` in addresses, every
   `area_addresses.area_id` in areas (among the rows that passed 1-3);
5. birth: a residence may not start before its person's birth date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

from bosocdata.ingest import plausible
from bosocdata.ingest.read import RawTable
from bosocdata.pseudonym import cpr as cprsql
from bosocdata.registers import Column, Kind, Register
from bosocdata.store.sql import ident, literal

REJECTS = "rejects"
_DATE_FORMATS = "YYYY-MM-DD, DD-MM-YYYY or DD.MM.YYYY"


def create_rejects_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"CREATE OR REPLACE TABLE {REJECTS} (register VARCHAR, file VARCHAR, "
        '"row" BIGINT, "column" VARCHAR, reason VARCHAR, value VARCHAR, cpr_masked VARCHAR)'
    )


def ok_table(register: Register) -> str:
    return f"ok_{register.name}"


@dataclass(frozen=True)
class _Cell:
    """SQL of one column: trimmed raw text, parsed value, error reason (NULL = fine)."""

    raw: str
    parsed: str
    error: str


def check_cells(con: duckdb.DuckDBPyConnection, raw: RawTable) -> None:
    """Step 1: parse every cell of `raw` into `ok_<register>`; failures into rejects."""
    register = raw.register
    cells = {c.name: _cell(c, raw) for c in register.columns}
    trimmed = ", ".join(
        f"NULLIF(trim({ident(c.name)}), '') AS {ident(c.name)}" for c in register.columns
    )
    parsed = ", ".join(
        f"{cells[c.name].parsed} AS {ident(c.name + '__p')}, "
        f"{cells[c.name].error} AS {ident(c.name + '__e')}"
        for c in register.columns
    )
    mask = _mask_sql(register)
    check = f"chk_{register.name}"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {check} AS "
        f"WITH v AS (SELECT rowid + 2 AS _row, {trimmed} FROM {raw.table}), "
        f"n AS (SELECT *, {_normalised_cpr(register, raw)} AS cpr__n FROM v), "
        f"b AS (SELECT *, {_birth_date_or_null(register)} AS cpr__b FROM n) "
        f"SELECT _row, {', '.join(ident(c.name) for c in register.columns)}, {parsed}, "
        f"cpr__b, {mask} AS _mask FROM b"
    )
    failures = " UNION ALL ".join(
        f"SELECT {literal(register.name)}, {literal(raw.path.name)}, _row, "
        f"{literal(c.name)}, {ident(c.name + '__e')}, "
        f"{'_mask' if c.kind is Kind.CPR else cprsql.sql_scrub(ident(c.name))}, _mask "
        f"FROM {check} WHERE {ident(c.name + '__e')} IS NOT NULL"
        for c in register.columns
    )
    con.execute(f"INSERT INTO {REJECTS} {failures}")
    all_fine = " AND ".join(f"{ident(c.name + '__e')} IS NULL" for c in register.columns)
    kept = ", ".join(f"{ident(c.name + '__p')} AS {ident(c.name)}" for c in register.columns)
    derived = ""
    if register.name == "persons":
        derived = f", cpr__b AS birth_date, {cprsql.sql_sex(ident('cpr__p'))} AS sex"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {ok_table(register)} AS "
        f"SELECT _row, {kept}{derived}, _mask FROM {check} WHERE {all_fine}"
    )
    con.execute(f"DROP TABLE {check}")
    con.execute(f"DROP TABLE {raw.table}")


def check_intervals(con: duckdb.DuckDBPyConnection, raw: RawTable) -> None:
    """Step 2: `end` must be after `start` (half-open intervals)."""
    if not raw.register.has_interval:
        return
    _reject_where(
        con, raw, "end", '"end" IS NOT NULL AND "end" <= "start"', "'end is not after start'"
    )


def check_key(con: duckdb.DuckDBPyConnection, raw: RawTable) -> None:
    """Step 3: a key value may occur once; later rows with the same key are rejected."""
    columns = raw.register.key_columns
    if not columns:
        return
    key = ", ".join(columns)  # "cpr" or "cpr, year": as the rejects report names it
    partition = ", ".join(ident(c) for c in columns)
    shown = columns[-1]  # the value that repeats for the same person: the year
    table = ok_table(raw.register)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE dup AS SELECT _row, first_row FROM ("
        f"SELECT _row, min(_row) OVER (PARTITION BY {partition}) AS first_row FROM {table}"
        f") WHERE _row <> first_row"
    )
    value = "t._mask" if shown == "cpr" else cprsql.sql_scrub(f"CAST(t.{ident(shown)} AS VARCHAR)")
    con.execute(
        f"INSERT INTO {REJECTS} SELECT {literal(raw.register.name)}, {literal(raw.path.name)}, "
        f"t._row, {literal(key)}, 'duplicate {key}: the first is on row ' || d.first_row, "
        f"{value}, t._mask FROM {table} t JOIN dup d USING (_row)"
    )
    con.execute(f"DELETE FROM {table} WHERE _row IN (SELECT _row FROM dup)")
    con.execute("DROP TABLE dup")


def check_references(con: duckdb.DuckDBPyConnection, raw: RawTable) -> None:
    """Step 4: references to persons, addresses and areas must exist."""
    for column in raw.register.columns:
        if column.references is None:
            continue
        target_register, target_column = column.references.split(".")
        target = f"ok_{target_register}"
        name = ident(column.name)
        condition = f"{name} NOT IN (SELECT {ident(target_column)} FROM {target})"
        reason = (
            f"'{column.name} is not in {target_register} "
            f"(or its {target_register} row was rejected)'"
        )
        _reject_where(con, raw, column.name, condition, reason)


def check_after_birth(con: duckdb.DuckDBPyConnection, raw: RawTable) -> None:
    """Step 5 (residences): nobody lives at an address before they are born.

    Run after step 4, so every row's person is in `ok_persons` with a birth date."""
    if raw.register.name != "residences":
        return
    born = "(SELECT p.birth_date FROM ok_persons p WHERE p.cpr = ok_residences.cpr)"
    _reject_where(
        con,
        raw,
        "start",
        f'"start" < {born}',
        "'start is before the birth date in the CPR number'",
    )


def count_overlapping_residences(con: duckdb.DuckDBPyConnection) -> int:
    """Residence rows that a later row of the same person starts inside (a data error).

    They are kept; the indicators end such a row at the later start (nobody lives at two
    addresses on one day: docs/concepts/indicators.md)."""
    row = con.execute(
        'SELECT count(*) FROM (SELECT "end", lead("start") OVER '
        '(PARTITION BY cpr ORDER BY "start", address_id DESC) AS next_start '
        "FROM ok_residences) "
        'WHERE next_start IS NOT NULL AND ("end" IS NULL OR next_start < "end")'
    ).fetchall()
    return int(row[0][0])


def _reject_where(
    con: duckdb.DuckDBPyConnection, raw: RawTable, column: str, condition: str, reason: str
) -> None:
    table = ok_table(raw.register)
    value = "_mask" if column == "cpr" else cprsql.sql_scrub(f"CAST({ident(column)} AS VARCHAR)")
    con.execute(
        f"INSERT INTO {REJECTS} SELECT {literal(raw.register.name)}, {literal(raw.path.name)}, "
        f"_row, {literal(column)}, {reason}, {value}, _mask FROM {table} WHERE {condition}"
    )
    con.execute(f"DELETE FROM {table} WHERE {condition}")


def rejected_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Register name -> number of distinct rows rejected."""
    rows = con.execute(
        f'SELECT register, count(DISTINCT "row") FROM {REJECTS} GROUP BY register'
    ).fetchall()
    return {str(name): int(count) for name, count in rows}


# --- per-column SQL ------------------------------------------------------------------


def _cell(column: Column, raw: RawTable) -> _Cell:
    cell = ident(column.name)
    parsed, failures = _parse(column, cell, raw)
    if column.kind is not Kind.CPR:
        failures = plausible.text_rules(column, cell) + failures
    missing = "NULL" if column.optional else "'missing value'"
    branches = " ".join(f"WHEN {when} THEN {literal(why)}" for when, why in failures)
    error = f"CASE WHEN {cell} IS NULL THEN {missing} {branches} END"
    if not failures:
        error = f"CASE WHEN {cell} IS NULL THEN {missing} END"
    return _Cell(cell, parsed, error)


def _parse(column: Column, cell: str, raw: RawTable) -> tuple[str, list[tuple[str, str]]]:
    """(parsed value SQL, [(failure condition SQL, reason)]) for one column."""
    kind = column.kind
    if kind is Kind.CPR:
        parsed = "CASE WHEN cpr__b IS NOT NULL THEN cpr__n END"
        return parsed, [
            ("cpr__n IS NULL", "not a CPR number (DDMMYY-SSSS or DDMMYYSSSS)"),
            ("cpr__b IS NULL", "the CPR number's date is not a real date (century rule)"),
        ]
    if kind is Kind.DATE:
        parsed = _date_sql(cell)
        return parsed, [
            (f"{parsed} IS NULL", f"not a date ({_DATE_FORMATS})"),
            *plausible.date_rules(parsed),
        ]
    if kind is Kind.CODE:
        codes = ", ".join(literal(c) for c in column.codes)
        parsed = f"CASE WHEN lower({cell}) IN ({codes}) THEN lower({cell}) END"
        return parsed, [(f"{parsed} IS NULL", f"not one of the codes {', '.join(column.codes)}")]
    if kind is Kind.COUNTRY:
        parsed = f"CASE WHEN regexp_full_match(upper({cell}), '[A-Z]{{2}}') THEN upper({cell}) END"
        return parsed, [(f"{parsed} IS NULL", "not an ISO 3166-1 alpha-2 country code")]
    if kind is Kind.INTEGER:
        parsed = (
            f"CASE WHEN regexp_full_match({cell}, '[+-]?\\d{{1,9}}(\\.0+)?') "
            f"THEN CAST(CAST({cell} AS DOUBLE) AS INTEGER) END"
        )
        return parsed, [(f"{parsed} IS NULL", "not a whole number")]
    if kind is Kind.NUMBER:
        return _number_sql(column, cell, raw.decimal_comma)
    return cell, []


def _number_sql(
    column: Column, cell: str, decimal_comma: bool
) -> tuple[str, list[tuple[str, str]]]:
    text = f"replace({cell}, ',', '.')" if decimal_comma else cell
    pattern = "[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?"
    parsed = f"CASE WHEN regexp_full_match({text}, '{pattern}') THEN CAST({text} AS DOUBLE) END"
    mark = "decimal point or comma" if decimal_comma else "decimal point"
    failures = [(f"{parsed} IS NULL", f"not a number (use a {mark}, no thousands separator)")]
    failures += plausible.number_rules(cell, parsed, decimal_comma)
    if column.minimum is not None:
        failures.append((f"{parsed} < {column.minimum}", f"below the minimum {column.minimum:g}"))
    if column.maximum is not None:
        failures.append((f"{parsed} > {column.maximum}", f"above the maximum {column.maximum:g}"))
    return parsed, failures


def _date_sql(cell: str) -> str:
    """SQL: a DATE from YYYY-MM-DD (optionally with a zero time), DD-MM-YYYY or DD.MM.YYYY."""
    iso = "\\d{4}-\\d{2}-\\d{2}([ T]00:00:00(\\.0+)?)?"
    danish = ["^(\\d{1,2})-(\\d{1,2})-(\\d{4})$", "^(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})$"]
    branches = [f"WHEN regexp_full_match({cell}, '{iso}') THEN TRY_CAST(left({cell}, 10) AS DATE)"]
    for pattern in danish:

        def part(group: int, width: int, pattern: str = pattern) -> str:
            return f"lpad(regexp_extract({cell}, '{pattern}', {group}), {width}, '0')"

        branches.append(
            f"WHEN regexp_matches({cell}, '{pattern}') "
            f"THEN TRY_CAST({part(3, 4)} || '-' || {part(2, 2)} || '-' || {part(1, 2)} AS DATE)"
        )
    return f"CASE {' '.join(branches)} END"


def _normalised_cpr(register: Register, raw: RawTable) -> str:
    """SQL: the 10-digit form of a well-formed `cpr` cell (date not yet checked)."""
    if "cpr" not in register.column_names:
        return "CAST(NULL AS VARCHAR)"
    return cprsql.sql_normalise(ident("cpr"), pad_nine_digits=raw.from_spreadsheet)


def _birth_date_or_null(register: Register) -> str:
    if "cpr" not in register.column_names:
        return "CAST(NULL AS DATE)"
    return cprsql.sql_birth_date("cpr__n")


def _mask_sql(register: Register) -> str:
    if "cpr" not in register.column_names:
        return "CAST(NULL AS VARCHAR)"
    return f"COALESCE(substr(cpr__n, 1, 6) || '-xxxx', {cprsql.sql_mask(ident('cpr'))})"


def base_registers_first(raws: Iterable[RawTable]) -> list[RawTable]:
    """The staged registers, base registers (persons, addresses, areas) first."""
    base = ("persons", "addresses", "areas")
    return sorted(raws, key=lambda r: (r.register.name not in base, r.register.name))
