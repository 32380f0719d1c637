"""`bosoc export`: the indicator table as CSV, Excel or Parquet.

By default the export has exactly INTERFACE.md's columns, in its order; `full=True`
adds the statistics columns (99.8 % intervals, trend, funnel limits) after them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

import duckdb
import numpy as np
import pandas as pd

from bosocdata.errors import BosocError, NotComputed
from bosocdata.formulas import neutralise_frame
from bosocdata.outfiles import check_out_file, check_suffix, writing
from bosocdata.presentation.excel import (
    COUNT_FORMAT,
    UNIT_COLUMNS,
    is_count_column,
    is_year_column,
    sheet_name,
    unit_format,
    write_xlsx,
)
from bosocdata.presentation.people import csv_text
from bosocdata.publish.columns import INTERFACE_COLUMNS, STATISTICS_COLUMNS
from bosocdata.settings import Paths

FORMATS = (".csv", ".xlsx", ".parquet")


def read_indicator_table(paths: Paths, zone: str) -> pd.DataFrame:
    """The indicator table of a zone: `published` (disclosure-controlled) or `secure`."""
    if zone == "published":
        source, table = paths.published, "indicator_table"
    elif zone == "secure":
        source, table = paths.store, "indicator_results"
    else:
        raise BosocError(f"unknown zone {zone!r}", hint="use published or secure")
    if not source.exists():
        raise NotComputed(f"the {zone} indicator table")
    con = duckdb.connect(str(source), read_only=True)
    try:
        exists = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
        ).fetchone()
        if not exists or exists[0] == 0:
            raise NotComputed(f"the {zone} indicator table")
        return con.execute(f'SELECT * FROM "{table}" ORDER BY period, indicator_id, area_id').df()
    finally:
        con.close()


def export_columns(table: pd.DataFrame, *, full: bool) -> list[str]:
    wanted = (*INTERFACE_COLUMNS, *STATISTICS_COLUMNS) if full else INTERFACE_COLUMNS
    return [c for c in wanted if c in table.columns]


# The assessment tables of the published zone that `bosoc export --table` writes.
ASSESSMENT_TABLES = (
    "index",
    "categorisation",
    "dynamics",
    "alerts",
    "priorities",
    "contributions",
    "criteria",
    "targets",
    "twins",
    "groups",
    "area_groups",
    "evaluation",  # written by `bosoc evaluate`
    "flows",  # written by `bosoc evaluate`
)


def read_published_table(paths: Paths, name: str) -> pd.DataFrame:
    """An assessment table of the published zone, whole."""
    if name not in ASSESSMENT_TABLES:
        raise BosocError(
            f"unknown table {name!r}", hint="choose one of " + ", ".join(ASSESSMENT_TABLES)
        )
    if not paths.published.exists():
        raise NotComputed("the published zone")
    con = duckdb.connect(str(paths.published), read_only=True)
    try:
        present = {row[0] for row in con.execute("SHOW TABLES").fetchall()}
        if name in ("evaluation", "flows") and name not in present:
            raise NotComputed(f"the {name} table", hint="run `bosoc evaluate`")
        if name not in present:
            raise NotComputed(f"the assessment table {name}")
        return con.execute(f'SELECT * FROM "{name}"').df()
    finally:
        con.close()


def export_table(paths: Paths, name: str, out_file: Path, *, danish: bool = False) -> int:
    """Write a published assessment table; the format follows the suffix."""
    suffix = checked_out_file(out_file, danish=danish)
    table = read_published_table(paths, name)
    write_table(table, out_file, suffix, danish=danish, sheet=name)
    return len(table)


def checked_out_file(out_file: Path, *, danish: bool) -> str:
    """The format of `out_file` (its suffix), refused before any work when it is unknown,
    when `--danish` is asked for another format than CSV, or when the path is a folder
    or lies under a file."""
    suffix = check_suffix(out_file, FORMATS)
    if danish and suffix != ".csv":
        raise BosocError(
            f"--danish is for a .csv file, not for {out_file.name}",
            hint="leave out --danish: Excel shows a .xlsx with decimal comma by itself"
            if suffix == ".xlsx"
            else "leave out --danish, or end the file name in .csv",
        )
    check_out_file(out_file)
    return suffix


def write_table(
    table: pd.DataFrame,
    out_file: Path,
    suffix: str,
    *,
    danish: bool,
    sheet: str,
    private: bool = False,
) -> None:
    """Write `table`; the folder is made when missing, a path that cannot be written is
    refused (bosocdata.outfiles). `private` (the secure zone's numbers, suppressed cells
    included) makes a file only its owner may read (0600), as every file of the secure
    zone."""
    with writing(out_file) as out, _opened(out, private) as handle:  # first: a clean error
        if suffix == ".csv":
            write_csv(table, handle, danish=danish)
        elif suffix == ".xlsx":
            write_xlsx(table, handle, sheet=sheet_name(sheet))
        else:
            table.to_parquet(handle, index=False)


def _opened(out: Path, private: bool) -> BinaryIO:
    if not private:
        return out.open("wb")
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a file that was there keeps its mode otherwise
    return os.fdopen(fd, "wb")


def export_indicator_table(
    paths: Paths,
    out_file: Path,
    *,
    zone: str = "published",
    danish: bool = False,
    full: bool = False,
) -> int:
    """Write the indicator table to `out_file`; the format follows the suffix."""
    suffix = checked_out_file(out_file, danish=danish)
    table = read_indicator_table(paths, zone)
    missing = [c for c in INTERFACE_COLUMNS if c not in table.columns]
    if missing:
        raise BosocError(f"the {zone} table lacks the columns {missing}", hint="run bosoc compute")
    columns = export_columns(table, full=full)
    write_table(
        table[columns],
        out_file,
        suffix,
        danish=danish,
        sheet="indicator_table",
        private=zone == "secure",
    )
    return len(table)


def write_csv(table: pd.DataFrame, out_file: Path | BinaryIO, *, danish: bool) -> None:
    """CSV with `,` and decimal point, or (danish) `;` and decimal comma for Danish Excel;
    text a spreadsheet would take for a formula gets a `'` in front (bosocdata.formulas).

    Whole numbers are written whole (2024, 6191, not 6191.0). The plain CSV, read by
    scripts, keeps every other number at full precision; the Danish one, read by people,
    rounds as the .xlsx shows them (`danish_numbers`)."""
    frame = neutralise_frame(table)
    for column in frame.columns:
        if pd.api.types.is_bool_dtype(frame[column]):
            frame[column] = frame[column].map({True: "true", False: "false"})
    frame = whole_numbers(frame)
    if danish:
        frame = danish_numbers(frame)
        frame.to_csv(out_file, sep=";", decimal=",", index=False, encoding="utf-8-sig")
    else:
        frame.to_csv(out_file, index=False, encoding="utf-8")


def whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Year and count columns stored as floats (a missing value makes a float column)
    as integers when every value is whole: 2024, not 2024.0."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if not pd.api.types.is_float_dtype(series):
            continue
        if not (is_year_column(str(column)) or is_count_column(str(column))):
            continue
        known = series.dropna().to_numpy()
        if (np.isfinite(known) & (known == np.floor(known))).all():
            out[column] = series.astype("Int64")
    return out


def danish_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers of the Danish CSV as the .xlsx shows them: counts whole, an indicator's
    values and intervals with the decimals of its unit (presentation.numbers), rounded
    half away from zero; any other decimal number to at most 4 decimals."""
    out = frame.copy()
    units = out["unit"].tolist() if "unit" in out.columns else [None] * len(out)
    for column in out.columns:
        name, series = str(column), out[column]
        if not pd.api.types.is_float_dtype(series):
            continue
        if is_count_column(name):
            formats = [COUNT_FORMAT] * len(out)
        elif name in UNIT_COLUMNS:
            formats = [unit_format(u if isinstance(u, str) else None) for u in units]
        else:
            out[column] = series.round(4)
            continue
        out[column] = [
            csv_text(None if pd.isna(v) else float(v), fmt, ",")
            for v, fmt in zip(series.tolist(), formats, strict=True)
        ]
    return out
