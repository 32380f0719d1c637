"""Compute the catalogue on a store: the indicator table in long format.

`compute_on` runs on any engine (`engines.base.Engine`); `compute_indicators` is the
DuckDB store connection's entry point, and `engines.spark.compute_indicators_spark`
Spark's. Only the per-area aggregates of each indicator leave the engine; completing
them (every area and period, `value`) is the same pandas code for every engine.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from bosocdata.indicators.catalogue import Catalogue
from bosocdata.indicators.engines.base import Engine
from bosocdata.indicators.engines.duckdb import DuckDBEngine, store_tables
from bosocdata.indicators.engines.portability import check_catalogue
from bosocdata.indicators.frames import (
    PeriodKind,
    area_keys,
    build_frames,
    default_years,
    frames_for,
    periods_for,
    periods_sql,
    year_before,
)
from bosocdata.indicators.model import Definition, Reference, Unit
from bosocdata.indicators.passes import plan_passes, run_passes

COLUMNS = [
    "area_id",
    "area_name",
    "period",
    "indicator_id",
    "unit",
    "direction",
    "numerator",
    "denominator",
    "sum_sq",
    "value",
    "ci_low",
    "ci_high",
    "top1",
    "top2",
]
"""`top1`, `top2`: the largest contribution to a sum and the sum of the two largest, for
disclosure control's dominance rule; secure zone only (the published zone's columns are
a list of their own, publish/columns.py)."""


@dataclass
class ComputeResult:
    table: pd.DataFrame
    not_available: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    periods: list[int] = field(default_factory=list)


def present_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return store_tables(con)


def _missing_reason(definition: Definition, tables: set[str]) -> str | None:
    missing = sorted(set(definition.registers) - tables)
    if not missing:
        return None
    return "register not delivered: " + ", ".join(missing)


def compute_indicators(
    con: duckdb.DuckDBPyConnection,
    catalogue: Catalogue,
    years: list[int] | None = None,
    period: str = "year",
) -> ComputeResult:
    """Every indicator of `catalogue` for every area and period of `years`.

    `years` defaults to `frames.default_years`. `period="quarter"` gives quarterly
    periods (period = Y*10 + q). An indicator whose register is absent has no rows and
    is listed in `not_available`.
    """
    return compute_on(DuckDBEngine(con), catalogue, years, PeriodKind(period))


def compute_on(
    engine: Engine,
    catalogue: Catalogue,
    years: list[int] | None,
    kind: PeriodKind,
) -> ComputeResult:
    """`compute_indicators` on any engine, with its session settings in force.

    Every available indicator is compiled and checked for the engine before anything
    runs, so one the engine cannot run stops the computation at once
    (`engines.portability.NotPortable`, naming the indicator and the block).
    """
    with engine.session():
        return _compute(engine, catalogue, years, kind)


def _compute(
    engine: Engine,
    catalogue: Catalogue,
    years: list[int] | None,
    kind: PeriodKind,
) -> ComputeResult:
    timings: dict[str, float] = {}
    tables = engine.tables()
    not_available: dict[str, str] = {}
    for definition in catalogue:
        reason = _missing_reason(definition, tables)
        if reason is not None:
            not_available[definition.id] = reason
    queries = check_catalogue([d for d in catalogue if d.id not in not_available], engine.dialect)
    wanted_years = sorted(set(years)) if years is not None else default_years(engine)
    wanted = periods_for(wanted_years, kind)
    wanted_ids = [p.period for p in wanted]
    needs_year_before = any(d.value is not None and d.value.two_year_mean for d in catalogue)
    all_years = set(wanted_years) | ({y - 1 for y in wanted_years} if needs_year_before else set())
    started = time.perf_counter()
    engine.create_frame("bosoc_periods", periods_sql(periods_for(sorted(all_years), kind)))
    timings["frame:bosoc_periods"] = time.perf_counter() - started
    # The population table (indicators/population.py) reads the residents frame too.
    build_frames(engine, timings, frames_for(queries.values(), also=["bosoc_residents"]))
    keys = area_keys(engine)
    all_periods = [p.period for p in periods_for(sorted(all_years), kind)]
    grid = pd.DataFrame(
        [(a, n, p) for a, n in keys for p in all_periods],
        columns=["area_id", "area_name", "period"],
    )
    references = _reference_values(engine, tables)
    available = [d for d in catalogue if d.id not in not_available]
    passes = plan_passes(available, queries, engine.dialect)
    rows = run_passes(passes, engine.df, timings)
    parts = [_complete(d, rows[d.id], grid, references, kind) for d in available]
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)
    table = table[table["period"].isin(wanted_ids)].reset_index(drop=True)
    table["period"] = table["period"].astype("int64")
    return ComputeResult(table[COLUMNS], not_available, timings, wanted_ids)


def _reference_values(engine: Engine, tables: set[str]) -> pd.DataFrame:
    if "reference_values" not in tables:
        return pd.DataFrame(columns=["year", "key", "value"])
    return engine.df("SELECT year, key, value FROM reference_values")


def _complete(
    definition: Definition,
    raw: pd.DataFrame,
    grid: pd.DataFrame,
    references: pd.DataFrame,
    kind: PeriodKind,
) -> pd.DataFrame:
    """Every area for every period (0 where nothing was counted), plus `value`."""
    out = grid.merge(raw, on=["area_id", "period"], how="left")
    out["numerator"] = out["numerator"].fillna(0.0).astype(float)
    out["denominator"] = out["denominator"].fillna(0.0).astype(float)
    if definition.unit is Unit.dkk or definition.numerator.mean_of is not None:
        out["sum_sq"] = out["sum_sq"].fillna(0.0).astype(float)
    else:
        out["sum_sq"] = np.nan
    out["indicator_id"] = definition.id
    out["unit"] = definition.unit.value
    out["direction"] = definition.direction.value
    out["value"] = _value(definition, out, references, kind)
    out["ci_low"] = np.nan
    out["ci_high"] = np.nan
    return out[COLUMNS]


def _value(
    definition: Definition, out: pd.DataFrame, references: pd.DataFrame, kind: PeriodKind
) -> pd.Series:
    rule = definition.value
    if rule is None:
        return pd.Series(np.nan, index=out.index)
    with np.errstate(divide="ignore", invalid="ignore"):
        base = out["numerator"] / out["denominator"].where(out["denominator"] > 0)
    if rule.base == "pct":
        base = base * 100.0
    frame = out[["area_id", "period"]].assign(base=base)
    if rule.two_year_mean:
        before = frame.assign(period=[year_before(p, kind) for p in frame["period"]])
        previous = frame.rename(columns={"base": "base_before"})
        frame = before.merge(previous, on=["area_id", "period"], how="left")
        frame["period"] = out["period"].to_numpy()
        frame["base"] = (frame["base"] + frame["base_before"]) / 2.0
    value = frame["base"].to_numpy(dtype=float)
    if rule.reference is not None:
        value = value / _reference_for(rule.reference, out["period"], references, kind)
    return pd.Series(value * rule.multiply_by, index=out.index)


def _reference_for(
    reference: Reference, periods: pd.Series, references: pd.DataFrame, kind: PeriodKind
) -> np.ndarray:
    """The reference value for each period (NaN where the register has none)."""
    by_year = references[references["key"] == reference.key].groupby("year")["value"].mean()
    years = (
        np.array([p if kind is PeriodKind.year else p // 10 for p in periods])
        + reference.year_offset
    )
    current = by_year.reindex(years).to_numpy(dtype=float)
    if reference.two_year_mean:
        current = (current + by_year.reindex(years - 1).to_numpy(dtype=float)) / 2.0
    return current
