"""The assessment's published tables as a report prints them: cut to the year (and the
area on its page), numbers in the language's format."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from bosocdata.presentation.numbers import MISSING, format_count, format_number
from bosocdata.presentation.read_model import ExtraTable
from bosocdata.presentation.vocabulary import Vocabulary


@dataclass(frozen=True)
class ShownTable:
    title: str
    columns: list[str]
    rows: list[list[str]]


_SKIPPED_COLUMNS = frozenset({"area_id", "area_name", "period", "year"})


def shown_tables(
    tables: list[ExtraTable],
    year: int,
    labels: Vocabulary,
    names: dict[str, str],
    *,
    area_id: str | None = None,
) -> list[ShownTable]:
    """The assessment's published tables, cut to the year (and the area, on its page).

    Their columns are not fixed yet: every column is shown under its own name, numbers
    in the language's format; in the yearly overview the area's name leads each row.
    """
    shown = []
    for table in tables:
        shown_table = _shown_table(table, year, labels, names, area_id)
        if shown_table is not None:
            shown.append(shown_table)
    return shown


def _shown_table(
    table: ExtraTable, year: int, labels: Vocabulary, names: dict[str, str], area_id: str | None
) -> ShownTable | None:
    columns = list(table.columns)
    rows = list(table.rows)
    for time_column in ("period", "year"):
        if time_column in columns:
            at = columns.index(time_column)
            rows = [r for r in rows if r[at] is not None and int(r[at]) == year]
    area_at = columns.index("area_id") if "area_id" in columns else None
    if area_at is not None and area_id is not None:
        rows = [r for r in rows if r[area_at] == area_id]
    if not rows:
        return None
    keep = [i for i, c in enumerate(columns) if c not in _SKIPPED_COLUMNS]
    lead_area = area_at is not None and area_id is None
    header = ([labels("area")] if lead_area else []) + [columns[i] for i in keep]
    body = []
    for row in rows:
        lead = (
            [names.get(row[area_at], str(row[area_at]))]
            if lead_area and area_at is not None
            else []
        )
        body.append(lead + [format_any(row[i], labels) for i in keep])
    title_key = f"table_{table.name}"
    title = labels(title_key) if title_key in _TABLE_TITLES else table.name
    return ShownTable(title, header, body)


_TABLE_TITLES = frozenset({"table_categorisation", "table_index"})


def format_any(x: Any, labels: Vocabulary) -> str:
    """A value of an assessment table as text: numbers in the language's format."""
    lang = labels.language
    if x is None:
        return MISSING
    if isinstance(x, bool):
        return labels("yes" if x else "no")
    if isinstance(x, int):
        return format_count(x, lang)
    if isinstance(x, float):
        return MISSING if math.isnan(x) else format_number(x, 1, lang)
    return str(x)
