"""The questions the pages ask the published zone, as parameterised SQL.

Every query reads the per-request views `temp.<table>` (see `zone.py`), never the
attached tables: the views hold only the areas the user may see.

Every value reaches SQL as a `?` parameter. The only names put into SQL text are column
names read from the table's own schema, quoted.

Defence in depth: the publisher already empties a suppressed cell, but the web reads
it through `_cell_select`, which empties every number of a row marked `suppressed`
again, so a hidden value can never reach a page or the JSON API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from bosocdata.presentation.featured import residents_indicator
from bosocdata.presentation.zone import VIEWS

ALL_ID = "__all__"
REST_ID = "__rest__"
RESIDENTS_INDICATOR = residents_indicator()  # every resident is in its denominator

# Columns a suppressed row keeps: they say what the cell is, not what it holds.
KEPT_WHEN_SUPPRESSED = frozenset(
    {
        "area_id",
        "area_name",
        "period",
        "indicator_id",
        "unit",
        "benchmark",
        "suppressed",
        "direction",
    }
)


@dataclass(frozen=True)
class Area:
    area_id: str
    name: str
    housing_organisation: str | None
    district: str | None
    geometry: str | None


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    name_da: str
    name_en: str
    description_da: str | None
    description_en: str | None
    unit: str | None
    direction: str | None
    theme: str | None
    sentence_da: str | None
    source: str | None = None

    def name(self, language: str) -> str:
        """The name in `language` (Danish when there is no English one)."""
        return (self.name_en if language == "en" and self.name_en else self.name_da) or (
            self.indicator_id
        )

    def description(self, language: str) -> str | None:
        if language == "en" and self.description_en:
            return self.description_en
        return self.description_da


@dataclass(frozen=True)
class Cell:
    """One published row of the indicator table (numbers None when suppressed)."""

    area_id: str
    period: int
    indicator_id: str
    unit: str | None
    numerator: float | None
    denominator: float | None
    value: float | None
    ci_low: float | None
    ci_high: float | None
    benchmark: float | None
    comparison: str | None
    suppressed: bool
    direction: str | None
    trend: Any


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_columns(cur: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    description = cur.execute(f"SELECT * FROM {VIEWS}.{table} LIMIT 0").description
    return [d[0] for d in description or []]


def _cell_select(columns: list[str]) -> str:
    """SELECT list of the indicator table with suppressed cells emptied."""
    parts = []
    for c in columns:
        if c in KEPT_WHEN_SUPPRESSED:
            parts.append(_q(c))
        else:
            parts.append(
                f"CASE WHEN coalesce(suppressed, false) THEN NULL ELSE {_q(c)} END AS {_q(c)}"
            )
    return ", ".join(parts)


def periods(cur: duckdb.DuckDBPyConnection) -> list[int]:
    rows = cur.execute(
        f"SELECT DISTINCT period FROM {VIEWS}.indicator_table ORDER BY period"
    ).fetchall()
    return [int(r[0]) for r in rows]


def meta(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return {
        str(k): str(v) for k, v in cur.execute(f"SELECT key, value FROM {VIEWS}.meta").fetchall()
    }


def areas(cur: duckdb.DuckDBPyConnection) -> dict[str, Area]:
    columns = set(table_columns(cur, "areas"))
    optional = [
        c if c in columns else f"NULL AS {c}"
        for c in ("housing_organisation", "district", "geometry")
    ]
    rows = cur.execute(f"SELECT area_id, name, {', '.join(optional)} FROM {VIEWS}.areas").fetchall()
    return {r[0]: Area(r[0], r[1], r[2], r[3], r[4]) for r in rows}


def indicators(cur: duckdb.DuckDBPyConnection) -> dict[str, Indicator]:
    fields = (
        "indicator_id",
        "name_da",
        "name_en",
        "description_da",
        "description_en",
        "unit",
        "direction",
        "theme",
        "sentence_da",
        "source",
    )
    columns = set(table_columns(cur, "indicators"))
    select = ", ".join(_q(f) if f in columns else f"NULL AS {f}" for f in fields)
    rows = cur.execute(
        f"SELECT {select} FROM {VIEWS}.indicators ORDER BY theme NULLS LAST, indicator_id"
    ).fetchall()
    return {r[0]: Indicator(*r) for r in rows}


def published_rows(
    cur: duckdb.DuckDBPyConnection,
    *,
    period: int | None = None,
    area_id: str | None = None,
    indicator_id: str | None = None,
) -> list[dict[str, Any]]:
    """Rows of the indicator table, as dicts of every published column."""
    columns = table_columns(cur, "indicator_table")
    where, params = [], []
    for column, value in (("period", period), ("area_id", area_id), ("indicator_id", indicator_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    sql = f"SELECT {_cell_select(columns)} FROM {VIEWS}.indicator_table"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY period, area_id, indicator_id"
    cursor = cur.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def cells(
    cur: duckdb.DuckDBPyConnection,
    *,
    period: int | None = None,
    area_id: str | None = None,
    indicator_id: str | None = None,
) -> list[Cell]:
    rows = published_rows(cur, period=period, area_id=area_id, indicator_id=indicator_id)
    return [_cell(r) for r in rows]


def _cell(row: dict[str, Any]) -> Cell:
    def num(name: str) -> float | None:
        v = row.get(name)
        return None if v is None or v != v else float(v)  # NULL and NaN: no number

    return Cell(
        area_id=row["area_id"],
        period=int(row["period"]),
        indicator_id=row["indicator_id"],
        unit=row.get("unit"),
        numerator=num("numerator"),
        denominator=num("denominator"),
        value=num("value"),
        ci_low=num("ci_low"),
        ci_high=num("ci_high"),
        benchmark=num("benchmark"),
        comparison=row.get("comparison"),
        suppressed=bool(row.get("suppressed")),
        direction=row.get("direction"),
        trend=row.get("trend"),
    )
