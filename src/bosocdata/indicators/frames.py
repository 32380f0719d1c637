"""The frames every indicator starts from, built once per computation.

- `bosoc_periods`: one row per period (period, year, ref_date R, win_end = end of W,
  prev_ref = R minus one period length).
- `bosoc_address_area`: every address with its area key (`__rest__` when in no area).
- `bosoc_residents`: residents at R of every period, one row per person and period,
  with age at R in completed years, sex, origin and the address lived at.
- `bosoc_households`: dwellings with at least one resident at R, with `moved_out`:
  whether every one of them left the dwelling, alive, before the next R (the block
  `household_moved_out`; computed here, from the same grouping of the residents by
  dwelling that makes the frame, instead of grouping them again in the indicator).

The SQL is DuckDB's dialect. Each function that runs SQL takes a DuckDB connection or
an engine (`engines.base.Engine`), which materialises the frames its own way (DuckDB
temporary tables, so they work on a read-only store; cached Spark temporary views).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

import duckdb

from bosocdata.indicators.engines.base import Engine
from bosocdata.indicators.engines.duckdb import as_engine

ALL = "__all__"
REST = "__rest__"
ALL_NAME = "Hele kommunen"
REST_NAME = "Uden for boligområderne"


class PeriodKind(StrEnum):
    year = "year"
    quarter = "quarter"


@dataclass(frozen=True)
class Period:
    period: int
    year: int
    ref_date: dt.date
    win_end: dt.date
    prev_ref: dt.date


def _add_months(d: dt.date, months: int) -> dt.date:
    index = d.year * 12 + d.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def periods_for(years: list[int], kind: PeriodKind) -> list[Period]:
    """Yearly: period Y, R = 1 January Y. Quarterly: period Y*10+q, R = first day of q."""
    out = []
    for y in sorted(set(years)):
        if kind is PeriodKind.year:
            r = dt.date(y, 1, 1)
            out.append(Period(y, y, r, dt.date(y + 1, 1, 1), dt.date(y - 1, 1, 1)))
        else:
            for q in range(1, 5):
                r = dt.date(y, 3 * q - 2, 1)
                out.append(Period(y * 10 + q, y, r, _add_months(r, 3), _add_months(r, -3)))
    return out


def year_before(period: int, kind: PeriodKind) -> int:
    """The same period one year earlier (Y-1, or the same quarter of Y-1)."""
    return period - 1 if kind is PeriodKind.year else period - 10


# Point-event registers and their date column: their earliest date marks where the
# delivery's extract begins (CPR histories reach further back than the extract).
EVENT_DATES: tuple[tuple[str, str], ...] = (
    ("notifications", "notification_date"),
    ("crime_charges", "charge_date"),
    ("convictions", "verdict_date"),
    ("library_loans", "loan_date"),
    ("incidents", "incident_date"),
    ("evictions", "eviction_date"),
    ("fire_callouts", "callout_date"),
)


def _earliest_event(engine: Engine) -> dt.date | None:
    present = engine.tables()
    selects = [
        f"SELECT MIN({col}) AS d FROM {table}" for table, col in EVENT_DATES if table in present
    ]
    if not selects:
        return None
    rows = engine.rows(f"SELECT MIN(d) FROM ({' UNION ALL '.join(selects)}) AS events")
    return rows[0][0] if rows else None


def default_years(con: Engine | duckdb.DuckDBPyConnection) -> list[int]:
    """Every year Y whose R = 1 January Y lies within the coverage of the delivery.

    A CPR address history reaches back to each person's first move-in, long before the
    period a municipality extracts (people who left before it are not in the delivery),
    so the residences alone would give early years with too few residents. Coverage
    therefore starts with the year of the earliest date in the point-event registers
    (notifications, charges, loans, ...; its window holds that event), or, when none of
    them was delivered, at the first 1 January on or after the earliest residence start.
    It ends with the year of the latest date the residences speak of (the latest start,
    or end - 1 day).
    """
    engine = as_engine(con)
    rows = engine.rows(
        "SELECT MIN(start_date), MAX(GREATEST(start_date, COALESCE(end_date - 1, start_date)))"
        " FROM residences"
    )
    if not rows or rows[0][0] is None:
        return []
    first, last = rows[0]
    first_year = first.year if (first.month, first.day) == (1, 1) else first.year + 1
    earliest_event = _earliest_event(engine)
    if earliest_event is not None:
        first_year = max(first_year, earliest_event.year)
    return list(range(first_year, last.year + 1))


def periods_sql(periods: list[Period]) -> str:
    """The SELECT of the periods frame (no rows for no periods)."""
    values = (
        ", ".join(
            f"({p.period}, {p.year}, DATE '{p.ref_date}', DATE '{p.win_end}', DATE '{p.prev_ref}')"
            for p in periods
        )
        or "(0, 0, DATE '1900-01-01', DATE '1900-01-01', DATE '1900-01-01')"
    )
    return f"SELECT * FROM (VALUES {values}) AS t(period, year, ref_date, win_end, prev_ref)" + (
        "" if periods else " WHERE FALSE"
    )


def build_periods(con: Engine | duckdb.DuckDBPyConnection, periods: list[Period]) -> None:
    as_engine(con).create_frame("bosoc_periods", periods_sql(periods))


ADDRESS_AREA_SQL = f"""
-- block: address areas (area_id NULL = in no area -> '{REST}')
SELECT address_id, COALESCE(area_id, '{REST}') AS area_key FROM addresses
"""

OPEN_END = "DATE '9999-12-31'"

RESIDENTS_SQL = f"""
WITH res AS (
  -- overlapping residences of one person (a data error): a later start ends the earlier
  -- row, so nobody lives at two addresses on one day (same start: lowest address_id wins)
  SELECT pid, address_id, start_date,
    LEAST(COALESCE(end_date, {OPEN_END}),
          COALESCE(LEAD(start_date) OVER (PARTITION BY pid
                                          ORDER BY start_date, address_id DESC), {OPEN_END})
    ) AS end_open
  FROM (SELECT DISTINCT pid, address_id, start_date, end_date FROM residences) AS dedup
)
-- block: residents at R (start_date <= R < end_date or open; no death_date <= R)
SELECT p.period, p.year, p.ref_date, p.win_end, p.prev_ref,
  s.pid, s.address_id,
  CASE WHEN s.end_open = {OPEN_END} THEN NULL ELSE s.end_open END AS res_end,
  COALESCE(a.area_key, '{REST}') AS area_key,
  pe.birth_date, pe.sex, pe.origin, pe.origin_country, pe.death_date,
  -- block: age at R in completed years (a birthday on R counts)
  CAST(year(p.ref_date) - year(pe.birth_date)
    - CASE WHEN month(p.ref_date) * 100 + day(p.ref_date)
              < month(pe.birth_date) * 100 + day(pe.birth_date) THEN 1 ELSE 0 END
    AS INTEGER) AS age
FROM bosoc_periods AS p
JOIN res AS s ON s.start_date <= p.ref_date AND s.end_open > p.ref_date
JOIN persons AS pe ON pe.pid = s.pid
LEFT JOIN bosoc_address_area AS a ON a.address_id = s.address_id
WHERE pe.death_date IS NULL OR pe.death_date > p.ref_date
"""

HOUSEHOLDS_SQL = """
WITH dwellings AS (
  -- block: households at R (dwellings with at least one resident at R)
  SELECT period, address_id, MIN(area_key) AS area_key,
    -- every resident's residence ends in W, alive on its end date
    BOOL_AND(res_end IS NOT NULL AND res_end <= win_end
             AND (death_date IS NULL OR death_date > res_end)) AS all_ended
  FROM bosoc_residents
  GROUP BY period, address_id
),
back_at_next_r AS (
  -- ... and one of them lives at the same address again at the next R
  SELECT DISTINCT x.period, x.address_id
  FROM bosoc_residents AS x
  JOIN residences AS n ON n.pid = x.pid AND n.address_id = x.address_id
    AND n.start_date <= x.win_end AND (n.end_date IS NULL OR n.end_date > x.win_end)
  WHERE x.res_end IS NOT NULL AND x.res_end <= x.win_end
)
SELECT p.period, p.year, p.ref_date, p.win_end, p.prev_ref, d.address_id, d.area_key,
  -- block: household_moved_out (every resident at R left, alive, before the next R)
  d.all_ended AND b.period IS NULL AS moved_out
FROM dwellings AS d
JOIN bosoc_periods AS p ON p.period = d.period
LEFT JOIN back_at_next_r AS b ON b.period = d.period AND b.address_id = d.address_id
"""

FRAMES: dict[str, str] = {
    "bosoc_address_area": ADDRESS_AREA_SQL,
    "bosoc_residents": RESIDENTS_SQL,
    "bosoc_households": HOUSEHOLDS_SQL,
}


FRAME_NEEDS: dict[str, tuple[str, ...]] = {
    "bosoc_residents": ("bosoc_address_area",),
    "bosoc_households": ("bosoc_residents",),
}
"""The frames each frame is built from."""


def frames_for(queries: Iterable[str], also: Iterable[str] = ()) -> set[str]:
    """The frames `queries` read (and those named in `also`), with the frames those are
    built from."""
    texts = list(queries)
    wanted = set(also) | {name for name in FRAMES if any(name in sql for sql in texts)}
    for name in reversed(FRAMES):  # a frame is built from frames listed before it
        if name in wanted:
            wanted.update(FRAME_NEEDS.get(name, ()))
    return wanted


def build_frames(
    con: Engine | duckdb.DuckDBPyConnection,
    timings: dict[str, float],
    needed: Collection[str] | None = None,
) -> None:
    """Build the frames (all, or those `needed`: see `frames_for`) in their order."""
    import time

    engine = as_engine(con)
    for name, sql in FRAMES.items():
        if needed is not None and name not in needed:
            continue
        started = time.perf_counter()
        engine.create_frame(name, sql)
        timings[f"frame:{name}"] = time.perf_counter() - started


def area_keys(con: Engine | duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(area_id, area_name) of every area, then `__all__` and `__rest__`."""
    rows = as_engine(con).rows("SELECT area_id, name FROM areas ORDER BY area_id")
    return [(str(a), str(n)) for a, n in rows] + [(ALL, ALL_NAME), (REST, REST_NAME)]
