"""`bosoc evaluate`: evaluate, keep the secure table, publish the controlled one."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bosocdata.errors import BosocError, NotComputed
from bosocdata.settings import Paths, suppression_k

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    from bosocdata.evaluation.evaluate import Evaluation
    from bosocdata.evaluation.interventions import Intervention


def run_evaluate(
    *,
    intervention_id: str | None,
    indicators: list[str],
    method: str,
    years: tuple[int, int] | None,
    zone: str,
    out: Path | None,
    paths: Paths | None = None,
) -> list[str]:
    """Evaluate; store the secure table and publish the disclosure-controlled one.

    The secure table (every number) goes to the store as `evaluation_results`; the
    published zone gets the controlled table as `evaluation`, whatever `zone` says. In
    both, the rows this evaluation recomputed replace their earlier selves and every
    other row stays (`evaluation.stored`). `zone` chooses which of the two `--out`
    receives (the rows computed now), the summary counts and the warnings returned.
    """
    from bosocdata.auditlog import record
    from bosocdata.cli.export_files import checked_out_file, write_table
    from bosocdata.evaluation.evaluate import EvaluateRequest, evaluate
    from bosocdata.evaluation.interventions import read_interventions
    from bosocdata.indicators import load_catalogue
    from bosocdata.store import open_store

    paths = paths or Paths.from_env()
    suffix = checked_out_file(out, danish=False) if out is not None else None
    if years is not None and years[0] == years[1]:
        raise BosocError("--years needs two different years, e.g. 2019-2024")
    if not paths.published.is_file():
        raise NotComputed("the published zone")
    catalogue = load_catalogue()
    request = EvaluateRequest(
        intervention_id=intervention_id,
        indicators=indicators,
        method=method,
        years=years,
        k=suppression_k(),
    )
    con = open_store(paths, read_only=False)
    try:
        result = evaluate(con, catalogue, request)
        _store(con, paths.published, result, read_interventions(con))
    finally:
        con.close()
    chosen = result.table(zone)
    if out is not None and suffix is not None:
        write_table(chosen, out, suffix, danish=False, sheet="evaluation", private=zone == "secure")
    record(  # the evaluation is a computation from the store, logged as one
        paths,
        "compute",
        actor=_actor(),
        details={"command": "evaluate", "method": method, "rows": len(chosen), "zone": zone},
    )
    withheld = int(chosen["suppressed"].sum()) if len(chosen) else 0
    typer.echo(
        f"Evaluerede {len(chosen)} estimater ({zone}); {withheld} skjult af hensyn til "
        "diskretion." + (f" Skrev {out}." if out else "")
    )
    return result.warnings(zone)


def _store(
    con: duckdb.DuckDBPyConnection,
    published: Path,
    result: Evaluation,
    interventions: list[Intervention],
) -> None:
    """Both zones, or neither: the store's tables are replaced in a transaction that is
    committed only once the published zone has been replaced (itself atomically)."""
    from bosocdata.publish.zone import replace_published_tables

    secure, tables = _merged(con, published, result, interventions)
    con.execute("BEGIN TRANSACTION")
    try:
        for name, frame in secure.items():
            con.register("frame", frame)
            con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM frame")
            con.unregister("frame")
        replace_published_tables(published, tables)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _merged(
    con: duckdb.DuckDBPyConnection,
    published: Path,
    result: Evaluation,
    interventions: list[Intervention],
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """The store's tables and the published zone's, each with the recomputed rows
    replaced. Without an `evaluation` table in the published zone (`bosoc compute`
    dropped it: its estimates were of the indicators before), nothing earlier is kept."""
    from bosocdata.evaluation.interventions import interventions_frame
    from bosocdata.evaluation.stored import evaluated, merge_evaluation, merge_flows, stored_table

    old = _published_tables(published)
    fresh = old["evaluation"] is None
    scope = result.scope

    def before(name: str) -> pd.DataFrame | None:
        return None if fresh else stored_table(con, name)

    evaluation = merge_evaluation(old["evaluation"], result.published, scope)
    tables = {
        "evaluation": evaluation,
        "interventions": interventions_frame(evaluated(interventions, evaluation)),
    }
    secure = {
        "evaluation_results": merge_evaluation(before("evaluation_results"), result.secure, scope)
    }
    if scope.flow_years:
        tables["flows"] = merge_flows(old["flows"], result.flows_published, scope)
    if scope.flow_years or fresh:
        secure["flows_results"] = merge_flows(before("flows_results"), result.flows_secure, scope)
    return secure, tables


def _published_tables(published: Path) -> dict[str, pd.DataFrame | None]:
    """The published zone's `evaluation` and `flows` as they are (None: not there)."""
    import duckdb

    from bosocdata.evaluation.stored import stored_table

    zone = duckdb.connect(str(published), read_only=True)
    try:
        return {name: stored_table(zone, name) for name in ("evaluation", "flows")}
    finally:
        zone.close()


def _actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
