"""An independent reader of the synthetic delivery, for the synth tests.

It sniffs the delimiter from the header, strips a BOM, reads every CSV cell as text and
parses dates in the three formats of REGISTERS.md.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pyarrow.parquet as pq


def register_file(folder: Path, name: str) -> Path:
    matches = [
        p for p in folder.iterdir() if p.stem == name and p.suffix in (".csv", ".parquet", ".xlsx")
    ]
    assert len(matches) == 1, f"{name}: expected one file, found {matches}"
    return matches[0]


def read_raw(path: Path) -> pd.DataFrame:
    """Every cell as text (None when empty), column names as written."""
    if path.suffix == ".parquet":
        return (
            pq.read_table(path)
            .to_pandas()
            .astype("string")
            .astype(object)
            .where(lambda d: d.notna(), None)
        )
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        return pd.DataFrame(
            [[None if v is None else str(v) for v in r] for r in rows[1:]], columns=rows[0]
        )
    text = path.read_bytes().decode("utf-8-sig")
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return pd.read_csv(
        path, sep=delimiter, dtype=str, keep_default_na=False, encoding="utf-8-sig"
    ).replace("", None)


def load(folder: Path, name: str) -> pd.DataFrame:
    """A register with lower-case columns, dates parsed, decimal commas read."""
    frame = read_raw(register_file(folder, name))
    frame.columns = [c.lower() for c in frame.columns]
    return frame


def to_date(values: pd.Series) -> pd.Series:
    text = values.astype("string")
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    for fmt in ("%d-%m-%Y", "%d.%m.%Y"):
        parsed = parsed.fillna(pd.to_datetime(text, format=fmt, errors="coerce"))
    return parsed


def to_number(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values.astype("string").str.replace(",", ".", regex=False))


def connect(frames: dict[str, pd.DataFrame]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name, frame in frames.items():
        con.register(name, frame)
    return con
