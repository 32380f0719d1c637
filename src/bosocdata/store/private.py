"""Files of the secure zone are private from the moment they exist."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator


@contextlib.contextmanager
def private_files() -> Iterator[None]:
    """Run with umask 077: every file created meanwhile is 0600, every folder 0700.

    DuckDB creates its files (a new store, its write-ahead log, spill files, a COPY's
    output) with the process's umask; chmod afterwards would leave a window in which
    they are readable by others, and a killed process would leave them so."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)
