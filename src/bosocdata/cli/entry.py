"""The console script `bosoc` and `python -m bosocdata`: Ctrl-C while the commands are
still loading ends quietly with 130 too, not with a traceback (cli/main.py maps the rest).
"""

from __future__ import annotations

import sys

INTERRUPTED = 130


def main() -> None:
    try:
        from bosocdata.cli.main import run
    except KeyboardInterrupt:
        print("Afbrudt (Ctrl-C).", file=sys.stderr)
        sys.exit(INTERRUPTED)
    run()
