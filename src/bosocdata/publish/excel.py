"""Excel export with a header row, frozen panes and Danish-readable number formats.

Excel shows decimal marks by the reader's locale, so numbers are written as numbers
with a display format (one decimal for values and intervals, whole numbers for counts),
never as text.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

COUNT_COLUMNS = {"numerator", "denominator"}
YEAR_COLUMNS = {"period"}
VALUE_FORMAT = "#,##0.0"
COUNT_FORMAT = "#,##0"
YEAR_FORMAT = "0"


def _cell_value(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def write_xlsx(table: pd.DataFrame, out_file: Path, sheet: str = "indikatorer") -> None:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in table.columns:
        cell = WriteOnlyCell(worksheet, value=str(name))
        cell.font = bold
        header.append(cell)
    worksheet.append(header)
    formats = {
        name: (
            YEAR_FORMAT
            if name in YEAR_COLUMNS
            else COUNT_FORMAT
            if name in COUNT_COLUMNS
            else VALUE_FORMAT
        )
        for name in table.columns
        if pd.api.types.is_numeric_dtype(table[name])
        and not pd.api.types.is_bool_dtype(table[name])
    }
    for record in table.itertuples(index=False, name=None):
        row = []
        for name, value in zip(table.columns, record, strict=True):
            cell = WriteOnlyCell(worksheet, value=_cell_value(value))
            if name in formats:
                cell.number_format = formats[name]
            row.append(cell)
        worksheet.append(row)
    workbook.save(out_file)
