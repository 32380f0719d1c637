"""The `bosoc` application: registers each command module and maps errors to exit codes.

Exit codes (docs/reference/cli.md): 0 done, 1 done with warnings worth reading, 2 refused
(a `BosocError` or a bad command line: one line, no traceback), 3 a bug (one line naming
the log file that holds the traceback).
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from bosocdata.auditlog.entries import mask_cpr_like
from bosocdata.cli import (
    alerts_cmd,
    audit_cmd,
    audit_disclosure_cmd,
    compute_cmd,
    criteria_cmd,
    demo_cmd,
    evaluate_cmd,
    exits,
    export_cmd,
    indicators_cmd,
    ingest_cmd,
    rekey_cmd,
    report_cmd,
    serve_cmd,
    snapshots_cmd,
    synth_cmd,
    trace_cmd,
    users_cmd,
)
from bosocdata.cli.entry import INTERRUPTED, interrupted
from bosocdata.errors import BosocError
from bosocdata.settings import Paths

app = typer.Typer(
    name="bosoc",
    help="BoSocData: følg de udsatte boligområder år for år (monitor vulnerable housing areas).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (
    synth_cmd,
    ingest_cmd,
    compute_cmd,
    export_cmd,
    criteria_cmd,
    serve_cmd,
    demo_cmd,
    indicators_cmd,
    users_cmd,
    audit_cmd,
    alerts_cmd,
    trace_cmd,
    report_cmd,
    audit_disclosure_cmd,
    rekey_cmd,
    evaluate_cmd,
    snapshots_cmd,
):
    module.register(app)

_err = Console(stderr=True)


def run() -> None:
    """Entry point of `bosoc` and `python -m bosocdata`: maps every ending to its exit code.

    `standalone_mode=False` lets the errors through to here (cli/exits.py says how
    each ends); Typer's own handling would print tracebacks and exit 1.
    """
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    try:
        check_home()
        warn_if_key_in_home()
        code = app(standalone_mode=False, prog_name="bosoc")
    except BosocError as error:
        # a message may quote a path or value holding a CPR number: never shown whole
        _err.print(
            f"[bold red]Fejl:[/] {mask_cpr_like(str(error))}", highlight=False, soft_wrap=True
        )
        exits.log_refusal(error, command)
        sys.exit(error.exit_code)
    except SystemExit:
        raise
    except (typer.Abort, KeyboardInterrupt):
        interrupted()
    except exits.USAGE_ERRORS as error:
        exits.usage_error(error)
    except Exception as error:
        if exits.is_interruption(error):
            interrupted()
        exits.internal_error(error, command)
    if code == INTERRUPTED:  # Typer's own ending of a Ctrl-C inside a command
        interrupted()
    if isinstance(code, int) and code:
        sys.exit(code)


def check_home() -> None:
    """`$BOSOC_HOME` must be a folder, or not yet exist (it is made when needed)."""
    home = Paths.from_env().home
    blocking = next((p for p in (home, *home.parents) if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        where = f"{home}" if blocking == home else f"is {home}, but {blocking}"
        raise BosocError(
            f"BOSOC_HOME {where} is a file, not a folder",
            hint="set BOSOC_HOME to a folder (it is made when missing)",
        )


def warn_if_key_in_home() -> None:
    """One line on stderr when the pseudonymisation key sits inside `$BOSOC_HOME`: every
    backup or copy of the data then carries the key that reverses its pseudonyms."""
    paths = Paths.from_env()
    if paths.key_inside_home:
        _err.print(
            f"[bold yellow]Advarsel:[/] nøglen til pseudonymiseringen ligger i datamappen "
            f"({paths.key_file}), så enhver kopi af data bærer nøglen med (the key is inside "
            "$BOSOC_HOME) (hint: move it out of the folder and set BOSOC_KEY_FILE to its "
            "new place; see docs/concepts/pseudonymisation.md)",
            highlight=False,
            soft_wrap=True,
            emoji=False,
        )
