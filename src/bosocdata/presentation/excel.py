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
from openpyxl.styles import Alignment, Font

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


# ---------------------------------------------------------------- the workbook for people


def write_people_workbook(
    sheets: list[tuple[str, list[str], list[list[tuple[object, str | None]]]]],
    out: Path | BinaryIO,
) -> None:
    """A workbook for people: one sheet per (title, headers, rows), each cell a value
    with its display format (None: text). Bold, frozen header row with an autofilter,
    columns as wide as their content (within limits), text never taken for a formula."""
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        worksheet = workbook.create_sheet(_sheet_title(title))
        worksheet.append([neutralise(h) for h in headers])
        for cell in worksheet[1]:
            cell.font = bold
        widths = [len(str(h)) for h in headers]
        for row in rows:
            values = [_cell_value(v) for v, _ in row]
            worksheet.append(values)
            r = worksheet.max_row
            for j, ((_, fmt), value) in enumerate(zip(row, values, strict=True)):
                cell = worksheet.cell(row=r, column=j + 1)
                if fmt and isinstance(value, int | float) and not isinstance(value, bool):
                    cell.number_format = fmt
                    widths[j] = max(widths[j], len(f"{value:,.1f}"))
                elif isinstance(value, str):
                    cell.data_type = "s"
                    widths[j] = max(widths[j], min(len(value), 80))
        for j, width in enumerate(widths):
            worksheet.column_dimensions[get_column_letter(j + 1)].width = min(width + 2, 82)
        worksheet.freeze_panes = "B2" if len(headers) > 1 else "A2"
        if rows and headers:
            worksheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
        for row in worksheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and len(cell.value) > 80:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(out)


def _sheet_title(title: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title)
    return cleaned[:31]
