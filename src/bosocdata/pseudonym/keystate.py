"""Do the store and the key file belong together? And one writer of the store at a time.

Every store written by `bosoc ingest` or `bosoc rekey` holds, in the one-row table
`pseudonym_key`, the check value of the key chain its pids were made under
(`KeyChain.check_value`: not secret). Before touching the store, ingest and rekey compare
it with the key file and refuse when they differ, so pids made under two different key
chains are never mixed. A store written before key chains has no such table and is
accepted (it gets one at its next ingest or rekey).

`bosoc rekey` first writes the extended chain to `<key file>.new` (the pending key file),
then swaps the store, then renames the pending file over the key file. A pending file
left behind means a rekey was interrupted: `bosoc rekey --resume` finishes it, and until
then ingest and rekey refuse (see `bosocdata.pseudonym.rekey`).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from bosocdata.errors import BosocError
from bosocdata.pseudonym.chain import KeyChain, load_or_create_chain
from bosocdata.settings import Paths
from bosocdata.store.connection import open_store
from bosocdata.store.snapshot import KEY_TABLE, base_tables

DOCS = "docs/concepts/pseudonymisation.md"


def pending_key_file(paths: Paths) -> Path:
    """Where `bosoc rekey` writes the extended key chain before it swaps the store."""
    return paths.key_file.with_name(paths.key_file.name + ".new")


def stored_check_value(paths: Paths) -> str | None:
    """The store's key check value; None when there is no store or it predates checks."""
    if not paths.store.is_file():
        return None
    con = open_store(paths)
    try:
        return stored_check_value_of(con, "main")
    finally:
        con.close()


def stored_check_value_of(con: duckdb.DuckDBPyConnection, catalog: str) -> str | None:
    """The key check value in the store attached as `catalog`, or None."""
    if catalog == "main":
        catalog = str(con.execute("SELECT current_database()").fetchall()[0][0])
    if KEY_TABLE not in base_tables(con, catalog):
        return None
    row = con.execute(f"SELECT check_value FROM {catalog}.{KEY_TABLE}").fetchone()
    return None if row is None else str(row[0])


def interrupted_rekey(paths: Paths) -> BosocError:
    return BosocError(
        f"an interrupted `bosoc rekey` left the pending key file {pending_key_file(paths)}: "
        "the store and the key file may not belong together until it is finished",
        hint="run `bosoc rekey --resume` (it finishes or completes the key change)",
    )


def key_chain_for_store(paths: Paths) -> KeyChain:
    """The key chain that belongs to the store, for ingest; created when there is neither
    a key file nor a store. Refuses an interrupted rekey, a store whose key file is
    missing, and a store made under another key chain."""
    if pending_key_file(paths).exists():
        raise interrupted_rekey(paths)
    stored = stored_check_value(paths)
    if stored is not None and not paths.key_file.exists():
        raise BosocError(
            f"the pseudonymisation key {paths.key_file} is missing, but the store "
            f"{paths.store} was pseudonymised under a key",
            hint="restore the key file from its backup (or set BOSOC_KEY_FILE to where it "
            f"is); if it is lost for good, move the store away and ingest again ({DOCS})",
        )
    chain = load_or_create_chain(paths.key_file)
    check_store_matches(paths, chain, stored)
    return chain


def check_store_matches(paths: Paths, chain: KeyChain, stored: str | None) -> None:
    """Refuse when the store's check value `stored` is not that of `chain`."""
    if stored is None or stored == chain.check_value:
        return
    raise BosocError(
        f"the store {paths.store} was pseudonymised under another key chain than the one in "
        f"{paths.key_file} ({len(chain)} key(s)): their pids would not match",
        hint="set BOSOC_KEY_FILE to the key file that belongs to this store, or restore it "
        f"from the backup made after the last `bosoc rekey` ({DOCS})",
    )


@contextmanager
def store_lock(paths: Paths) -> Iterator[None]:
    """Hold the store for writing (ingest, rekey); refuse when another process holds it.

    An exclusive `flock` on the `secure/` folder itself: no lock file to leave behind,
    and released by the operating system if the process dies."""
    paths.secure_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(paths.secure_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BosocError(
                f"another bosoc ingest or rekey is writing the store in {paths.secure_dir}",
                hint="wait for it to finish and try again",
            ) from None
        yield
    finally:
        os.close(descriptor)
