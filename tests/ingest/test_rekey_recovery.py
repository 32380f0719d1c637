"""`bosoc rekey` when things go wrong: failures, crashes, keys that do not fit the store."""

from __future__ import annotations

import hashlib
import hmac
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import duckdb
import pytest

import bosocdata.auditlog.entries as audit_entries
from bosocdata.errors import BosocError
from bosocdata.ingest import ingest_delivery
from bosocdata.pseudonym import rekey as rekey_module
from bosocdata.pseudonym.chain import KeyChain, read_key_chain, write_key_chain
from bosocdata.pseudonym.keystate import pending_key_file, store_lock
from bosocdata.pseudonym.rekey import rekey_store, resume_rekey
from bosocdata.settings import Paths
from bosocdata.store import NotIngested
from deliveries import CPR_ANNA, minimal_delivery, write_delivery

OTHER_KEY = bytes(range(7, 39))


@pytest.fixture(autouse=True)
def rekey_event(monkeypatch: pytest.MonkeyPatch) -> None:
    """`rekey` must be an audit event (test_rekey.py checks it); run until it is."""
    if "rekey" not in audit_entries.EVENTS:
        monkeypatch.setattr(audit_entries, "EVENTS", audit_entries.EVENTS | {"rekey"})


@pytest.fixture
def loaded(tmp_path: Path, paths: Paths) -> Path:
    delivery = write_delivery(tmp_path / "delivery")
    ingest_delivery(delivery, paths)
    return delivery


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(paths: Paths, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(paths.store), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def residences(paths: Paths) -> list[tuple[Any, ...]]:
    """Each residence with its person's pseudonym (the integer keys of two stores may be
    given in different orders)."""
    return query(
        paths,
        "SELECT p.pseudonym, r.address_id, r.start_date "
        "FROM residences AS r JOIN persons AS p USING (pid)",
    )


def hmac_hex(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("ascii"), hashlib.sha256).hexdigest()


def same_as_a_fresh_ingest(tmp_path: Path, paths: Paths, delivery: Path) -> bool:
    """Ingesting the delivery into a new home with a copy of the key file gives the
    pseudonyms that are in the store."""
    copy = tmp_path / f"copy-{len(list(tmp_path.glob('copy-*')))}.key"
    shutil.copy2(paths.key_file, copy)
    os.environ["BOSOC_KEY_FILE"] = str(copy)
    try:
        fresh = Paths(tmp_path / f"fresh-{copy.stem}")
        ingest_delivery(delivery, fresh)
    finally:
        del os.environ["BOSOC_KEY_FILE"]
    return sorted(residences(fresh)) == sorted(residences(paths))


def test_a_failure_midway_leaves_the_old_store_and_key_file_as_they_were(
    tmp_path: Path, loaded: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    store_before, key_before = digest(paths.store), digest(paths.key_file)
    copied: list[str] = []
    original = rekey_module._copy_table

    def fail_on_the_third_table(*args: Any, **kwargs: Any) -> None:
        if len(copied) == 2:
            raise OSError("disk full (injected)")
        original(*args, **kwargs)
        copied.append(args[3])

    monkeypatch.setattr(rekey_module, "_copy_table", fail_on_the_third_table)
    with pytest.raises(OSError, match="injected"):
        rekey_store(paths)
    assert len(copied) == 2  # it did fail midway
    assert digest(paths.store) == store_before and digest(paths.key_file) == key_before
    assert not pending_key_file(paths).exists()
    assert sorted(p.name for p in paths.secure_dir.iterdir()) == ["store.duckdb"]
    monkeypatch.setattr(rekey_module, "_copy_table", original)
    assert rekey_store(paths).keys == 2  # nothing is left in the way
    assert same_as_a_fresh_ingest(tmp_path, paths, loaded)


CRASHING_REKEY = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import bosocdata.auditlog.entries as entries
    entries.EVENTS = entries.EVENTS | {"rekey"}
    import bosocdata.pseudonym.rekey as rekey
    from bosocdata.settings import Paths

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if sys.argv[2] == "while writing the store":
        original = rekey._copy_table
        def copy_then_die(*args, **kwargs):
            original(*args, **kwargs)
            die()
        rekey._copy_table = copy_then_die
    else:
        rekey._promote = die
    rekey.rekey_store(Paths(Path(sys.argv[1])))
    """
)


@pytest.mark.parametrize("moment", ["while writing the store", "before renaming the key file"])
def test_a_rekey_killed_at_any_moment_is_refused_then_finished_by_resume(
    tmp_path: Path, loaded: Path, paths: Paths, moment: str
) -> None:
    before = residences(paths)
    env = {k: v for k, v in os.environ.items() if k not in {"BOSOC_KEY_FILE", "BOSOC_HOME"}}
    killed = subprocess.run(
        [sys.executable, "-c", CRASHING_REKEY, str(paths.home), moment],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert pending_key_file(paths).exists()
    new_key = read_key_chain(pending_key_file(paths)).keys[-1]
    assert len(read_key_chain(paths.key_file)) == 1  # the key file itself is untouched
    if moment == "while writing the store":
        assert residences(paths) == before  # the old store is intact
        assert list(paths.secure_dir.glob(".store.duckdb.*.tmp"))  # killed mid-write
    # Until it is finished, ingest and rekey refuse:
    for attempt in (lambda: ingest_delivery(loaded, paths), lambda: rekey_store(paths)):
        with pytest.raises(BosocError, match="interrupted `bosoc rekey`") as error:
            attempt()
        assert "bosoc rekey --resume" in str(error.value)
    result = resume_rekey(paths)
    assert result is not None and result.resumed is not None
    assert not pending_key_file(paths).exists()
    assert read_key_chain(paths.key_file).keys[-1] == new_key
    assert sorted(p.name for p in paths.secure_dir.iterdir()) == ["store.duckdb"]
    assert residences(paths) == [(hmac_hex(new_key, r[0]), *r[1:]) for r in before]
    assert same_as_a_fresh_ingest(tmp_path, paths, loaded)
    assert resume_rekey(paths) is None


def test_a_key_file_that_does_not_belong_to_the_store_is_refused(
    tmp_path: Path, loaded: Path, paths: Paths
) -> None:
    store_before = digest(paths.store)
    paths.key_file.unlink()
    write_key_chain(paths.key_file, KeyChain((OTHER_KEY,)))
    registers = minimal_delivery()
    registers["persons"].append({"cpr": "0202021234", "origin": "1"})
    for attempt in (
        lambda: ingest_delivery(write_delivery(tmp_path / "next", registers), paths),
        lambda: rekey_store(paths),
        lambda: resume_rekey(paths),
    ):
        with pytest.raises(BosocError, match="under another key chain") as error:
            attempt()
        assert "BOSOC_KEY_FILE" in str(error.value)
    assert digest(paths.store) == store_before


def test_a_missing_key_file_is_refused_instead_of_making_a_new_key(
    tmp_path: Path, loaded: Path, paths: Paths
) -> None:
    paths.key_file.unlink()
    registers = minimal_delivery()
    registers["persons"].append({"cpr": "0202021234", "origin": "1"})
    with pytest.raises(BosocError, match="is missing, but the store"):
        ingest_delivery(write_delivery(tmp_path / "next", registers), paths)
    with pytest.raises(BosocError, match="does not exist"):
        rekey_store(paths)
    assert not paths.key_file.exists()


def test_a_store_and_key_file_from_before_key_chains_still_work_and_can_be_rekeyed(
    tmp_path: Path, paths: Paths
) -> None:
    # The old format: the key file is 32 raw bytes, in the home (its default place then),
    # and the store has no check value.
    paths.home.mkdir(parents=True)
    legacy = paths.home / "pseudonym.key"
    legacy.write_bytes(OTHER_KEY)
    legacy.chmod(0o600)
    assert paths.key_file == legacy  # still used where it is
    delivery = write_delivery(tmp_path / "delivery")
    ingest_delivery(delivery, paths)
    con = duckdb.connect(str(paths.store))
    con.execute("DROP TABLE pseudonym_key")
    con.close()
    assert paths.key_file.read_bytes() == OTHER_KEY  # read, not rewritten
    anna = query(paths, "SELECT pseudonym FROM persons WHERE birth_date = DATE '1980-01-01'")
    assert anna == [(hmac_hex(OTHER_KEY, CPR_ANNA),)]
    rekey_store(paths)
    chain = read_key_chain(paths.key_file)
    assert chain.keys[0] == OTHER_KEY and len(chain) == 2
    assert paths.key_file.read_text(encoding="ascii").startswith("bosoc-key v2\n")
    assert same_as_a_fresh_ingest(tmp_path, paths, delivery)


def test_a_store_whose_tables_hold_the_pseudonym_itself_is_rekeyed_in_every_table(
    loaded: Path, paths: Paths
) -> None:
    """Stores written before the integer keys had the 64-character pseudonym as `pid` in
    every table: a rekey must still change it everywhere, or the tables stop joining."""
    con = duckdb.connect(str(paths.store))
    for table in ("residences", "library_loans"):
        if con.execute(
            f"SELECT count(*) FROM duckdb_tables() WHERE table_name = '{table}'"
        ).fetchone()[0]:
            con.execute(
                f"CREATE OR REPLACE TABLE {table} AS SELECT p.pseudonym AS pid, t.* EXCLUDE (pid) "
                f"FROM {table} AS t JOIN persons AS p USING (pid)"
            )
    con.execute(
        "CREATE OR REPLACE TABLE persons AS SELECT pseudonym AS pid, * EXCLUDE (pid, pseudonym) "
        "FROM persons"
    )
    con.close()
    before = query(paths, "SELECT pid, address_id FROM residences ORDER BY address_id, pid")
    rekey_store(paths)
    (_, new_key) = read_key_chain(paths.key_file).keys
    after = query(paths, "SELECT pid, address_id FROM residences ORDER BY address_id, pid")
    assert sorted(after) == sorted((hmac_hex(new_key, p), a) for p, a in before)
    linked = "SELECT count(*) FROM residences JOIN persons USING (pid)"
    assert query(paths, linked) == [(len(before),)]


def test_rekey_and_ingest_refuse_while_another_process_writes_the_store(
    tmp_path: Path, loaded: Path, paths: Paths
) -> None:
    with store_lock(paths):
        with pytest.raises(BosocError, match="another bosoc ingest or rekey"):
            rekey_store(paths)
        with pytest.raises(BosocError, match="another bosoc ingest or rekey"):
            ingest_delivery(write_delivery(tmp_path / "other", minimal_delivery()), paths)
    assert rekey_store(paths).keys == 2


def test_a_pending_key_file_that_does_not_extend_the_chain_is_refused(
    loaded: Path, paths: Paths
) -> None:
    write_key_chain(pending_key_file(paths), KeyChain((OTHER_KEY, OTHER_KEY)))
    with pytest.raises(BosocError, match="does not extend the key chain"):
        resume_rekey(paths)
    assert pending_key_file(paths).exists()


def test_there_is_nothing_to_rekey_before_an_ingest(paths: Paths) -> None:
    with pytest.raises(NotIngested):
        rekey_store(paths)
    assert not paths.key_file.exists()
