"""Stand-in work for the job runner's tests: run in a worker process, importable there."""

from __future__ import annotations

import os
import time
from pathlib import Path


def sleep_then_write(seconds: float, target: str) -> None:
    """Sleep, then write a small file as a finished report would."""
    time.sleep(seconds)
    Path(target).write_bytes(b"%PDF-1.7 stand-in")


def fail(target: str) -> None:
    raise RuntimeError("a report that breaks")


def write_niceness(target: str) -> None:
    """Write the worker's own niceness (0 is the server's, higher is a lower priority)."""
    Path(target).write_text(str(os.nice(0)), encoding="ascii")
