"""Excel files with a header row, frozen panes and Danish-readable number formats.

Excel shows decimal marks by the reader's locale, so numbers are written as numbers
with a display format, never as text: by column, years as plain years (2010, not
2.010,0), counts whole, index scores with three decimals, an indicator's values with the
decimals of its unit (presentation.numbers: ratios two, DKK none, the rest one). One
writer for the command line's export and the web's downloads. Text that a spreadsheet
would take for a formula is written with a `'` in front (bosocdata.formulas), as a text
cell.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from bosocdata.formulas import neutralise
from bosocdata.presentation.numbers import DECIMALS_BY_UNIT
from bosocdata.presentation.vocabulary import Vocabulary

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
YEAR_COLUMNS = frozenset({"period", "year", "group"})  # group: the evaluation's cohort year
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
# Numbers in the unit of the row's indicator (its `unit` column): decimals by unit.
UNIT_COLUMNS = frozenset(
    {
        "value",
        "ci_low",
        "ci_high",
        "ci99_low",
        "ci99_high",
        "benchmark",
        "trend_change",
        "funnel95_low",
        "funnel95_high",
        "funnel99_low",
        "funnel99_high",
        "change",
        "target",
    }
)
MAX_WIDTH = 50


def is_year_column(column: str) -> bool:
    """`period`, `year` and their kin (`from_period`, `to_period`, `base_period`)."""
    return column in YEAR_COLUMNS or column.endswith(("_period", "_year"))


def is_count_column(column: str) -> bool:
    return column in COUNT_COLUMNS or column.startswith(("dist_", "crit_", "n_"))


def unit_format(unit: str | None) -> str:
    """The display format of a value in `unit`: the decimals of the web's numbers."""
    decimals = DECIMALS_BY_UNIT.get(unit or "", 1)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def number_format(column: str, unit: str | None = None, *, integer: bool = False) -> str:
    """The Excel display format of a numeric column (of a row in `unit`); `integer`: the
    column holds whole numbers by type, shown whole whatever its name."""
    if is_year_column(column):
        return YEAR_FORMAT
    if is_count_column(column):
        return COUNT_FORMAT
    if column in FINE_COLUMNS:
        return FINE_FORMAT
    if integer:
        return COUNT_FORMAT
    if column in UNIT_COLUMNS:
        return unit_format(unit)
    return VALUE_FORMAT


def sheet_name(table: str, language: str = "da") -> str:
    """The sheet of a table: its name in the vocabulary (`sheet_<table>`), else its id."""
    return _sheet_title(Vocabulary(language).maybe(f"sheet_{table}", table))


def _cell_value(value: object) -> object:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return neutralise(value)


def write_xlsx(table: pd.DataFrame, out: Path | BinaryIO, sheet: str = "indikatorer") -> None:
    """`table` as one sheet of an Excel workbook written to `out` (a path or a stream):
    bold frozen header with an autofilter, columns as wide as their content (up to
    `MAX_WIDTH`), numbers with the display format of their column and unit."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(_sheet_title(sheet))
    worksheet.freeze_panes = "A2"
    formats = _row_formats(table)
    _set_widths(worksheet, column_widths(table, formats), MAX_WIDTH)
    if len(table.columns):
        _filter(worksheet, len(table.columns), len(table))
    bold = Font(bold=True)
    header = []
    for name in table.columns:
        cell = WriteOnlyCell(worksheet, value=neutralise(str(name)))
        cell.font = bold
        header.append(cell)
    worksheet.append(header)
    for record, row_formats in zip(table.itertuples(index=False, name=None), formats, strict=True):
        row = []
        for raw, fmt in zip(record, row_formats, strict=True):
            value = _cell_value(raw)
            cell = WriteOnlyCell(worksheet, value=value)
            if isinstance(value, int | float) and not isinstance(value, bool):
                cell.number_format = fmt
            elif isinstance(value, str):
                cell.data_type = "s"  # text, whatever it looks like: never a formula
            row.append(cell)
        worksheet.append(row)
    workbook.save(out)


def _row_formats(table: pd.DataFrame) -> list[list[str]]:
    """Per row, the display format of each column (the unit may differ by row)."""
    units = table["unit"].tolist() if "unit" in table.columns else [None] * len(table)
    integer = [pd.api.types.is_integer_dtype(table[c]) for c in table.columns]
    cache: dict[object, list[str]] = {}
    out = []
    for unit in units:
        key = unit if isinstance(unit, str) else None
        if key not in cache:
            cache[key] = [
                number_format(str(c), key, integer=i)
                for c, i in zip(table.columns, integer, strict=True)
            ]
        out.append(cache[key])
    return out


def column_widths(table: pd.DataFrame, formats: list[list[str]]) -> list[float]:
    """Widths that fit the header and the widest value as shown."""
    widths = []
    for j, name in enumerate(table.columns):
        widest = len(str(name))
        series = table[name]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            decimals = max((_decimals(row[j]) for row in formats), default=1)
            finite = series[series.abs() < math.inf].dropna()
            for extreme in (finite.min(), finite.max()) if len(finite) else ():
                widest = max(widest, len(f"{float(extreme):,.{decimals}f}"))
        else:
            lengths = series.dropna().astype(str).str.len()
            widest = max(widest, int(lengths.max()) if len(lengths) else 0)
        widths.append(float(widest))
    return widths


def _set_widths(worksheet: Any, widths: list[float], limit: float) -> None:
    """Each column as wide as its content plus a margin, at most `limit`."""
    for j, width in enumerate(widths):
        worksheet.column_dimensions[get_column_letter(j + 1)].width = min(width + 2, limit)


def _filter(worksheet: Any, columns: int, rows: int) -> None:
    """An autofilter over the header and `rows` rows of `columns` columns."""
    worksheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"


def _decimals(number_format: str) -> int:
    return len(number_format.split(".")[1]) if "." in number_format else 0


# ---------------------------------------------------------------- the workbook for people


def write_people_workbook(
    sheets: list[tuple[str, list[str], list[list[tuple[object, str | None]]]]],
    out: Path | BinaryIO,
) -> None:
    """A workbook for people: one sheet per (title, headers, rows), each cell a value
    with its display format (None: text). Bold, frozen header row with an autofilter,
    columns as wide as their content (within limits), text never taken for a formula."""
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
        _set_widths(worksheet, [float(w) for w in widths], 82)
        worksheet.freeze_panes = "B2" if len(headers) > 1 else "A2"
        if rows and headers:
            _filter(worksheet, len(headers), len(rows))
        for row in worksheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and len(cell.value) > 80:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(out)


def _sheet_title(title: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title)
    return cleaned[:31]
