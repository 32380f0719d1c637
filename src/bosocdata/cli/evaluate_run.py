"""`bosoc evaluate`: evaluate, keep the secure table, publish the controlled one."""

from __future__ import annotations

import getpass
from pathlib import Path

import typer

from bosocdata.errors import BosocError, NotComputed
from bosocdata.settings import Paths, suppression_k


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
    published zone gets the controlled table as `evaluation`, whatever `zone` says;
    `zone` chooses which of the two `--out` receives and the summary counts.
    """
    from bosocdata.auditlog import record
    from bosocdata.cli.export_files import checked_out_file, write_table
    from bosocdata.evaluation.evaluate import EvaluateRequest, evaluate
    from bosocdata.evaluation.interventions import interventions_frame, read_interventions
    from bosocdata.indicators import load_catalogue
    from bosocdata.publish.zone import replace_published_tables
    from bosocdata.store import open_store

    paths = paths or Paths.from_env()
    suffix = checked_out_file(out, danish=False) if out is not None else None
    if years is not None and years[0] == years[1]:
        raise BosocError("--years needs two different years, e.g. 2019-2024")
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
        published_interventions = interventions_frame(read_interventions(con))
        for name, frame in (
            ("evaluation_results", result.secure),
            ("flows_results", result.flows_secure),
        ):
            con.register("frame", frame)
            con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM frame")
            con.unregister("frame")
    finally:
        con.close()
    if not paths.published.is_file():
        raise NotComputed("the published zone")
    tables = {"evaluation": result.published, "interventions": published_interventions}
    if method in ("decompose", "all") and years is None:
        tables["flows"] = result.flows_published
    replace_published_tables(paths.published, tables)
    chosen = result.table(zone)
    if out is not None and suffix is not None:
        write_table(chosen, out, suffix, danish=False, sheet="evaluation")
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
    return result.warnings


def _actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
