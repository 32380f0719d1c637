"""What an ingest leaves behind when it is killed, and how the next one cleans it up.

An ingest writes a marker `secure/.ingest-running` (mode 0600: when it started, from
which folder) once it holds the store lock, and removes it when it ends, however it
ends short of being killed. The next ingest (or `bosoc snapshots restore`) takes the
lock, and so knows that no other ingest runs; if it finds the marker, the earlier run
was interrupted (kill -9, a power cut): it records that in the audit log (`ingest`,
outcome `interrupted`) and removes the marker. Either way it removes what an
interrupted writer leaves: temporary store files (`secure/.store.duckdb.*.tmp*`,
pseudonymised), half-written rejects reports and snapshot copies, and the raw staging
spill folders (`.ingest-*` in the spill folder), which may hold CPR numbers.

Everything ingest creates is private: it runs with umask 077 (files 0600, folders 0700).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from bosocdata.auditlog import current_actor, record
from bosocdata.settings import Paths, spill_dir
from bosocdata.store.history import snapshots_dir
from bosocdata.store.private import private_files

__all__ = [
    "guarded_run",
    "private_files",
    "recover_interrupted",
    "remove_spill_folder",
    "staging_spill_folder",
]

SPILL_PREFIX = ".ingest-"


def marker_path(paths: Paths) -> Path:
    return paths.secure_dir / ".ingest-running"


@contextlib.contextmanager
def running_marker(paths: Paths, source_dir: Path) -> Iterator[None]:
    """The marker of a running ingest, for as long as the block runs (call under the lock)."""
    marker = marker_path(paths)
    started = {"started_at": datetime.now(UTC).isoformat(), "source_dir": str(source_dir)}
    partial = marker.with_name(marker.name + ".tmp")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(started, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, marker)
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)


@contextlib.contextmanager
def guarded_run(paths: Paths, source_dir: Path) -> Iterator[None]:
    """Clean up after an interrupted ingest, then mark this one as running (under the lock)."""
    recover_interrupted(paths)
    with running_marker(paths, source_dir):
        yield


def staging_spill_folder(paths: Paths) -> Path:
    """A new private folder for the raw staging database's spill files (mode 0700)."""
    parent = spill_dir(paths)
    parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return Path(tempfile.mkdtemp(prefix=SPILL_PREFIX, dir=parent))


def remove_spill_folder(paths: Paths, folder: Path) -> None:
    """Remove a staging spill folder, and the default spill folder too when it is empty."""
    shutil.rmtree(folder, ignore_errors=True)
    if folder.parent == paths.secure_dir / "spill":
        with contextlib.suppress(OSError):
            folder.parent.rmdir()


def recover_interrupted(paths: Paths) -> list[Path]:
    """Record an interrupted ingest and remove every leftover; call holding the store lock.

    Returns what was removed."""
    marker = marker_path(paths)
    if marker.exists():
        details: dict[str, object] = {"outcome": "interrupted"}
        with contextlib.suppress(OSError, ValueError):
            started = json.loads(marker.read_text(encoding="utf-8"))
            details |= {k: str(started[k]) for k in ("started_at", "source_dir") if k in started}
        record(paths, "ingest", actor=current_actor(), details=details)
    removed = _leftovers(paths)
    for path in removed:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    marker.unlink(missing_ok=True)
    marker.with_name(marker.name + ".tmp").unlink(missing_ok=True)
    return removed


def _leftovers(paths: Paths) -> list[Path]:
    found: list[Path] = []
    secure = paths.secure_dir
    if secure.is_dir():
        found += secure.glob(f".{paths.store.name}.*.tmp*")
    if paths.rejects_dir.is_dir():
        found += paths.rejects_dir.glob("*.part")
    if snapshots_dir(paths.store).is_dir():
        found += snapshots_dir(paths.store).glob(".*.tmp")
    spill = spill_dir(paths)
    if spill.is_dir():
        found += spill.glob(f"{SPILL_PREFIX}*")
    return sorted(found)
