"""Earlier stores kept beside the current one, so a bad delivery can be undone.

Before an ingest renames a new store over the old one, the old file is hard-linked (or,
on a file system without links, copied) into `secure/snapshots/<id>.duckdb`; the newest
`BOSOC_SNAPSHOTS_KEEP` are kept. The link costs no space until the old store is gone
and is made before the rename, so a crash between the two leaves at worst one extra
snapshot, never a lost store. A snapshot's id is the UTC time it stopped being the
current store and the first 12 characters of the delivery it held:
`20261207T101500Z-f5af5fa5dc0c`. `bosoc snapshots restore` is in
`bosocdata.ingest.snapshots`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

SNAPSHOTS = "snapshots"
_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-z]{1,12}(-\d+)?")


def snapshots_dir(store: Path) -> Path:
    return store.parent / SNAPSHOTS


@dataclass(frozen=True)
class KeptStore:
    """One kept earlier store."""

    id: str
    path: Path
    replaced_at: datetime
    delivery_id: str | None
    loaded_at: datetime | None
    rows_loaded: int | None


def keep_current(store: Path, keep: int, delivery_id: str | None) -> Path | None:
    """Keep the current `store` as a snapshot (call before replacing it); its path."""
    if keep <= 0 or not store.is_file():
        return None
    folder = snapshots_dir(store)
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    base = f"{stamp}-{(delivery_id or 'unknown')[:12]}"
    target, n = folder / f"{base}.duckdb", 1
    while target.exists():
        n += 1
        target = folder / f"{base}-{n}.duckdb"
    try:
        os.link(store, target)
    except OSError:
        partial = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(store, partial)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    return target


def prune(store: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` snapshots; the removed files."""
    kept = sorted(_snapshot_files(store), key=lambda p: p.stem, reverse=True)
    removed = kept[max(keep, 0) :]
    for path in removed:
        path.unlink(missing_ok=True)
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
    return removed


def kept_stores(store: Path) -> list[KeptStore]:
    """The kept snapshots, newest first, with the latest delivery each one held."""
    found = []
    for path in sorted(_snapshot_files(store), key=lambda p: p.stem, reverse=True):
        delivery, loaded_at, rows = _latest_delivery(path)
        replaced = datetime.strptime(path.stem[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        found.append(KeptStore(path.stem, path, replaced, delivery, loaded_at, rows))
    return found


def _snapshot_files(store: Path) -> list[Path]:
    folder = snapshots_dir(store)
    if not folder.is_dir():
        return []
    return [p for p in folder.glob("*.duckdb") if _ID.fullmatch(p.stem) and p.is_file()]


def _latest_delivery(path: Path) -> tuple[str | None, datetime | None, int | None]:
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return None, None, None
    try:
        with contextlib.suppress(duckdb.Error):
            rows = con.execute(
                "SELECT delivery_id, loaded_at, rows_loaded FROM deliveries "
                "ORDER BY loaded_at DESC LIMIT 1"
            ).fetchall()
            if rows:
                delivery, loaded_at, count = rows[0]
                return str(delivery), loaded_at, int(count)
        return None, None, None
    finally:
        con.close()
