"""The console script `bosoc` and `python -m bosocdata`: Ctrl-C while the commands are
still loading ends quietly with 130 too, not with a traceback (cli/main.py maps the rest).
"""

from __future__ import annotations

import sys
from typing import NoReturn

INTERRUPTED = 130
"""What a shell expects of a command stopped by SIGINT."""


def interrupted() -> NoReturn:
    """Ctrl-C: one line, exit 130 (also cli/exits.py's, for Ctrl-C inside a command)."""
    print("Afbrudt (Ctrl-C).", file=sys.stderr)
    sys.exit(INTERRUPTED)


def main() -> None:
    try:
        from bosocdata.cli.main import run
    except KeyboardInterrupt:
        interrupted()
    run()
