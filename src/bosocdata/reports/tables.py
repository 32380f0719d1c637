"""The assessment as a report prints it: one table of index, rank and category.

The published `index` and `categorisation` tables hold working columns (`n_scored`,
`normalisation`, codes such as `saerligt_udsat`) that a board member cannot read. A
report shows only what the web's area profile shows, in the vocabulary's words: the
index, the rank with its interval in words, and the category.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from bosocdata.presentation.numbers import MISSING, format_count, format_number
from bosocdata.presentation.ranking import rank_in_words
from bosocdata.presentation.read_model import ExtraTable
from bosocdata.presentation.vocabulary import Vocabulary


@dataclass(frozen=True)
class ShownTable:
    title: str
    columns: list[str]
    rows: list[list[str]]


def _records(tables: list[ExtraTable], name: str, year: int) -> dict[str, dict[str, Any]]:
    """The rows of table `name` for `year`, by area id."""
    for table in tables:
        if table.name != name or "area_id" not in table.columns:
            continue
        found: dict[str, dict[str, Any]] = {}
        for values in table.rows:
            row = dict(zip(table.columns, values, strict=True))
            period = row.get("period", row.get("year"))
            if period is not None and int(period) != year:
                continue
            found[str(row["area_id"])] = row
        return found
    return {}


def _ok(x: Any) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def rank_text(row: dict[str, Any] | None, labels: Vocabulary) -> str:
    """ "nr. 2 af 22, blandt de 3 mest udsatte", or "ikke rangeret"."""
    if row is None or not _ok(row.get("rank")):
        return labels("not_ranked") if row is not None else MISSING
    lang = labels.language
    return labels(
        "rank_text",
        rank=format_count(row["rank"], lang),
        n=format_count(row.get("n_ranked"), lang),
        words=rank_in_words(row.get("rank_low"), row.get("rank_high"), row.get("n_ranked"), lang),
    )


def category_text(row: dict[str, Any] | None, labels: Vocabulary) -> str:
    if row is None:
        return MISSING
    category = str(row.get("category") or "ukendt")
    return labels.maybe("cat_" + category, labels("cat_ukendt"))


def shown_tables(
    tables: list[ExtraTable],
    year: int,
    labels: Vocabulary,
    names: dict[str, str],
    *,
    area_id: str | None = None,
) -> list[ShownTable]:
    """The assessment for `year`: every area in `names`' order (the yearly overview),
    or the one area `area_id` (its page); empty when nothing was published."""
    index = _records(tables, "index", year)
    categories = _records(tables, "categorisation", year)
    areas = [area_id] if area_id is not None else list(names)
    areas = [a for a in areas if a in index or a in categories]
    if not areas:
        return []
    lang = labels.language
    columns = [labels("index_name"), labels("rank"), labels("category")]
    rows = []
    for a in areas:
        row = index.get(a)
        value = row.get("index") if row is not None else None
        shown = [
            format_number(float(value), 2, lang) if value is not None and _ok(value) else MISSING,
            rank_text(row, labels),
            category_text(categories.get(a), labels),
        ]
        rows.append(shown if area_id is not None else [names.get(a, a), *shown])
    if area_id is None:
        columns = [labels("area"), *columns]
    return [ShownTable(labels("assessment_heading"), columns, rows)]
