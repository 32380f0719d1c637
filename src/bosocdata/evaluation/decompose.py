"""The stayers/movers decomposition of INDICATORS.md, computed in SQL on the person store.

For a person indicator, an area and two periods Y0 < Y1, the persons of the indicator's
population at R0 and at R1 fall in five groups (stayers S, in-movers N, entrants E,
out-movers O, leavers L). The engine counts each group and its numerator per area in
one query (no Python loop over persons); the terms are then formed from those counts:

    p1 - p0 = |S|/P1 (pS1 - pS0) + |N|/P1 (pN1 - pS0) + |E|/P1 (pE1 - pS0)
              - |O|/P0 (pO0 - pS0) - |L|/P0 (pL0 - pS0)

(pS0 taken as p0 where S is empty). `__all__` is the municipality as one area (moving
within it is staying); `__rest__` the addresses in no area.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final

import duckdb
import numpy as np
import pandas as pd

from bosocdata.evaluation.persons_sql import compile_person_rows, is_person_indicator
from bosocdata.indicators.catalogue import Catalogue
from bosocdata.indicators.engines.duckdb import DuckDBEngine
from bosocdata.indicators.frames import ALL, PeriodKind, build_frames, periods_for, periods_sql
from bosocdata.indicators.model import Definition, Unit

#: The groups, in the order of INDICATORS.md, with the period their rate is taken at.
GROUPS: Final = ("stayers", "in_movers", "entrants", "out_movers", "leavers")
#: Estimands of the terms (INTERFACE.md) and of the extra rows beside them.
TERMS: Final = ("change", "stayers_change", "in_movers", "entrants", "out_movers", "leavers")

PERSONS = "bosoc_decompose_persons"


@dataclass(frozen=True)
class Pair:
    """The change from period `before` (Y0) to period `after` (Y1)."""

    before: int
    after: int


def pairs_sql(pairs: list[Pair]) -> str:
    """Group sizes and numerators per pair and area: one row per pair, area, side, group.

    All pairs in one query: the persons at R0 and R1 of every pair are joined to the
    pair's two periods, and each join carries the pair (before, after) in its key.
    """
    values = ", ".join(f"({p.before}, {p.after}, DATE '{dt.date(p.after, 1, 1)}')" for p in pairs)

    def side(source: str, period: str, hit: str) -> str:
        return (
            f"SELECT x.before, x.after, s.pid, s.area_key{hit} FROM {source} AS s "
            f"JOIN pairs AS x ON s.period = x.{period}\n"
            f"  UNION ALL SELECT x.before, x.after, s.pid, '{ALL}'{hit} FROM {source} AS s "
            f"JOIN pairs AS x ON s.period = x.{period}"
        )

    on = "ON {a}.pid = {b}.pid AND {a}.area_key = {b}.area_key AND {a}.before = {b}.before"
    return f"""
WITH pairs AS (
  SELECT * FROM (VALUES {values}) AS t(before, after, r1)
), p0 AS (
  {side(PERSONS, "before", ", s.hit")}
), p1 AS (
  {side(PERSONS, "after", ", s.hit")}
), r0 AS (
  {side("bosoc_residents", "before", "")}
), r1 AS (
  {side("bosoc_residents", "after", "")}
), later AS (
  -- the population at R1: stayers (also in it at R0), in-movers (not resident in the
  -- area at R0, births included), entrants (resident at R0, not in the population then)
  SELECT p1.before, p1.after, p1.area_key, p1.hit,
    CASE WHEN p0.pid IS NOT NULL THEN 'stayers'
         WHEN r0.pid IS NULL THEN 'in_movers' ELSE 'entrants' END AS grp
  FROM p1
  LEFT JOIN p0 {on.format(a="p0", b="p1")} AND p0.after = p1.after
  LEFT JOIN r0 {on.format(a="r0", b="p1")} AND r0.after = p1.after
), earlier AS (
  -- the population at R0: stayers, out-movers (not resident in the area at R1, deaths
  -- included), leavers (resident at R1, no longer in the population)
  SELECT p0.before, p0.after, p0.area_key, p0.hit,
    CASE WHEN p1.pid IS NOT NULL THEN 'stayers'
         WHEN r1.pid IS NULL THEN 'out_movers' ELSE 'leavers' END AS grp,
    CASE WHEN pe.death_date IS NOT NULL AND pe.death_date <= x.r1 THEN 1 ELSE 0 END AS died
  FROM p0
  JOIN pairs AS x ON x.before = p0.before AND x.after = p0.after
  LEFT JOIN p1 {on.format(a="p1", b="p0")} AND p1.after = p0.after
  LEFT JOIN r1 {on.format(a="r1", b="p0")} AND r1.after = p0.after
  JOIN persons AS pe ON pe.pid = p0.pid
)
SELECT before, after, area_key AS area_id, 1 AS side, grp, COUNT(*) AS n, SUM(hit) AS num,
  0 AS died
FROM later GROUP BY before, after, area_key, grp
UNION ALL
SELECT before, after, area_key AS area_id, 0 AS side, grp, COUNT(*) AS n, SUM(hit) AS num,
  SUM(died) AS died
FROM earlier GROUP BY before, after, area_key, grp
"""


def prepare(con: duckdb.DuckDBPyConnection, pairs: list[Pair]) -> DuckDBEngine:
    """The frames of the indicators (periods, residents, ...) for the pairs' periods."""
    engine = DuckDBEngine(con)
    years = sorted({p.before for p in pairs} | {p.after for p in pairs})
    engine.create_frame("bosoc_periods", periods_sql(periods_for(years, PeriodKind.year)))
    build_frames(engine, {})
    return engine


#: Pairs per query: each pair joins two years of persons, so a few at a time keeps the
#: engine's memory bounded at the scale of a large municipality.
PAIRS_PER_QUERY = 3


def group_counts(engine: DuckDBEngine, definition: Definition, pairs: list[Pair]) -> pd.DataFrame:
    """Counts per pair, area, side (0 = Y0, 1 = Y1) and group, from the engine."""
    engine.create_frame(PERSONS, compile_person_rows(definition))
    parts = [
        engine.df(pairs_sql(pairs[i : i + PAIRS_PER_QUERY]))
        for i in range(0, len(pairs), PAIRS_PER_QUERY)
    ]
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return frame.assign(indicator_id=definition.id)


def decompose(
    con: duckdb.DuckDBPyConnection,
    catalogue: Catalogue,
    pairs: Iterable[Pair],
    indicator_ids: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Evaluation-table rows (without disclosure control) for every person indicator."""
    from bosocdata.indicators.compute import present_tables

    tables = present_tables(con)
    wanted = set(indicator_ids) if indicator_ids is not None else None
    pairs = sorted(set(pairs), key=lambda p: (p.before, p.after))
    rows: list[dict[str, Any]] = []
    engine = prepare(con, pairs) if pairs else None
    with engine.session() if engine is not None else _nothing():
        rows += _all_terms(engine, catalogue, pairs, wanted, tables)
    from bosocdata.evaluation.table import evaluation_frame

    return evaluation_frame(rows, {"method": "decompose"})


def _all_terms(
    engine: DuckDBEngine | None,
    catalogue: Catalogue,
    pairs: list[Pair],
    wanted: set[str] | None,
    tables: set[str],
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for definition in catalogue:
        if wanted is not None and definition.id not in wanted:
            continue
        if not is_person_indicator(definition) or not set(definition.registers) <= tables:
            continue
        if engine is None:
            break
        counts = group_counts(engine, definition, pairs)
        rows += terms_rows(counts, definition.unit)
    return rows


@contextlib.contextmanager
def _nothing() -> Iterator[None]:
    yield


def wide_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator, pair and area: n_<group>, num_<group>_<0|1>, deaths."""
    keys = ["indicator_id", "before", "after", "area_id"]
    counts = counts.assign(col=counts["grp"] + "_" + counts["side"].astype(str))
    n = counts[counts["side"] == 0].pivot_table(
        index=keys, columns="grp", values="n", aggfunc="sum"
    )
    n1 = counts[counts["side"] == 1].pivot_table(
        index=keys, columns="grp", values="n", aggfunc="sum"
    )
    num = counts.pivot_table(index=keys, columns="col", values="num", aggfunc="sum")
    died = counts.groupby(keys)["died"].sum()
    out = pd.DataFrame(index=num.index.union(n.index).union(n1.index))
    for group in GROUPS:
        side = 1 if group in ("in_movers", "entrants") else 0
        source = n1 if side == 1 else n
        out[f"n_{group}"] = source[group] if group in source.columns else 0.0
        for s in (0, 1):
            col = f"{group}_{s}"
            out[f"num_{col}"] = num[col] if col in num.columns else 0.0
    out["deaths"] = died
    return out.fillna(0.0).reset_index()


def terms_rows(counts: pd.DataFrame, unit: Unit) -> list[dict[str, Any]]:
    """The terms, group sizes and group rates of INDICATORS.md for every area and pair."""
    if counts.empty:
        return []
    w = wide_counts(counts)
    scale = 100.0 if unit is Unit.pct else 1.0
    n = {g: w[f"n_{g}"].to_numpy(float) for g in GROUPS}
    p0_size = n["stayers"] + n["out_movers"] + n["leavers"]
    p1_size = n["stayers"] + n["in_movers"] + n["entrants"]
    with np.errstate(divide="ignore", invalid="ignore"):
        num0 = w["num_stayers_0"] + w["num_out_movers_0"] + w["num_leavers_0"]
        num1 = w["num_stayers_1"] + w["num_in_movers_1"] + w["num_entrants_1"]
        p0 = num0.to_numpy(float) / p0_size
        p1 = num1.to_numpy(float) / p1_size
        rate = {
            "stayers_before": w["num_stayers_0"].to_numpy(float) / n["stayers"],
            "stayers_after": w["num_stayers_1"].to_numpy(float) / n["stayers"],
            "in_movers": w["num_in_movers_1"].to_numpy(float) / n["in_movers"],
            "entrants": w["num_entrants_1"].to_numpy(float) / n["entrants"],
            "out_movers": w["num_out_movers_0"].to_numpy(float) / n["out_movers"],
            "leavers": w["num_leavers_0"].to_numpy(float) / n["leavers"],
        }
    ps0 = np.where(n["stayers"] > 0, rate["stayers_before"], p0)

    def share(size: np.ndarray, total: np.ndarray, r: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(size > 0, size / total * (r - ps0), 0.0)

    terms = {
        "change": p1 - p0,
        "stayers_change": share(n["stayers"], p1_size, rate["stayers_after"]),
        "in_movers": share(n["in_movers"], p1_size, rate["in_movers"]),
        "entrants": share(n["entrants"], p1_size, rate["entrants"]),
        "out_movers": -share(n["out_movers"], p0_size, rate["out_movers"]),
        "leavers": -share(n["leavers"], p0_size, rate["leavers"]),
    }
    rows: list[dict[str, Any]] = []
    before = w["before"].to_numpy(int)
    after = w["after"].to_numpy(int)
    deaths = w["deaths"].to_numpy(float)
    for i, record in enumerate(w.itertuples(index=False)):
        if p0_size[i] == 0 or p1_size[i] == 0:
            continue  # no population at one of the dates: no change to decompose
        base = {
            "indicator_id": record.indicator_id,
            "area_id": record.area_id,
            "period": int(after[i]),
            "base_period": int(before[i]),
            "n_treated": int(p1_size[i]),
            "n_control": int(p0_size[i]),
        }
        for name, values in terms.items():
            rows.append({**base, "estimand": name, "estimate": float(values[i]) * scale})
        for group in GROUPS:
            rows.append({**base, "estimand": f"n_{group}", "estimate": float(n[group][i])})
        rows.append({**base, "estimand": "n_deaths", "estimate": float(deaths[i])})
        for name, values in rate.items():
            value = float(values[i]) * scale if np.isfinite(values[i]) else None
            rows.append({**base, "estimand": f"rate_{name}", "estimate": value})
    return rows
