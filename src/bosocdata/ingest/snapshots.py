"""`bosoc snapshots list|restore`: the earlier stores an administrator can go back to.

Restoring copies the snapshot (never links it: `bosoc compute` writes its results into
the store in place, which must not change the kept file) into a temporary file in
`secure/`, keeps the current store as a snapshot, and renames the copy over the store.
A snapshot made under another key chain (before a `bosoc rekey`) is refused: its pids
would not match the key file. Every restore is recorded in the audit log.
"""

from __future__ import annotations

import os
import secrets
import shutil

import duckdb

from bosocdata.auditlog import current_actor, record
from bosocdata.errors import BosocError
from bosocdata.ingest.guards import snapshots_keep
from bosocdata.ingest.interrupted import private_files, recover_interrupted
from bosocdata.pseudonym.chain import load_or_create_chain
from bosocdata.pseudonym.keystate import interrupted_rekey, pending_key_file, store_lock
from bosocdata.settings import Paths
from bosocdata.store.connection import latest_delivery_id
from bosocdata.store.history import KeptStore, keep_current, kept_stores, prune
from bosocdata.store.snapshot import KEY_TABLE, install_store_file

__all__ = ["KeptStore", "list_snapshots", "restore_snapshot"]


def list_snapshots(paths: Paths) -> list[KeptStore]:
    """The kept earlier stores, newest first."""
    return kept_stores(paths.store)


def restore_snapshot(paths: Paths, snapshot_id: str) -> KeptStore:
    """Make the snapshot `snapshot_id` the store again; the current store is kept."""
    with store_lock(paths), private_files():
        recover_interrupted(paths)
        if pending_key_file(paths).exists():
            raise interrupted_rekey(paths)
        chosen = _find(paths, snapshot_id)
        _check_key(paths, chosen)
        temporary = paths.store.with_name(f".{paths.store.name}.{secrets.token_hex(8)}.tmp")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with chosen.path.open("rb") as source, os.fdopen(descriptor, "wb") as target:
                shutil.copyfileobj(source, target, 1 << 20)
                target.flush()
                os.fsync(target.fileno())
            keep = max(snapshots_keep(), 1)
            keep_current(paths.store, keep, latest_delivery_id(paths))
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        install_store_file(temporary, paths.store)
        prune(paths.store, keep)
    record(
        paths,
        "snapshot_restored",
        actor=current_actor(),
        details={"snapshot": chosen.id, "delivery_id": chosen.delivery_id or ""},
    )
    return chosen


def _find(paths: Paths, snapshot_id: str) -> KeptStore:
    kept = list_snapshots(paths)
    for snapshot in kept:
        if snapshot.id == snapshot_id.strip():
            return snapshot
    known = ", ".join(s.id for s in kept) or "none"
    raise BosocError(
        f"no kept snapshot is called {snapshot_id.strip()[:40]!r} (kept: {known})",
        hint="`bosoc snapshots list` shows the ids",
    )


def _check_key(paths: Paths, chosen: KeptStore) -> None:
    """Refuse a snapshot whose pids were made under another key chain than the key file's."""
    con = duckdb.connect(str(chosen.path), read_only=True)
    try:
        tables = {str(r[0]) for r in con.execute("SHOW TABLES").fetchall()}
        stored = None
        if KEY_TABLE in tables:
            rows = con.execute(f"SELECT check_value FROM {KEY_TABLE}").fetchall()
            stored = str(rows[0][0]) if rows else None
    finally:
        con.close()
    if stored is None or not paths.key_file.exists():
        return
    chain = load_or_create_chain(paths.key_file)
    if stored != chain.check_value:
        raise BosocError(
            f"the snapshot {chosen.id} was pseudonymised under another key chain than the "
            f"one in {paths.key_file} (a `bosoc rekey` came after it): its pids would not match",
            hint="restore a snapshot made after the last rekey, or ingest the delivery again",
        )
