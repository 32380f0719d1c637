"""`bosoc export`: the indicator table as CSV, Excel or Parquet.

By default the export has exactly INTERFACE.md's columns, in its order; `full=True`
adds the statistics columns (99.8 % intervals, trend, funnel limits) after them.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from bosocdata.errors import BosocError, NotComputed
from bosocdata.formulas import neutralise_frame
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
    suffix = _checked_suffix(out_file)
    table = read_published_table(paths, name)
    _write(table, out_file, suffix, danish=danish)
    return len(table)


def _checked_suffix(out_file: Path) -> str:
    suffix = out_file.suffix.lower()
    if suffix not in FORMATS:
        raise BosocError(
            f"cannot write {out_file.name}: unknown format {suffix or '(none)'}",
            hint="end the file name in .csv, .xlsx or .parquet",
        )
    return suffix


def _write(table: pd.DataFrame, out_file: Path, suffix: str, *, danish: bool) -> None:
    out_file.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        write_csv(table, out_file, danish=danish)
    elif suffix == ".xlsx":
        from bosocdata.presentation.excel import write_xlsx

        write_xlsx(table, out_file)
    else:
        table.to_parquet(out_file, index=False)


def export_indicator_table(
    paths: Paths,
    out_file: Path,
    *,
    zone: str = "published",
    danish: bool = False,
    full: bool = False,
) -> int:
    """Write the indicator table to `out_file`; the format follows the suffix."""
    suffix = _checked_suffix(out_file)
    table = read_indicator_table(paths, zone)
    missing = [c for c in INTERFACE_COLUMNS if c not in table.columns]
    if missing:
        raise BosocError(f"the {zone} table lacks the columns {missing}", hint="run bosoc compute")
    _write(table[export_columns(table, full=full)], out_file, suffix, danish=danish)
    return len(table)


def write_csv(table: pd.DataFrame, out_file: Path, *, danish: bool) -> None:
    """CSV with `,` and decimal point, or (danish) `;` and decimal comma for Danish Excel;
    text a spreadsheet would take for a formula gets a `'` in front (bosocdata.formulas)."""
    frame = neutralise_frame(table)
    for column in frame.columns:
        if pd.api.types.is_bool_dtype(frame[column]):
            frame[column] = frame[column].map({True: "true", False: "false"})
    if "period" in frame.columns:
        frame["period"] = frame["period"].astype("Int64")
    if danish:
        frame.to_csv(out_file, sep=";", decimal=",", index=False, encoding="utf-8-sig")
    else:
        frame.to_csv(out_file, index=False, encoding="utf-8")
