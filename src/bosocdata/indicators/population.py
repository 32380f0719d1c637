"""The population table: residents per area, period, age band and sex (a population pyramid).

Residents and their age are those of INDICATORS.md, taken from the very frames every
indicator starts from (`frames.RESIDENTS_SQL`): resident at R = 1 January Y
(start_date <= R < end_date, or an open end; no death_date <= R), age in completed years
at R (a birthday on R counts). One row per area (and `__all__`, `__rest__`), period,
age band and sex, zeros included, so the table always has the same shape.

The age bands are broad on purpose: a pyramid by single years would be mostly cells
under the suppression threshold in a housing area of a few hundred residents. They
follow the ages the indicator catalogue speaks of (0-17 children, 18-64 working age,
65+), split where the life stages differ: pre-school 0-5, school age 6-17, young adults
18-29, 30-49, 50-64 and 65+. Their edges let the published residents counts of the
indicator table (all residents, 0-17, 18-64, 18+) be written as sums of whole bands,
which disclosure control of the population table relies on
(`bosocdata.disclosure.population`).
"""

from __future__ import annotations

from typing import Final

import duckdb
import pandas as pd

from bosocdata.indicators.frames import (
    ALL,
    FRAMES,
    REST,
    PeriodKind,
    build_periods,
    periods_for,
)

#: (label, lowest age, highest age or None for open-ended), youngest first. A resident
#: whose age at R comes out negative (a residence that starts before the birth date, a
#: data error) is counted in the youngest band, so that the bands always add up to all
#: residents.
AGE_BANDS: Final[tuple[tuple[str, int, int | None], ...]] = (
    ("0-5", 0, 5),
    ("6-17", 6, 17),
    ("18-29", 18, 29),
    ("30-49", 30, 49),
    ("50-64", 50, 64),
    ("65+", 65, None),
)
AGE_BAND_LABELS: Final[tuple[str, ...]] = tuple(label for label, _, _ in AGE_BANDS)
SEXES: Final[tuple[str, ...]] = ("M", "F")
COLUMNS: Final[tuple[str, ...]] = ("area_id", "period", "age_band", "sex", "residents")


def _band_case(age: str) -> str:
    """SQL: the age band label of `age` (every age gets exactly one band)."""
    whens = [f"WHEN {age} <= {high} THEN '{label}'" for label, _, high in AGE_BANDS[:-1]]
    return "CASE " + " ".join(whens) + f" ELSE '{AGE_BANDS[-1][0]}' END"


def _values(rows: list[tuple[int, str]], alias: str, columns: str) -> str:
    """SQL: a VALUES list of (label, order) with the given alias and column names."""
    body = ", ".join(f"('{label}', {order})" for order, label in rows)
    return f"(VALUES {body}) AS {alias}({columns})"


POPULATION_SQL: Final = f"""
WITH counted AS (
  -- each area and __rest__, and __all__ (every address) from the same rows
  SELECT CASE WHEN GROUPING(area_key) = 1 THEN '{ALL}' ELSE area_key END AS area_id,
    period, age_band, sex, COUNT(*) AS residents
  FROM (
    SELECT area_key, period, sex, {_band_case("age")} AS age_band FROM bosoc_residents
  ) AS banded
  GROUP BY GROUPING SETS ((area_key, period, age_band, sex), (period, age_band, sex))
),
area_list AS (
  SELECT area_id, 0 AS area_order FROM areas
  UNION ALL SELECT '{ALL}', 1
  UNION ALL SELECT '{REST}', 2
),
grid AS (
  SELECT a.area_id, a.area_order, p.period, b.age_band, b.band_order, s.sex, s.sex_order
  FROM area_list AS a
  CROSS JOIN bosoc_periods AS p
  CROSS JOIN {_values(list(enumerate(AGE_BAND_LABELS)), "b", "age_band, band_order")}
  CROSS JOIN {_values(list(enumerate(SEXES)), "s", "sex, sex_order")}
)
-- every area x period x band x sex, 0 where nobody lives
SELECT g.area_id, CAST(g.period AS BIGINT) AS period, g.age_band, g.sex,
  CAST(COALESCE(c.residents, 0) AS BIGINT) AS residents
FROM grid AS g
LEFT JOIN counted AS c
  ON c.area_id = g.area_id AND c.period = g.period
  AND c.age_band = g.age_band AND c.sex = g.sex
ORDER BY g.period, g.area_order, g.area_id, g.band_order, g.sex_order
"""


def population_table(con: duckdb.DuckDBPyConnection, years: list[int]) -> pd.DataFrame:
    """Residents at 1 January of each year, per area, age band and sex.

    Columns: area_id (every area, `__all__`, `__rest__`), period (the year), age_band
    (`AGE_BAND_LABELS`), sex (`M`/`F`), residents. Every combination is present, with 0
    where nobody lives. Rows come ordered by period, area (areas by id, then `__all__`,
    `__rest__`), band (youngest first) and sex (M, F).

    Uses the temporary frames `bosoc_periods`, `bosoc_address_area` and
    `bosoc_residents` on `con`: those the yearly indicator computation just built when
    they hold these years (and perhaps the year before, for two-year means), else builds
    them (replacing any from an earlier computation),
    so it works on a read-only store connection too.
    """
    periods = periods_for(years, PeriodKind.year)
    if not periods:
        return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in COLUMNS})
    if not _frames_hold(con, [p.period for p in periods]):
        build_periods(con, periods)
        for name in ("bosoc_address_area", "bosoc_residents"):
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {FRAMES[name]}")
    table = con.execute(POPULATION_SQL).df()
    table = table[table["period"].isin([p.period for p in periods])].reset_index(drop=True)
    return table.astype({c: _dtype(c) for c in COLUMNS})[list(COLUMNS)]


def _frames_hold(con: duckdb.DuckDBPyConnection, wanted: list[int]) -> bool:
    """Whether the frames on `con` were built for yearly periods that include `wanted`."""
    present = {
        row[0]
        for row in con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()
    }
    if not {"bosoc_periods", "bosoc_address_area", "bosoc_residents"} <= present:
        return False
    built = [
        row[0] for row in con.execute("SELECT period FROM bosoc_periods ORDER BY 1").fetchall()
    ]
    yearly = all(1000 <= period <= 9999 for period in built)  # quarters are YYYYQ
    return yearly and set(wanted) <= set(built)


def _dtype(column: str) -> str:
    return "int64" if column in ("period", "residents") else "object"
