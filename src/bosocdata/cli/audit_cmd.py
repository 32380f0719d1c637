"""`bosoc audit verify | show [--last N]`."""

from __future__ import annotations

import json

import typer

from bosocdata.errors import BosocError
from bosocdata.settings import Paths


class AuditLogTampered(BosocError):
    """`bosoc audit verify` found problems; they are printed one per line before this."""


audit_app = typer.Typer(
    help="The hash-chained audit log (revisionslog): check it and read it.",
    no_args_is_help=True,
)


@audit_app.command()
def verify() -> None:
    """Check every entry's hash, the chain and the end of the log (exit 2 when tampered)."""
    from bosocdata.auditlog import audit_log_path
    from bosocdata.auditlog import verify as verify_log

    paths = Paths.from_env()
    result = verify_log(paths)
    if result.ok:
        noun = "post" if result.entries == 1 else "poster"
        typer.echo(f"Revisionsloggen er i orden: {result.entries} {noun} ({audit_log_path(paths)})")
        return
    for problem in result.problems:
        typer.echo(problem)
    raise AuditLogTampered(
        f"the audit log {audit_log_path(paths)} fails verification: "
        f"{len(result.problems)} problem(s), listed above",
        hint="restore it from the copy shipped to your external log system and find out who "
        "could write to it",
    )


@audit_app.command()
def show(
    last: int = typer.Option(20, "--last", min=1, help="How many of the newest entries."),
) -> None:
    """Print the newest entries, oldest first: number, time (UTC), event, actor, details."""
    from bosocdata.auditlog import read_lines

    for line in read_lines(Paths.from_env(), last=last):
        entry = line.entry
        if entry is None:
            typer.echo(f"{line.number}\t(unreadable line)")
            continue
        details = json.dumps(entry.get("details"), ensure_ascii=False, sort_keys=True)
        typer.echo(
            f"{entry.get('seq')}\t{entry.get('ts')}\t{entry.get('event')}\t"
            f"{entry.get('actor')}\t{details}"
        )


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
