"""The hand-written baseline: six indicators in one plain DuckDB query over the store.

`boern_unge_under_18`, `voksne_uden_for_arbejdsmarkedet`, `underretninger_boern_unge`,
`ikke_aktive_laanere`, `sigtede_unge` and `ikke_vestlig_baggrund`, per area (and
`__all__`) and year, written the way an analyst would write them by hand: one pass over
the residents at each 1 January, each register reduced to (person, year) once. It is
what the project's generated SQL is measured against (`make bench`); `check` verifies
that it gives the project's numerators and denominators, so the race is a fair one.

    python bench/baseline.py STORE.duckdb        # time it, and check it
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

from bosocdata.codes import STATUS_SETS
from bosocdata.indicators.schema import western_countries

SIX = (
    "boern_unge_under_18",
    "voksne_uden_for_arbejdsmarkedet",
    "underretninger_boern_unge",
    "ikke_aktive_laanere",
    "sigtede_unge",
    "ikke_vestlig_baggrund",
)


def _in(values: tuple[str, ...] | list[str]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def baseline_sql(first: int, last: int) -> str:
    outside = _in(STATUS_SETS["OUTSIDE"])
    western = _in(sorted(western_countries()))
    return f"""
WITH periods AS (
  SELECT y AS period, make_date(y, 1, 1) AS ref FROM range({first}, {last + 1}) AS t(y)
),
residents AS (
  SELECT p.period, r.pid, COALESCE(a.area_id, '__rest__') AS area_key,
    datesub('year', pe.birth_date, p.ref) AS age,
    pe.origin IN (2, 3) AND (pe.origin_country IS NULL
                             OR pe.origin_country NOT IN {western}) AS nonwestern
  FROM periods AS p
  JOIN residences AS r
    ON r.start_date <= p.ref AND COALESCE(r.end_date, DATE '9999-12-31') > p.ref
  JOIN persons AS pe ON pe.pid = r.pid AND (pe.death_date IS NULL OR pe.death_date > p.ref)
  JOIN addresses AS a ON a.address_id = r.address_id
),
outside AS (
  SELECT DISTINCT p.period, l.pid FROM labour_market AS l JOIN periods AS p
    ON l.start_date <= p.ref AND COALESCE(l.end_date, DATE '9999-12-31') > p.ref
  WHERE l.status IN {outside}
),
notified AS (SELECT DISTINCT year(notification_date) AS period, pid FROM notifications),
borrowed AS (SELECT DISTINCT year(loan_date) AS period, pid FROM library_loans),
charged AS (
  SELECT DISTINCT year(charge_date) AS period, pid FROM crime_charges
  WHERE law IN ('straffeloven', 'euf', 'vaabenloven')
),
flags AS (
  SELECT r.area_key, r.period, r.age, r.nonwestern,
    o.pid IS NOT NULL AS outside, n.pid IS NOT NULL AS notified,
    b.pid IS NULL AS no_loan, c.pid IS NOT NULL AS charged
  FROM residents AS r
  LEFT JOIN outside AS o ON o.pid = r.pid AND o.period = r.period
  LEFT JOIN notified AS n ON n.pid = r.pid AND n.period = r.period
  LEFT JOIN borrowed AS b ON b.pid = r.pid AND b.period = r.period
  LEFT JOIN charged AS c ON c.pid = r.pid AND c.period = r.period
)
SELECT CASE WHEN GROUPING(area_key) = 1 THEN '__all__' ELSE area_key END AS area_id, period,
  count(*) AS residents,
  count(*) FILTER (WHERE age <= 17) AS under_18,
  count(*) FILTER (WHERE age BETWEEN 18 AND 64) AS adults,
  count(*) FILTER (WHERE age BETWEEN 18 AND 64 AND outside) AS adults_outside,
  count(*) FILTER (WHERE age <= 17 AND notified) AS children_notified,
  count(*) FILTER (WHERE no_loan) AS no_loan,
  count(*) FILTER (WHERE age BETWEEN 15 AND 17) AS youth,
  count(*) FILTER (WHERE age BETWEEN 15 AND 17 AND charged) AS youth_charged,
  count(*) FILTER (WHERE nonwestern) AS nonwestern
FROM flags
GROUP BY GROUPING SETS ((area_key, period), (period))
"""


def run(con: duckdb.DuckDBPyConnection, first: int, last: int) -> tuple[pd.DataFrame, float]:
    """The six indicators' counts, and the seconds the query took."""
    started = time.perf_counter()
    counts = con.execute(baseline_sql(first, last)).df()
    return counts, time.perf_counter() - started


def as_indicators(counts: pd.DataFrame) -> pd.DataFrame:
    """(area_id, period, indicator_id, numerator, denominator), as the project's table."""
    pairs = {
        "boern_unge_under_18": ("under_18", "residents"),
        "voksne_uden_for_arbejdsmarkedet": ("adults_outside", "adults"),
        "underretninger_boern_unge": ("children_notified", "under_18"),
        "ikke_aktive_laanere": ("no_loan", "residents"),
        "sigtede_unge": ("youth_charged", "youth"),
        "ikke_vestlig_baggrund": ("nonwestern", "residents"),
    }
    frames = [
        counts[["area_id", "period"]].assign(
            indicator_id=ind, numerator=counts[num], denominator=counts[den]
        )
        for ind, (num, den) in pairs.items()
    ]
    return pd.concat(frames, ignore_index=True)


def check(con: duckdb.DuckDBPyConnection, counts: pd.DataFrame) -> int:
    """Cells where the baseline and the project's stored results disagree (0 = fair)."""
    ours = con.execute(
        "SELECT area_id, period, indicator_id, numerator, denominator FROM indicator_results "
        f"WHERE indicator_id IN {_in(SIX)}"
    ).df()
    merged = ours.merge(as_indicators(counts), on=["area_id", "period", "indicator_id"], how="left")
    same = (merged["numerator_x"] == merged["numerator_y"]) & (
        merged["denominator_x"] == merged["denominator_y"]
    )
    # an area without residents in a year has no row in the baseline, 0/0 in ours
    empty = merged["denominator_y"].isna() & (merged["denominator_x"] == 0)
    return int((~(same | empty)).sum())


def main() -> None:
    store = Path(sys.argv[1])
    con = duckdb.connect(str(store), read_only=True)
    try:
        row = con.execute("SELECT min(period), max(period) FROM indicator_results").fetchone()
        assert row is not None
        counts, seconds = run(con, int(row[0]), int(row[1]))
        print(f"baseline: {seconds:.2f} s, {check(con, counts)} cells differ from the project's")
    finally:
        con.close()


if __name__ == "__main__":
    main()
