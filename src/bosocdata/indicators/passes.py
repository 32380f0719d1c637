"""Which queries a computation runs: as few passes over the frames as the catalogue allows.

Indicators that count among the same population (the same frame and the same
conditions, `compiler.shared_population`) are counted in one query
(`compiler.compile_shared`): the population is read, filtered and grouped once, and
each indicator adds one column. An indicator and its twin (a criterion that differs
only in how its value is shown) compile to the same query and are answered once. A
mean, a count of place events, and a count whose population no other indicator shares
run alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bosocdata.indicators.compiler import compile_shared, shared_columns, shared_population
from bosocdata.indicators.engines.dialects import Dialect
from bosocdata.indicators.engines.portability import sql_problems
from bosocdata.indicators.model import Definition


@dataclass(frozen=True)
class Pass:
    """One query, and the definitions whose rows it gives (`columns[id]`: the numerator
    column of a shared query; None for a query of one indicator's own shape)."""

    sql: str
    columns: dict[str, str | None]

    @property
    def name(self) -> str:
        """How the computation's timings name it: `indicator:ID` or `indicators:ID, ID`."""
        ids = list(self.columns)
        return f"indicator:{ids[0]}" if len(ids) == 1 else f"indicators:{', '.join(ids)}"

    def rows_of(self, answer: pd.DataFrame, definition_id: str) -> pd.DataFrame:
        """The definition's rows (area_id, period, numerator, denominator, sum_sq, top1,
        top2), the shape `compiler.compile_indicator` returns."""
        column = self.columns[definition_id]
        if column is None:
            return answer
        return pd.DataFrame(
            {
                "area_id": answer["area_id"],
                "period": answer["period"],
                "numerator": answer[column],
                "denominator": answer["denominator"],
                "sum_sq": np.nan,
                "top1": np.nan,
                "top2": np.nan,
            }
        )


def plan_passes(
    definitions: list[Definition], queries: dict[str, str], dialect: Dialect
) -> list[Pass]:
    """The passes that answer every definition (`queries`: id -> its own compiled SQL), in
    the order of the definitions' first appearance."""
    by_body: dict[str, list[Definition]] = {}
    for definition in definitions:
        by_body.setdefault(_body(queries[definition.id]), []).append(definition)
    by_population: dict[str | None, list[list[Definition]]] = {}
    for twins in by_body.values():
        key = shared_population(twins[0])
        by_population.setdefault(key, []).append(twins)
    passes: list[Pass] = []
    for key, bodies in by_population.items():
        shared = _shared_pass(bodies, dialect) if key is not None and len(bodies) > 1 else None
        if shared is not None:
            passes.append(shared)
            continue
        passes.extend(Pass(queries[twins[0].id], {d.id: None for d in twins}) for twins in bodies)
    order = {d.id: i for i, d in enumerate(definitions)}
    return sorted(passes, key=lambda p: min(order[i] for i in p.columns))


def _shared_pass(bodies: list[list[Definition]], dialect: Dialect) -> Pass | None:
    sql = compile_shared([twins[0] for twins in bodies])
    if sql is None or sql_problems(sql, dialect):
        return None
    return Pass(sql, {d.id: shared_columns(i) for i, twins in enumerate(bodies) for d in twins})


def _body(sql: str) -> str:
    """An indicator's SQL without its first line, the comment naming the indicator."""
    first, _, rest = sql.partition("\n")
    return rest if first.startswith("-- indicator:") else sql


def run_passes(
    passes: list[Pass],
    run: Callable[[str], pd.DataFrame],
    timings: dict[str, float],
) -> dict[str, pd.DataFrame]:
    """id -> the definition's rows, each pass run once (`run`: the engine's query)."""
    rows: dict[str, pd.DataFrame] = {}
    for one in passes:
        started = time.perf_counter()
        answer = run(one.sql)
        timings[one.name] = time.perf_counter() - started
        for definition_id in one.columns:
            rows[definition_id] = one.rows_of(answer, definition_id)
    return rows
