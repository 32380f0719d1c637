"""The assessment tables and the population table, read through the per-request views.

The published zone may hold `index`, `categorisation`, `dynamics`, `alerts`,
`priorities`, `contributions`, `criteria` (docs/concepts/assessment.md,
docs/concepts/official-criteria.md) and `population` (residents by age band and sex).
Each is optional: a page leaves out what the file lacks. Every query reads the views
`temp.<table>` of `zone.py`, which hold only the user's areas, and takes every value
as a `?` parameter; table and column names come from fixed lists here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import duckdb

from bosocdata.presentation.zone import AREA_TABLES, VIEWS

CATEGORY_ORDER = ("saerligt_udsat", "udsat", "risiko", "uden_for_risiko", "for_lille", "ukendt")
"""BoSocData's classes, red to green, then the areas that get none."""


def has_table(cur: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether the published file has `table` (its scoped view exists for this cursor)."""
    if table not in AREA_TABLES:
        return False
    found = cur.execute(
        "SELECT count(*) FROM duckdb_views() WHERE temporary AND view_name = ?", [table]
    ).fetchone()
    return bool(found and found[0])


def columns_of(cur: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    description = cur.execute(f'SELECT * FROM {VIEWS}."{table}" LIMIT 0').description
    return [d[0] for d in description or []]


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


TIME_COLUMNS: dict[str, str | None] = {"criteria": "year", "area_groups": None, "evaluation": None}
"""The time column of each optional table (`period` unless named here; None: it has none).
The evaluation's `period` is an event time, a year or empty by estimand: it is exported
whole."""


def rows_of(
    cur: duckdb.DuckDBPyConnection,
    table: str,
    *,
    period: int | None = None,
    area_id: str | None = None,
) -> list[dict[str, Any]]:
    """Rows of an optional table (empty when the file lacks it), NaN read as None.

    `period` filters the table's time column (`year` in `criteria`). One query: a
    missing table is found by the query failing, not by asking the catalogue first."""
    if table not in AREA_TABLES:
        return []
    where: list[str] = []
    params: list[object] = []
    time_column = TIME_COLUMNS.get(table, "period")
    if period is not None and time_column is not None:
        where.append(f'"{time_column}" = ?')
        params.append(period)
    if area_id is not None:
        where.append("area_id = ?")
        params.append(area_id)
    sql = f'SELECT * FROM {VIEWS}."{table}"'
    if where:
        sql += " WHERE " + " AND ".join(where)
    try:
        cursor = cur.execute(sql, params)
    except duckdb.CatalogException:
        return []
    names = [d[0] for d in cursor.description]
    rows = [{k: _clean(v) for k, v in zip(names, row, strict=True)} for row in cursor.fetchall()]
    order = [
        c
        for c in (time_column, "intervention_id", "area_id", "indicator_id", "kind")
        if c is not None
    ]
    rows.sort(key=lambda r: tuple(_sortable(r.get(c)) for c in order))
    return rows


def _sortable(value: Any) -> tuple[bool, str]:
    return (
        value is None,
        "" if value is None else f"{value:>12}" if isinstance(value, int) else str(value),
    )


def index_periods(cur: duckdb.DuckDBPyConnection) -> list[int]:
    if not has_table(cur, "index"):
        return []
    rows = cur.execute(f'SELECT DISTINCT period FROM {VIEWS}."index" ORDER BY period').fetchall()
    return [int(r[0]) for r in rows]


@dataclass(frozen=True)
class AreaAssessment:
    """What the assessment says about one area in one period (None where not published)."""

    index: dict[str, Any] | None
    categorisation: dict[str, Any] | None
    dynamics: dict[str, Any] | None
    priorities: dict[str, Any] | None
    criteria: dict[str, Any] | None
    alerts: list[dict[str, Any]]
    has_contributions: bool
    targets: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return (
            not any(
                (self.index, self.categorisation, self.dynamics, self.priorities, self.criteria)
            )
            and not self.alerts
            and not self.targets
        )


def area_assessment(cur: duckdb.DuckDBPyConnection, area_id: str, period: int) -> AreaAssessment:
    def one(table: str) -> dict[str, Any] | None:
        found = rows_of(cur, table, period=period, area_id=area_id)
        return found[0] if found else None

    return AreaAssessment(
        index=one("index"),
        categorisation=one("categorisation"),
        dynamics=one("dynamics"),
        priorities=one("priorities"),
        criteria=one("criteria"),
        alerts=rows_of(cur, "alerts", period=period, area_id=area_id),
        has_contributions=has_table(cur, "contributions"),
        targets=rows_of(cur, "targets", period=period, area_id=area_id),
    )


@dataclass(frozen=True)
class PopulationBand:
    age_band: str
    women: float | None
    men: float | None
    suppressed: bool


def population(cur: duckdb.DuckDBPyConnection, area_id: str, period: int) -> list[PopulationBand]:
    """Residents by age band and sex, youngest band first; empty without the table.

    Sex is read as `k`/`f`/`kvinde`/`female`/`w` (women) or `m`/`mand`/`male` (men). A
    suppressed cell reads as None, whatever the file holds."""
    rows = rows_of(cur, "population", period=period, area_id=area_id)
    bands: dict[str, dict[str, Any]] = {}
    for row in rows:
        band = str(row.get("age_band"))
        sex = str(row.get("sex") or "").strip().lower()
        key = "women" if sex in {"k", "f", "kvinde", "kvinder", "female", "w", "2"} else "men"
        entry = bands.setdefault(band, {"women": None, "men": None, "suppressed": False})
        hidden = bool(row.get("suppressed"))
        entry[key] = None if hidden or row.get("residents") is None else float(row["residents"])
        entry["suppressed"] = entry["suppressed"] or hidden
    return [
        PopulationBand(b, v["women"], v["men"], v["suppressed"])
        for b, v in sorted(bands.items(), key=lambda kv: _band_start(kv[0]))
    ]


def _band_start(band: str) -> tuple[int, str]:
    digits = ""
    for ch in band:
        if ch.isdigit():
            digits += ch
        elif digits:
            break
    return (int(digits) if digits else 10_000, band)
