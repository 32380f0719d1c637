"""Writing the published zone: a separate DuckDB file, replaced atomically.

The file is written next to its final place and renamed over it, so a reader (the web
application) sees either the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb
import pandas as pd

from bosocdata.errors import BosocError
from bosocdata.publish.columns import INTERFACE_COLUMNS, STATISTICS_COLUMNS


def published_columns(table: pd.DataFrame) -> list[str]:
    """INTERFACE.md's columns first, then the statistics we have, nothing else.

    Only named columns are published: a helper column of the computation (such as a
    sum of squares) never reaches the published zone by accident.
    """
    return [c for c in (*INTERFACE_COLUMNS, *STATISTICS_COLUMNS) if c in table.columns]


def write_published_zone(
    target: Path,
    *,
    indicator_table: pd.DataFrame,
    areas: pd.DataFrame,
    indicators: pd.DataFrame,
    meta: Mapping[str, str],
    extra: Mapping[str, pd.DataFrame] | None = None,
) -> None:
    """Write the published tables to `target`, atomically.

    `extra` holds further published tables (the assessment), written as they are: the
    caller is responsible for them being computed from published numbers only.
    """
    frames = {
        "indicator_table": indicator_table[published_columns(indicator_table)],
        "areas": areas,
        "indicators": indicators,
        "meta": pd.DataFrame({"key": list(meta.keys()), "value": list(meta.values())}),
        **(extra or {}),
    }
    _write_beside(target, frames, copy_current=False)


def _write_beside(target: Path, tables: Mapping[str, pd.DataFrame], *, copy_current: bool) -> None:
    """Write `tables` into a file beside `target` (new, or a copy of `target`), then
    rename it over `target`: a reader sees the old file or the new one, never half."""
    tmp = target.with_name(target.name + ".tmp")
    with _writing(target, tmp):
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        if copy_current:
            shutil.copyfile(target, tmp)
        con = duckdb.connect(str(tmp))
        try:
            for name, frame in tables.items():
                con.register("frame", frame)
                con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM frame')
                con.unregister("frame")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, target)


_DISK_WORDS = (
    "No space left on device",
    "Read-only file system",
    "Permission denied",
    "Disk quota exceeded",
)


@contextmanager
def _writing(target: Path, tmp: Path) -> Iterator[None]:
    """A full disk or a folder that may not be written is the operator's to fix, not a
    bug: refused in one line (exit 2), the half-written file removed, the publication
    left as it was."""
    try:
        yield
    except (OSError, duckdb.Error) as error:
        reason = _disk_problem(error)
        if reason is None:
            raise
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            with suppress(OSError):
                leftover.unlink(missing_ok=True)
        raise BosocError(
            f"cannot write the published zone {target}: {reason}; the publication is unchanged",
            hint="free space or make the folder writable for this user, then run the command again",
        ) from None


def _disk_problem(error: BaseException) -> str | None:
    """The file system's reason, or None when `error` is not about the disk."""
    if isinstance(error, OSError):
        return error.strerror or str(error)
    text = str(error)
    found = next((w for w in _DISK_WORDS if w in text), None)
    if found is None and isinstance(error, duckdb.IOException):
        return "the file could not be written"
    return found


def replace_published_tables(target: Path, tables: Mapping[str, pd.DataFrame]) -> None:
    """Add or replace tables of an existing published zone, atomically.

    The zone is copied beside itself, changed there and renamed over the original, so a
    reader sees the old file or the new one, never half of one (`bosoc evaluate`).
    """
    _write_beside(target, tables, copy_current=True)
