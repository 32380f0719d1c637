"""`bosoc rekey`: put the store's pseudonyms under a new, additional key.

The raw CPR number is not stored, so a new key k can only be applied on top of the old
pseudonym: every pseudonym p becomes hex(HMAC-SHA-256(k, p)), and k is appended to the
key chain so that the next ingest computes the same pseudonyms from the CPR numbers (see
`bosocdata.pseudonym.chain`). Every text column named `pseudonym`, `pid` or ending in
`_pid` of every table is re-pseudonymised in SQL (a store written since the tables join
on integer person keys holds the pseudonym once, in `persons.pseudonym`; an older store
has it in every `pid` column); every other table and column, the integer keys
included, is copied as it is.

Order of the writes, so that a crash at any point can be repaired:

1. the extended chain is written to the pending key file `<key file>.new` (mode 0600,
   flushed to disk): the new key exists durably before anything depends on it;
2. the new store is written to a temporary file and renamed over the old one (atomic):
   the store holds either only old pids or only new ones, never a mixture, and records
   the check value of its chain;
3. the pending key file is renamed over the key file.

A crash after 1 leaves the pending file; ingest and rekey then refuse, and
`bosoc rekey --resume` looks at the store's check value: if the store was already
swapped (crash after 2) it finishes step 3; if not (crash before 2) it does steps 2 and
3 with the pending key. Either way the key file and the store end up belonging together.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from bosocdata.auditlog import current_actor, record
from bosocdata.errors import BosocError
from bosocdata.pseudonym.chain import (
    KEY_BYTES,
    KeyChain,
    fsync_folder,
    hmac_pads,
    read_key_chain,
    sql_pseudonym,
    write_key_chain,
)
from bosocdata.pseudonym.keystate import (
    check_store_matches,
    interrupted_rekey,
    pending_key_file,
    store_lock,
    stored_check_value,
)
from bosocdata.settings import Paths
from bosocdata.store.connection import NotIngested
from bosocdata.store.snapshot import (
    KEY_TABLE,
    attached_store,
    base_tables,
    build_store_file,
    install_store_file,
    write_key_check,
)
from bosocdata.store.sql import ident, table_columns


@dataclass(frozen=True)
class RekeyResult:
    """What `bosoc rekey` did. Counts only."""

    keys: int
    """Keys in the chain now."""
    pids: dict[str, int] = field(default_factory=dict)
    """Table -> rows whose pseudonym column(s) were re-pseudonymised (empty when a
    resumed rekey found the store already swapped)."""
    resumed: str | None = None
    """None for a plain rekey; else what `--resume` found and did."""

    @property
    def total_rows(self) -> int:
        return sum(self.pids.values())


def rekey_store(paths: Paths, *, actor: str | None = None) -> RekeyResult:
    """Add a new random key to the chain and re-pseudonymise every pseudonym in the store.

    Refuses (nothing changes) when there is no store, the key file is missing or does
    not belong to the store, or an earlier rekey was interrupted. On any failure the
    old store and the old key file are left as they were.
    """
    with store_lock(paths):
        if not paths.store.is_file():
            raise NotIngested()
        pending = pending_key_file(paths)
        if pending.exists():
            raise interrupted_rekey(paths)
        chain = read_key_chain(paths.key_file)
        check_store_matches(paths, chain, stored_check_value(paths))
        new_chain = chain.extended(secrets.token_bytes(KEY_BYTES))
        write_key_chain(pending, new_chain)
        try:
            counts = _swap_store(paths, new_chain)
        except BaseException:
            _forget_unused_pending(paths, new_chain)
            raise
        _promote(pending, paths.key_file)
    result = RekeyResult(keys=len(new_chain), pids=counts)
    _record(paths, actor, result)
    return result


def resume_rekey(paths: Paths, *, actor: str | None = None) -> RekeyResult | None:
    """Finish a rekey that was interrupted; None when there is nothing to finish (the
    store and the key file are then checked to belong together)."""
    with store_lock(paths):
        pending = pending_key_file(paths)
        if not pending.exists():
            if paths.store.is_file():
                check_store_matches(
                    paths, read_key_chain(paths.key_file), stored_check_value(paths)
                )
            return None
        new_chain = read_key_chain(pending)
        _remove_leftover_store_files(paths)
        stored = stored_check_value(paths)
        if not paths.store.is_file():
            pending.unlink()  # no pid depends on the pending key
            result = RekeyResult(len(new_chain) - 1, resumed="no store: pending key discarded")
        elif stored == new_chain.check_value:
            _promote(pending, paths.key_file)
            result = RekeyResult(len(new_chain), resumed="store already rekeyed: key file updated")
        else:
            chain = read_key_chain(paths.key_file)
            if new_chain.keys[:-1] != chain.keys:
                raise BosocError(
                    f"the pending key file {pending} does not extend the key chain in "
                    f"{paths.key_file}, so it cannot be from an interrupted rekey of it",
                    hint="find out who wrote it; restore the key file that belongs to the "
                    "store from its backup (docs/concepts/pseudonymisation.md)",
                )
            check_store_matches(paths, chain, stored)
            counts = _swap_store(paths, new_chain)
            _promote(pending, paths.key_file)
            result = RekeyResult(
                len(new_chain), counts, resumed="store rekeyed with the pending key"
            )
    _record(paths, actor, result)
    return result


# --- the store ----------------------------------------------------------------------------


def _swap_store(paths: Paths, new_chain: KeyChain) -> dict[str, int]:
    """Write the re-pseudonymised store and rename it over the old one."""
    counts: dict[str, int] = {}
    temporary: Path | None = None
    try:
        with _scratch_connection() as con, attached_store(con, paths.store) as old:
            plan = _plan(con, old)
            pads = hmac_pads(new_chain.keys[-1])

            def fill(catalog: str) -> None:
                for table, pid_columns in plan.items():
                    if table == KEY_TABLE:
                        continue
                    _copy_table(con, old, catalog, table, pid_columns, pads)
                    if pid_columns:
                        counts[table] = _count(con, catalog, table)
                write_key_check(con, catalog, new_chain)

            temporary = build_store_file(con, paths.store, fill)
        install_store_file(temporary, paths.store)
    except BaseException:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise
    return counts


def _plan(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, list[str]]:
    """Every table of the old store -> its pid columns (refusing what cannot be copied)."""
    others = con.execute(
        "SELECT table_name, table_type FROM information_schema.tables "
        "WHERE table_catalog = ? AND (table_schema <> 'main' OR table_type <> 'BASE TABLE')",
        [catalog],
    ).fetchall()
    if others:
        names = ", ".join(f"{name} ({kind.lower()})" for name, kind in others)
        raise BosocError(
            f"the store holds {names}, which `bosoc rekey` does not know how to carry over",
            hint="BoSocData itself creates only tables in the store: remove what was added "
            "by hand, then run `bosoc rekey` again",
        )
    plan: dict[str, list[str]] = {}
    for table in base_tables(con, catalog):
        columns = table_columns(con, table, catalog)
        pids = [name for name, kind in columns.items() if _is_pseudonym(name, kind)]
        wrong = [
            name
            for name, kind in columns.items()
            if _names_a_person(name)
            and not _is_pseudonym(name, kind)
            and not _is_person_key(name, kind)
        ]
        if wrong:
            raise BosocError(
                f"the store's table {table} has the pseudonym column(s) {', '.join(wrong)} "
                "that are neither text nor integer keys, so BoSocData did not write them",
                hint="the store was changed by hand: restore it from its backup",
            )
        plan[table] = pids
    return plan


def _names_a_person(column: str) -> bool:
    return column in ("pid", "pseudonym") or column.endswith("_pid")


def _is_pseudonym(column: str, kind: str) -> bool:
    """A column of pseudonyms: text named `pseudonym`, `pid` or `*_pid` (older stores)."""
    return _names_a_person(column) and kind == "VARCHAR"


def _is_person_key(column: str, kind: str) -> bool:
    """An integer person key: it stays, only the pseudonym it stands for changes."""
    return column != "pseudonym" and _names_a_person(column) and kind == "BIGINT"


def _copy_table(
    con: duckdb.DuckDBPyConnection,
    old: str,
    new: str,
    table: str,
    pid_columns: list[str],
    pads: tuple[bytes, bytes],
) -> None:
    """`new.table` = `old.table` with every pseudonym column p replaced by
    hex(HMAC(key, p)).

    The padded key is passed as query parameters: it is never part of the SQL text."""
    select = ", ".join(
        f"{sql_pseudonym(ident(name), '$ipad::BLOB', '$opad::BLOB')} AS {ident(name)}"
        if name in pid_columns
        else ident(name)
        for name in table_columns(con, table, old)
    )
    statement = f"CREATE TABLE {new}.{ident(table)} AS SELECT {select} FROM {old}.{ident(table)}"
    if pid_columns:
        con.execute(statement, {"ipad": pads[0], "opad": pads[1]})
    else:
        con.execute(statement)


def _count(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {catalog}.{ident(table)}").fetchone()
    return int(row[0]) if row else 0


@contextmanager
def _scratch_connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB (it holds the padded key) spilling to a private folder."""
    spill = Path(tempfile.mkdtemp(prefix="bosoc-rekey-"))  # mode 0700
    try:
        con = duckdb.connect(":memory:", config={"temp_directory": str(spill)})
        try:
            con.execute("SET enable_progress_bar = false")
            yield con
        finally:
            con.close()
    finally:
        shutil.rmtree(spill, ignore_errors=True)


def _remove_leftover_store_files(paths: Paths) -> None:
    """Temporary store files of an interrupted write (pseudonymised data only)."""
    for leftover in paths.secure_dir.glob(f".{paths.store.name}.*.tmp*"):
        leftover.unlink(missing_ok=True)


# --- the key file -------------------------------------------------------------------------


def _promote(pending: Path, key_file: Path) -> None:
    """Step 3: the pending key file becomes the key file (atomic rename, then flushed)."""
    os.replace(pending, key_file)
    fsync_folder(key_file.parent)


def _forget_unused_pending(paths: Paths, new_chain: KeyChain) -> None:
    """After a failed store swap: remove the pending key file, unless the store was
    swapped after all (or that cannot be told), in which case `--resume` needs it."""
    try:
        swapped = stored_check_value(paths) == new_chain.check_value
    except Exception:
        return  # cannot tell: keep it, and let `bosoc rekey --resume` decide
    if not swapped:
        with suppress(OSError):
            pending_key_file(paths).unlink()


def _record(paths: Paths, actor: str | None, result: RekeyResult) -> None:
    details: dict[str, object] = {
        "keys": result.keys,
        "tables": len(result.pids),
        "rows": result.total_rows,
    }
    if result.resumed:
        details["resumed"] = result.resumed
    record(paths, "rekey", actor=actor or current_actor(), details=details)
