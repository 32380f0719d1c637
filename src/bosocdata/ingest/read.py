"""Reading one register file into an in-memory staging table of text columns.

Every format ends as the same thing: a table `raw_<register>` holding the register's
columns in contract order, all VARCHAR, rows in file order (so `rowid + 2` is the row
number a user counts in the file, with the header as row 1). Parsing and validation
happen afterwards, in SQL (`bosocdata.ingest.validate`).

Error messages never quote the file's content (a cell may hold a CPR number): they name
the file, the line where DuckDB reports one, and the problem.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bosocdata.errors import DeliveryRefused
from bosocdata.ingest.plausible import looks_like_cpr
from bosocdata.registers import Register
from bosocdata.store.sql import count_rows, ident, literal

_HEAD_BYTES = 1 << 16
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class RawTable:
    """A register read into the staging table `table`."""

    register: Register
    path: Path
    table: str
    rows: int
    decimal_comma: bool  # `;`-separated CSV: the decimal mark may be `,`
    from_spreadsheet: bool  # xlsx/parquet: numbers may have lost a leading zero
    extra_columns: tuple[str, ...]
    delivered_columns: frozenset[str]  # contract columns present in the file


def read_register(con: duckdb.DuckDBPyConnection, register: Register, path: Path) -> RawTable:
    """Read `path` into `raw_<register>`; `DeliveryRefused` when it cannot be used."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        delimiter, found = csv_header(path)
        source = _csv_source(path, delimiter, len(found))
        decimal_comma, spreadsheet = delimiter == ";", False
        positional = [f"c{i}" for i in range(len(found))]
    else:
        if suffix == ".parquet":
            source = f"read_parquet({literal(str(path))})"
        else:
            source = _register_xlsx(con, path, register)
        decimal_comma, spreadsheet = False, True
        found = positional = _column_names(con, source, path)
    mapping, extra = _map_columns(register, found, path)
    in_source = dict(zip(found, positional, strict=True))
    mapping = {name: in_source[actual] for name, actual in mapping.items()}
    table = f"raw_{register.name}"
    selected = ", ".join(
        f"CAST({ident(mapping[c.name])} AS VARCHAR) AS {ident(c.name)}"
        if c.name in mapping
        else f"CAST(NULL AS VARCHAR) AS {ident(c.name)}"
        for c in register.columns
    )
    _run(con, f"CREATE OR REPLACE TABLE {table} AS SELECT {selected} FROM {source}", path)
    if suffix == ".xlsx":
        con.unregister(_xlsx_view(register))
    rows = count_rows(con, table)
    return RawTable(
        register, path, table, rows, decimal_comma, spreadsheet, extra, frozenset(mapping)
    )


def detect_delimiter(path: Path) -> str:
    """`;` or `,`: whichever occurs more often outside quotes in the header line."""
    return csv_header(path)[0]


def csv_header(path: Path) -> tuple[str, list[str]]:
    """The delimiter and the column names of a CSV file's header line.

    The header is parsed here rather than by DuckDB's sniffer, which on a ragged file
    may take a data row for the header.
    """
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    head = head.removeprefix(_BOM)
    if not head.strip():
        raise DeliveryRefused(
            f"{path}: the file is empty", hint="a CSV file needs a header row with column names"
        )
    line = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        header = line.decode("utf-8")
    except UnicodeDecodeError:
        raise DeliveryRefused(
            f"{path}: line 1 is not UTF-8 text",
            hint="save the file as CSV UTF-8 (with or without BOM)",
        ) from None
    outside_quotes = re.sub(r'"[^"]*"', "", header)
    delimiter = ";" if outside_quotes.count(";") > outside_quotes.count(",") else ","
    names = next(csv.reader([header], delimiter=delimiter, quotechar='"'))
    return delimiter, names


def _csv_source(path: Path, delimiter: str, width: int) -> str:
    """SQL: read_csv with the header skipped and positional text columns c0, c1, ..."""
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
    return (
        f"read_csv({literal(str(path))}, header = true, auto_detect = false, "
        f"columns = {{{columns}}}, delim = {literal(delimiter)}, quote = '\"', "
        f"escape = '\"', encoding = 'utf-8', null_padding = false)"
    )


def _xlsx_view(register: Register) -> str:
    return f"xlsx_{register.name}"


def _register_xlsx(con: duckdb.DuckDBPyConnection, path: Path, register: Register) -> str:
    """Read the first sheet with pandas/openpyxl into an Arrow view; return its name."""
    import pandas as pd
    import pyarrow as pa

    check_unpacked_size(path)
    try:
        frame = pd.read_excel(path, sheet_name=0, dtype=str, engine="openpyxl")
    except Exception:  # openpyxl raises many types for a damaged workbook; none is a bug
        raise DeliveryRefused(
            f"{path}: cannot be read as an Excel workbook (.xlsx)",
            hint="save it again from Excel as .xlsx, or deliver the register as CSV",
        ) from None
    frame.columns = [str(c) for c in frame.columns]
    view = _xlsx_view(register)
    con.register(view, pa.Table.from_pandas(frame, preserve_index=False))
    return view


def check_unpacked_size(path: Path) -> None:
    """Refuse an .xlsx (a zip) whose parts unpack to more than `BOSOC_XLSX_MAX_MB`,
    from the sizes its zip directory declares, before anything is unpacked. (A part
    whose declared size lies is not caught here; its CRC check fails once it is read,
    and the workbook is refused as damaged.)"""
    import zipfile

    from bosocdata.ingest.guards import xlsx_max_bytes

    limit = xlsx_max_bytes()
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DeliveryRefused(
            f"{path}: cannot be read as an Excel workbook (.xlsx)",
            hint="save it again from Excel as .xlsx, or deliver the register as CSV",
        ) from None
    if unpacked > limit:
        raise DeliveryRefused(
            f"{path}: the workbook unpacks to {unpacked / 1e6:,.0f} MB, more than "
            f"BOSOC_XLSX_MAX_MB={limit // 1_000_000:,} allows",
            hint="deliver a register this large as CSV or Parquet, or raise BOSOC_XLSX_MAX_MB",
        )


def _column_names(con: duckdb.DuckDBPyConnection, source: str, path: Path) -> list[str]:
    rows = _run(con, f"DESCRIBE SELECT * FROM {source}", path).fetchall()
    return [str(row[0]) for row in rows]


def _map_columns(
    register: Register, found: list[str], path: Path
) -> tuple[dict[str, str], tuple[str, ...]]:
    """contract name -> name in the file, and the extra columns of the file."""
    by_lower: dict[str, str] = {}
    twice: list[str] = []
    unnamed = 0
    for name in found:
        key = name.strip().lstrip("\ufeff").lower()
        if not key:
            unnamed += 1
            continue
        if key in by_lower:
            twice.append(key)
        by_lower[key] = name
    mapping = {c.name: by_lower[c.name] for c in register.columns if c.name in by_lower}
    if not mapping and len(found) == 1 and "\t" in found[0]:
        # one column whose name holds tabs: the file is separated by tabs, which the
        # contract does not allow; the names it holds are safe to test, never to show
        names = {n.strip().lstrip("\ufeff").lower() for n in found[0].split("\t")}
        if set(register.column_names) & names:
            raise DeliveryRefused(
                f"{path}: the columns are separated by tabs",
                hint="write the file with , or ; between the columns (REGISTERS.md)",
            )
    if not mapping:
        # No expected column at all: most likely the header row is missing and the first
        # row is data (CPR numbers, origins). Name the file and the columns, never the row.
        raise DeliveryRefused(
            f"{path}: the first row names none of the columns of {register.name} "
            f"({', '.join(register.column_names)}): is the header row missing?",
            hint="the first row must hold the column names; see REGISTERS.md",
        )
    if twice:
        which = shown_names([twice[0]])[0]
        name = "a column name" if which.endswith(" not shown") else f"column {which!r}"
        raise DeliveryRefused(
            f"{path}: {name} appears twice (column names are case-insensitive)",
            hint="remove or rename one of them",
        )
    for column in register.columns:
        if column.optional or column.name in mapping:
            continue
        unused = [k for k in by_lower if k not in register.column_names]
        close = difflib.get_close_matches(column.name, unused, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise DeliveryRefused(
            f"{path}: required column {column.name!r} is missing "
            f"(found: {', '.join(shown_names(found)) or 'no columns'})",
            hint=f"{hint}{register.name} needs {', '.join(register.column_names)} "
            "(optional ones may be left out); see REGISTERS.md",
        )
    extra = tuple(shown_names([by_lower[k] for k in by_lower if k not in register.column_names]))
    if unnamed:
        extra += (f"{unnamed} without a name",)
    return mapping, extra


_NAME = re.compile(r"[A-Za-z_\u00c0-\u024f][A-Za-z0-9_ .\u00c0-\u024f-]{0,59}")


def shown_names(names: list[str]) -> list[str]:
    """Column names fit to show: those that look like names; the others (a data row taken
    for the header: numbers, dates, CPR numbers) are only counted."""
    shown = [n.strip().lstrip("\ufeff") for n in names]
    fit = [n for n in shown if _NAME.fullmatch(n) and not looks_like_cpr(n)]
    if len(fit) < len(shown):
        fit.append(f"{len(shown) - len(fit)} not shown")
    return fit


_LINE = re.compile(r"CSV Error on Line: (\d+)")


def _run(con: duckdb.DuckDBPyConnection, sql: str, path: Path) -> duckdb.DuckDBPyConnection:
    try:
        return con.execute(sql)
    except duckdb.Error as error:
        raise DeliveryRefused(_describe(error, path), hint=_hint(path)) from None


def _describe(error: duckdb.Error, path: Path) -> str:
    """A one-line description that never repeats the file's content."""
    text = str(error)
    where = f"line {m.group(1)}: " if (m := _LINE.search(text)) else ""
    if "unicode" in text.lower() or "utf-8" in text.lower():
        problem = "is not UTF-8 text"
    elif "number of columns" in text.lower() or "expected" in text.lower():
        problem = "has a different number of fields than the header"
    elif "quote" in text.lower():
        problem = "has an unterminated quote"
    else:
        problem = f"cannot be read as {path.suffix.lower().lstrip('.').upper()}"
    return f"{path}: {where}the file {problem}"


def _hint(path: Path) -> str:
    if path.suffix.lower() == ".csv":
        return 'save it as CSV UTF-8 with one header row, delimiter "," or ";" and " quoting'
    return "check that the file is not damaged, or deliver the register as CSV"
