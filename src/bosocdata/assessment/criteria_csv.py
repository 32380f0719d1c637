"""Reading the area-level input of `bosoc criteria` (INTERFACE.md, `criteria`).

Numbers as a Danish spreadsheet writes them (`;` and decimal comma) or as a program
writes them (`,` and decimal point); every bad value is refused with its line and column.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal

import pandas as pd

from bosocdata.errors import BosocError

Kind = Literal["id", "year", "count", "percent", "percent_of_mean", "ratio", "category"]


@dataclass(frozen=True)
class InputColumn:
    name: str
    kind: Kind
    required: bool
    description: str


INPUT_COLUMNS: tuple[InputColumn, ...] = (
    InputColumn("area_id", "id", True, "the area's id"),
    InputColumn("year", "year", True, "the list year (the list of 1 December that year)"),
    InputColumn("population", "count", True, "residents"),
    InputColumn("uden_tilknytning_pct", "percent", True, "pct of 18-64 without attachment"),
    InputColumn("domme_ratio", "ratio", True, "conviction share as a multiple of the national"),
    InputColumn("grundskole_pct", "percent", True, "pct of 30-59 with grundskole only"),
    InputColumn("indkomst_pct", "percent_of_mean", True, "mean income, pct of regional mean"),
    InputColumn("ikke_vestlige_pct", "percent", True, "pct non-Western immigrants/descendants"),
    # Optional: better denominators for the distance in persons.
    InputColumn("population_18_64", "count", False, "residents aged 18-64"),
    InputColumn("population_30_59", "count", False, "residents aged 30-59"),
    InputColumn("population_18plus", "count", False, "residents aged 18 and over"),
    InputColumn("domme_national_pct", "percent", False, "national conviction share, pct 18+"),
    # Optional: the absolute conviction share of the 2010 and 2013 laws, and the category
    # of the list the ministry published that year (read by consecutive-year rules).
    InputColumn("domme_pct", "percent", False, "pct of 18+ convicted (laws of 2010, 2013)"),
    InputColumn("published_category", "category", False, "the published list's category"),
)
BY_NAME = {c.name: c for c in INPUT_COLUMNS}
_WHOLE_KINDS = ("year", "count")
_THOUSANDS_DOTS = re.compile(r"[+-]?[0-9]{1,3}(\.[0-9]{3})+")
AMBIGUOUS_DOT = (
    "is ambiguous in a ;-separated file: a dot before three digits may be a thousands "
    "separator or a decimal point"
)
# Shares whose real values are never all within 0-1: written as fractions (0.452 for
# 45.2 %), they would silently give a wrong category. `domme_pct` and
# `domme_national_pct` are left out: their real values are often below 1 %.
FRACTION_CHECKED = ("uden_tilknytning_pct", "grundskole_pct", "indkomst_pct", "ikke_vestlige_pct")
FRACTION_MIN_ROWS = 3  # from this many values, one column within 0-1 is refused alone

# ---------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class CsvDialect:
    """`,` with decimal point, or `;` with decimal comma (Danish spreadsheets)."""

    delimiter: str = ","
    decimal: str = "."

    @classmethod
    def sniff(cls, header: str) -> CsvDialect:
        return cls(";", ",") if header.count(";") > header.count(",") else cls(",", ".")

    def written(self, number: str) -> str:
        """`number` (with a decimal point) as this dialect writes it."""
        return number.replace(".", self.decimal)


def parse_number(text: str, dialect: CsvDialect, kind: Kind = "ratio") -> Decimal:
    """A number as written in `dialect`; raises ValueError with the reason.

    In a `;` file a dot before a decimal comma is a thousands separator (`1.234,5`), and
    so is a dot in a whole number (`1.000` residents). In a share or ratio without a
    comma, a dot before exactly three digits (`3.100`) may be either, and is refused as
    ingest refuses it; any other dot (`40.1`) can only be a decimal point.
    """
    s = text.replace("\u00a0", "").replace(" ", "")
    if dialect.decimal == ",":
        if "," in s:
            s = s.replace(".", "").replace(",", ".")  # 1.234,5: thousands dot, decimal comma
        elif kind in _WHOLE_KINDS and _THOUSANDS_DOTS.fullmatch(s):
            s = s.replace(".", "")  # 1.000 residents
        elif _THOUSANDS_DOTS.fullmatch(s):
            raise ValueError(AMBIGUOUS_DOT)
    elif "," in s:
        raise ValueError("has a comma in a ,-separated file")
    try:
        number = Decimal(s)
    except InvalidOperation:
        raise ValueError("is not a number") from None
    if not number.is_finite():
        raise ValueError("is not a number")
    return number


def _check_range(number: Decimal, kind: Kind) -> None:
    if kind in _WHOLE_KINDS and number != number.to_integral_value():
        raise ValueError("is not a whole number")
    if kind == "year" and not 1900 <= number <= 2200:
        raise ValueError("is not a year")
    if number < 0:
        raise ValueError("is negative")
    if kind == "percent" and number > 100:
        raise ValueError("is above 100 %")


def read_raw(path: Path) -> tuple[pd.DataFrame, CsvDialect]:
    """A CSV file as text cells, header names stripped and lower-case, and its dialect."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise BosocError(f"{path}: no such file", hint="give the path of a CSV file") from None
    except UnicodeDecodeError:
        raise BosocError(
            f"{path}: not UTF-8 text", hint="save the file as CSV UTF-8 from the spreadsheet"
        ) from None
    except OSError as error:
        raise BosocError(f"{path}: cannot read: {error.strerror}") from None
    if not text.strip():
        raise BosocError(
            f"{path.name}: the file is empty",
            hint="see the columns in docs/reference/cli.md, bosoc criteria",
        )
    header = text.splitlines()[0]
    _refuse_tabs(header, path)
    dialect = CsvDialect.sniff(header)
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            sep=dialect.delimiter,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, ValueError) as error:
        first = str(error).strip().splitlines()[0]
        raise BosocError(
            f"{path.name}: not a readable CSV file: {first}",
            hint="every row needs as many fields as the header",
        ) from None
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    return raw, dialect


def _refuse_tabs(header: str, path: Path) -> None:
    """A header separated by tabs would read as one column: say so, as ingest does."""
    if header.count("\t") > max(header.count(";"), header.count(",")):
        raise BosocError(
            f"{path.name}: the columns are separated by tabs",
            hint="save the file with ; or , between the columns (CSV UTF-8 from the spreadsheet)",
        )


def _check_columns(raw: pd.DataFrame, path: Path) -> None:
    duplicated = sorted({c for c in raw.columns if list(raw.columns).count(c) > 1})
    if duplicated:
        raise BosocError(f"{path.name}: column `{duplicated[0]}` appears twice in the header")
    for column in (c for c in INPUT_COLUMNS if c.required):
        if column.name not in raw.columns:
            close = difflib.get_close_matches(column.name, list(raw.columns), n=1)
            hint = f"did you mean `{close[0]}`?" if close else None
            raise BosocError(
                f"{path.name}: column `{column.name}` is missing",
                hint=hint or "the columns are: " + ", ".join(c.name for c in INPUT_COLUMNS[:8]),
            )


def _parse_column(
    raw: pd.Series,
    column: InputColumn,
    path: Path,
    dialect: CsvDialect,
    categories: Collection[str] | None = None,
) -> list[Decimal | str | None]:
    values: list[Decimal | str | None] = []
    for row, text in enumerate(raw.astype(str).str.strip(), start=2):
        if text == "":
            if column.kind in ("id", "year"):
                raise BosocError(
                    f"{path.name}: line {row}, column `{column.name}`: empty",
                    hint="every row needs an area_id and a year",
                )
            values.append(None)
            continue
        if column.kind == "id":
            values.append(text)
            continue
        if column.kind == "category":
            values.append(_category(text, path, row, column, categories))
            continue
        try:
            number = parse_number(text, dialect, column.kind)
            _check_range(number, column.kind)
        except ValueError as reason:
            raise BosocError(
                f"{path.name}: line {row}, column `{column.name}`: {text!r} {reason}",
                hint=_value_hint(text, str(reason), column, dialect),
            ) from None
        values.append(number)
    return values


def _value_hint(text: str, reason: str, column: InputColumn, dialect: CsvDialect) -> str:
    if reason == AMBIGUOUS_DOT:
        return f"write {text.replace('.', ',')} (decimal comma) or {text.replace('.', '')}"
    return f"expected {column.description}, written like {dialect.written('40.1')}"


def _category(
    text: str, path: Path, row: int, column: InputColumn, categories: Collection[str] | None
) -> str:
    """A category id as the rule sets name it (`none` for an area not on the list)."""
    value = text.lower()
    if categories is None or value in categories:
        return value
    close = difflib.get_close_matches(value, sorted(categories), n=1)
    raise BosocError(
        f"{path.name}: line {row}, column `{column.name}`: {text!r} is not a category",
        hint=f"did you mean `{close[0]}`?" if close else "one of: " + ", ".join(sorted(categories)),
    )


def _as_series(
    values: list[Decimal | str | None], column: InputColumn, index: pd.Index
) -> pd.Series:
    if column.kind in ("id", "category"):
        return pd.Series(values, index=index, dtype=object)
    numbers = [v if isinstance(v, Decimal) else None for v in values]
    if column.kind == "year":
        return pd.Series([int(v) for v in numbers if v is not None], index=index, dtype="int64")
    if column.kind == "count":
        return pd.Series(
            [None if v is None else int(v) for v in numbers], index=index, dtype="Int64"
        )
    return pd.Series(
        [float("nan") if v is None else float(v) for v in numbers], index=index, dtype="float64"
    )


def _check_unique(areas: pd.DataFrame, path: Path) -> None:
    first_line: dict[tuple[str, int], int] = {}
    for line, (area, year) in enumerate(zip(areas["area_id"], areas["year"], strict=True), start=2):
        key = (str(area), int(year))
        if key in first_line:
            raise BosocError(
                f"{path.name}: lines {first_line[key]} and {line}: area {area} has two rows "
                f"for year {year}",
                hint="one row per area and list year",
            )
        first_line[key] = line


def read_criteria_csv(
    path: Path, categories: Collection[str] | None = None
) -> tuple[pd.DataFrame, CsvDialect]:
    """The area-level input, parsed: numbers as numbers, blanks as missing.

    Columns keep their order; columns not in `INPUT_COLUMNS` are kept as text.
    `categories`: the category ids a `published_category` may name (with `none`).
    Raises `BosocError` naming line and column of the first bad value.
    """
    raw, dialect = read_raw(path)
    _check_columns(raw, path)
    areas = raw.copy()
    for name in raw.columns:
        if name in BY_NAME:
            column = BY_NAME[name]
            areas[name] = _as_series(
                _parse_column(raw[name], column, path, dialect, categories), column, raw.index
            )
    if areas.empty:
        raise BosocError(f"{path.name}: the file has a header but no rows")
    _check_unique(areas, path)
    _refuse_fractions(areas, path, dialect)
    return areas, dialect


def _fraction_like(values: pd.Series) -> bool:
    """Every value within 0-1 and one above 0: shares written as fractions."""
    given = values.dropna()
    return not given.empty and bool(given.between(0, 1).all()) and bool((given > 0).any())


def _refuse_fractions(areas: pd.DataFrame, path: Path, dialect: CsvDialect) -> None:
    """Refuse a share column whose values all lie within 0-1 (0.452 meant as 45.2 %).

    One such column is refused when it has values in `FRACTION_MIN_ROWS` rows or more; a
    smaller file only when every share column given (at least two) lies within 0-1, as
    one area's real share of non-Western residents may be below 1 %.
    """
    given = [c for c in FRACTION_CHECKED if areas[c].notna().any()]
    fractions = [c for c in given if _fraction_like(areas[c])]
    for name in fractions:
        whole_file = len(given) >= 2 and len(fractions) == len(given)
        if areas[name].notna().sum() >= FRACTION_MIN_ROWS or whole_file:
            position = int(areas[name].notna().to_numpy().argmax())
            value = f"{areas[name].iloc[position]:g}"
            raise BosocError(
                f"{path.name}: column `{name}`: every value lies within 0-1 "
                f"(line {position + 2}: {dialect.written(value)}): "
                "percentages 0-100 are expected",
                hint=dialect.written("write 45.2 for 45.2 %, not the fraction 0.452"),
            )


def read_published_categories(path: Path, categories: Collection[str]) -> pd.DataFrame:
    """The ministry's published lists: area_id, year, published_category per row.

    The file `BOSOC_PUBLISHED_CATEGORIES` (docs/reference/settings.md), in either CSV
    dialect; compute's official categories read it for the consecutive-year rules.
    """
    raw, dialect = read_raw(path)
    for name in ("area_id", "year", "published_category"):
        if name not in raw.columns:
            raise BosocError(
                f"{path.name}: column `{name}` is missing",
                hint="the columns are: area_id, year, published_category",
            )
    table = pd.DataFrame(index=raw.index)
    for name in ("area_id", "year", "published_category"):
        column = BY_NAME[name]
        table[name] = _as_series(
            _parse_column(raw[name], column, path, dialect, categories), column, raw.index
        )
    _check_unique(table, path)
    return table
