"""A partial `bosoc evaluate` replaces only the rows it recomputed.

`bosoc evaluate IND02 --method synth` recomputes IND02's synthetic controls of its
indicators and nothing else: the stored tables (the secure `evaluation_results` and
`flows_results`, the published `evaluation` and `flows`) keep every other row, and
lose the recomputed slice, which the new rows take the place of. The slice is `Scope`:

- `did`, `synth`: the (intervention, method, indicator) triples evaluated; rows of an
  intervention no longer in the register go too (they belong to nothing).
- `decompose`: its indicators (all, unless `--indicator`) x the pairs of periods.
- flows: the same indicators x the years of the consecutive pairs computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from bosocdata.evaluation.interventions import Intervention

#: did and synth rows are keyed by intervention, method and indicator.
Triple = tuple[str, str, str]


@dataclass
class Scope:
    """What an evaluation recomputed. `indicators` None: every indicator."""

    triples: set[Triple] = field(default_factory=set)
    interventions: set[str] = field(default_factory=set)
    indicators: set[str] | None = None
    pairs: set[tuple[int, int]] = field(default_factory=set)
    flow_years: set[int] = field(default_factory=set)


def stored_table(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame | None:
    """The table `name` of the database, or None when there is none."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ? "
        "AND table_schema = 'main' AND table_catalog = current_database()",
        [name],
    ).fetchone()
    if not found or not found[0]:
        return None
    return con.execute(f'SELECT * FROM "{name}"').df()


def merge_evaluation(old: pd.DataFrame | None, new: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The stored evaluation table with the recomputed slice replaced by `new`."""
    if old is None or old.empty:
        return new
    return _stack(old[~_recomputed(old, scope)], new)


def merge_flows(old: pd.DataFrame | None, new: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The stored flows with the recomputed indicators and years replaced by `new`."""
    if old is None or old.empty:
        return new
    redone = _year(old["period"]).isin(list(scope.flow_years)) & _of(old, scope.indicators)
    return _stack(old[~redone], new)


def _recomputed(table: pd.DataFrame, scope: Scope) -> pd.Series:
    method = _text(table["method"])
    intervention = _text(table["intervention_id"])
    estimated = method.isin(["did", "synth"])
    gone = estimated & ~intervention.isin(list(scope.interventions))
    triples = zip(intervention, method, _text(table["indicator_id"]), strict=True)
    redone = pd.Series([t in scope.triples for t in triples], index=table.index)
    pairs = zip(_year(table["base_period"]), _year(table["period"]), strict=True)
    in_pairs = pd.Series([p in scope.pairs for p in pairs], index=table.index)
    decomposed = (method == "decompose") & in_pairs & _of(table, scope.indicators)
    return (gone | (estimated & redone) | decomposed).astype(bool)


def _text(column: pd.Series) -> pd.Series:
    """Plain str values ('' for missing): compared and hashed without pd.NA."""
    return column.astype(object).where(column.notna(), "").astype(str)


def _year(column: pd.Series) -> pd.Series:
    return pd.to_numeric(column, errors="coerce").fillna(-1).astype("int64")


def _of(table: pd.DataFrame, indicators: set[str] | None) -> pd.Series:
    if indicators is None:
        return pd.Series(True, index=table.index)
    return _text(table["indicator_id"]).isin(list(indicators))


def _stack(kept: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """`kept` then `new`, in the columns and types of `new` (as it is written now)."""
    if kept.empty:
        return new
    if new.empty and len(new.columns) == 0:
        return kept.reset_index(drop=True)
    kept = kept.reindex(columns=new.columns)
    if new.empty:
        return kept.reset_index(drop=True)
    kept = kept.astype(new.dtypes.to_dict())
    return pd.concat([kept, new], ignore_index=True)


def evaluated(interventions: list[Intervention], evaluation: pd.DataFrame) -> list[Intervention]:
    """The interventions with a row in the evaluation table: those the published zone
    lists (an intervention without one has no page and no report)."""
    found = set(_text(evaluation["intervention_id"])) if len(evaluation) else set()
    return [i for i in interventions if i.intervention_id in found]
