"""How a failed command ends: one line on the screen and an exit code.

The exit codes of the command reference (docs/reference/cli.md): 0 done, 1 done with
warnings worth reading, 2 refused (bad input or bad arguments), 3 a bug. Nobody reads a
traceback on the screen: a usage error says what was wrong and where the help is; a bug
says which log file holds the traceback. 1 is never used for a failure, since scripts
read it as "done".
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import NoReturn

import click
import typer
from rich.console import Console

from bosocdata.auditlog.entries import mask_cpr_like

REFUSED = 2
INTERNAL_ERROR = 3


def is_interruption(error: BaseException) -> bool:
    """Ctrl-C as DuckDB reports it: it stops the running query and raises its own error
    (`InterruptException`, or a RuntimeError "Query interrupted" from a fetch) instead of
    KeyboardInterrupt. Not a bug: the store is written in transactions."""
    import duckdb

    if isinstance(error, duckdb.InterruptException):
        return True
    return isinstance(error, RuntimeError) and "interrupted" in str(error).lower()


USAGE_ERRORS: tuple[type[Exception], ...] = (typer.TyperException, click.ClickException)
"""What the argument parser raises: Typer 0.29 has click's exceptions in a copy of its
own (`typer._click`), all subclasses of `typer.TyperException`; click's own are kept
for a Typer that goes back to click."""

_err = Console(stderr=True)


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def usage_error(error: Exception) -> NoReturn:
    """A command line the parser did not accept: one line with a hint, exit 2.

    `bosoc` or `bosoc users` alone (no command) shows the help instead, as asked.
    """
    ctx = getattr(error, "ctx", None)
    path = getattr(ctx, "command_path", None) or "bosoc"
    if type(error).__name__ == "NoArgsIsHelpError" and hasattr(error, "show"):
        error.show()
        sys.exit(REFUSED)
    format_message = getattr(error, "format_message", None)
    message = one_line(format_message() if callable(format_message) else str(error))
    message = mask_cpr_like(message)  # the parser quotes what was typed
    _err.print(
        f"[bold red]Fejl:[/] {message} (hint: se `{path} --help`)",
        highlight=False,
        soft_wrap=True,
        markup=True,
        emoji=False,
    )
    sys.exit(REFUSED)


def internal_error(error: BaseException, command: str) -> NoReturn:
    """A bug: the traceback goes to the log file, the screen gets one line naming it."""
    log_file = write_traceback(error, command)
    what = type(error).__name__
    if log_file is not None:
        where = f"detaljerne står i {log_file}"
        ask = (
            "send venligst logfilens sidste linjer til systemets ansvarlige "
            "(an internal error: the log file holds the traceback)"
        )
    else:
        where = "detaljerne kunne ikke skrives til loggen ($BOSOC_HOME/logs/bosoc.log)"
        ask = (
            "kør kommandoen igen med en skrivbar $BOSOC_HOME, og send loggen til systemets "
            "ansvarlige (an internal error; the traceback could not be logged either)"
        )
    _err.print(
        f"[bold red]Intern fejl ({what}) i `bosoc {command}`:[/] {where}. "
        f"Det er en fejl i BoSocData; {ask}.",
        highlight=False,
        soft_wrap=True,
        markup=True,
        emoji=False,
    )
    sys.exit(INTERNAL_ERROR)


def log_refusal(error: BaseException, command: str) -> None:
    """A refusal in the operational log too (the audit log has ingest's), where the
    person on duty looks first; only into a home that exists: a refused first command
    makes none."""
    try:
        from bosocdata.logs import get_logger
        from bosocdata.settings import Paths

        paths = Paths.from_env()
        if paths.home.is_dir():
            get_logger(paths).warning("refused `bosoc %s`: %s", command, one_line(str(error)))
    except Exception:  # the log is a help here, never a second failure
        logging.getLogger(__name__).debug("could not log the refusal", exc_info=True)


def write_traceback(error: BaseException, command: str) -> Path | None:
    """Log the traceback to `$BOSOC_HOME/logs/bosoc.log`; None when that is not possible.

    Nothing is written outside `$BOSOC_HOME`: a traceback may quote data.
    """
    try:
        from bosocdata.logs import get_logger
        from bosocdata.settings import Paths

        paths = Paths.from_env()
        logger = get_logger(paths)
        logger.error("internal error in `bosoc %s`", command, exc_info=error)
        for handler in logger.handlers:
            handler.flush()
        return paths.logs_dir / "bosoc.log"
    except Exception:  # the log itself is broken: say so, never crash in the handler
        logging.getLogger(__name__).debug("could not log the internal error", exc_info=True)
        return None
