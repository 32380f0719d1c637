"""Formula neutralisation of text written to CSV and spreadsheet files (CSV injection).

A spreadsheet program treats a cell that begins with `=`, `+`, `-` or `@` as a formula,
and a tab or carriage return at the start can hide one; a housing area named
`=HYPERLINK(...)` or `@SUM(...)` would then run when an analyst opens an export. As OWASP
recommends (https://owasp.org/www-community/attacks/CSV_Injection), such a text cell is
written with a single quote in front: the program shows it as text, and the text stays
readable. Only text is touched: numbers stay numbers (a negative number is a number, not
text beginning with `-`), and text that cannot be taken for a formula is unchanged.

Every CSV and spreadsheet the system writes goes through here: `bosoc export` (CSV and
Excel), the web's downloads (bosocdata.web.export), the Excel writer of the presentation
layer, the criteria and evaluation tables of the command line; the ingest's rejects
report, written by DuckDB, through `neutralise_sql`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is not imported at run time here: the foundation stays light
    import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(value: object) -> object:
    """`value` with a `'` in front when it is text that a spreadsheet would read as a
    formula; anything else (numbers, None, other text) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def neutralise_text(text: str) -> str:
    """The text of one cell, neutralised (for writers that turn every value into text
    first: pass only what was text in the data, never a formatted number)."""
    return QUOTE + text if text.startswith(FORMULA_STARTS) else text


def neutralise_sql(expression: str) -> str:
    """SQL of `expression` (text) neutralised as `neutralise` does, for a file that
    DuckDB writes itself."""
    starts = ", ".join(f"chr({ord(c)})" for c in FORMULA_STARTS)
    return (
        f"CASE WHEN left({expression}, 1) IN ({starts}) "
        f"THEN '{QUOTE}{QUOTE}' || {expression} ELSE {expression} END"
    )


def neutralise_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of `table` with every text cell neutralised, and the column names too;
    numeric, boolean and date columns are left as they are."""
    import pandas as pd

    frame = table.copy()
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
            frame[column] = series.map(neutralise).astype(series.dtype)
    frame.columns = [neutralise(c) for c in frame.columns]
    return frame
