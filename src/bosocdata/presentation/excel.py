"""Excel files with a header row, frozen panes and Danish-readable number formats.

Excel shows decimal marks by the reader's locale, so numbers are written as numbers
with a display format (by column: years as years, counts whole, index scores with three
decimals, everything else with one), never as text. One writer for the command line's
export and the web's downloads. Text that a spreadsheet would take for a formula is
written with a `'` in front (bosocdata.formulas), as a text cell.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import BinaryIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from bosocdata.formulas import neutralise

VALUE_FORMAT = "#,##0.0"
COUNT_FORMAT = "#,##0"
YEAR_FORMAT = "0"
FINE_FORMAT = "#,##0.000"
COUNT_COLUMNS = frozenset(
    {
        "numerator",
        "denominator",
        "residents",
        "population",
        "need",
        "need_low",
        "need_high",
        "observed",
        "expected",
        "excess",
        "excess_low",
        "excess_high",
        "points",
        "max_points",
        "n_scored",
        "n_indicators",
        "n_available",
        "n_ranked",
        "n_need_indicators",
        "rank",
        "rank_median",
        "rank_low",
        "rank_high",
        "rank_index",
        "rank_index_median",
        "rank_index_low",
        "rank_index_high",
        "rank_need",
        "mc_draws",
    }
)
YEAR_COLUMNS = frozenset({"period", "year"})
FINE_COLUMNS = frozenset(
    {
        "index",
        "municipality_index",
        "normalised",
        "weight",
        "effective_weight",
        "contribution",
        "theme_score",
        "coverage",
        "status_score",
        "dynamics_score",
        "index_change",
        "municipality_change",
        "relative_change",
        "relative_change_sd",
        "ratio",
        "score",
        "trend_p",
    }
)


def number_format(column: str) -> str:
    """The Excel display format of a numeric column."""
    if column in YEAR_COLUMNS:
        return YEAR_FORMAT
    if column in COUNT_COLUMNS or column.startswith(("dist_", "crit_")):
        return COUNT_FORMAT
    if column in FINE_COLUMNS:
        return FINE_FORMAT
    return VALUE_FORMAT


def _cell_value(value: object) -> object:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return neutralise(value)


def write_xlsx(table: pd.DataFrame, out: Path | BinaryIO, sheet: str = "indikatorer") -> None:
    """`table` as one sheet of an Excel workbook written to `out` (a path or a stream)."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in table.columns:
        cell = WriteOnlyCell(worksheet, value=neutralise(str(name)))
        cell.font = bold
        header.append(cell)
    worksheet.append(header)
    formats = {name: number_format(str(name)) for name in table.columns}
    for record in table.itertuples(index=False, name=None):
        row = []
        for name, raw in zip(table.columns, record, strict=True):
            value = _cell_value(raw)
            cell = WriteOnlyCell(worksheet, value=value)
            if isinstance(value, int | float) and not isinstance(value, bool):
                cell.number_format = formats[name]
            elif isinstance(value, str):
                cell.data_type = "s"  # text, whatever it looks like: never a formula
            row.append(cell)
        worksheet.append(row)
    workbook.save(out)
