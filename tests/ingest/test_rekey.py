"""`bosoc rekey`: every pseudonym under a new key, linkage and indicators unchanged.

The tables join on integer person keys (`pid`); the pseudonym is kept once, in
`persons.pseudonym`, and that is what a rekey changes."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import stat
from pathlib import Path
from typing import Any

import duckdb
import pytest
import typer
from typer.testing import CliRunner

import bosocdata.auditlog.entries as audit_entries
from bosocdata.auditlog import audit_log_path, verify
from bosocdata.cli import rekey_cmd
from bosocdata.ingest import ingest_delivery
from bosocdata.pseudonym.rekey import rekey_store, resume_rekey
from bosocdata.settings import Paths
from deliveries import CPR_ANNA, all_cprs, minimal_delivery, write_delivery

PERSON_TABLES = ["persons", "residences", "library_loans"]


@pytest.fixture(autouse=True)
def rekey_event(monkeypatch: pytest.MonkeyPatch) -> None:
    """`rekey` must be an audit event; `test_rekey_is_an_audit_event` checks that it is,
    this lets the other tests run until it is."""
    if "rekey" not in audit_entries.EVENTS:
        monkeypatch.setattr(audit_entries, "EVENTS", audit_entries.EVENTS | {"rekey"})


def delivery_registers() -> dict[str, list[dict[str, Any]]]:
    registers = minimal_delivery()
    registers["library_loans"] = [
        {"cpr": CPR_ANNA, "loan_date": "2021-03-04"},
        {"cpr": CPR_ANNA, "loan_date": "2022-05-06"},
        {"cpr": "150695-1235", "loan_date": "2021-07-08"},
    ]
    return registers


@pytest.fixture
def loaded(tmp_path: Path, paths: Paths) -> Path:
    """A home with the small delivery ingested; returns the delivery folder."""
    delivery = write_delivery(tmp_path / "delivery", delivery_registers())
    ingest_delivery(delivery, paths)
    return delivery


def query(paths: Paths, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(paths.store), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def rows_of(paths: Paths, table: str) -> list[tuple[Any, ...]]:
    """The table's rows, in insertion order."""
    return query(paths, f"SELECT * FROM {table}")


def keys_in_file(path: Path) -> list[bytes]:
    """The keys of a v2 key file, read independently of the code under test."""
    lines = path.read_text(encoding="ascii").splitlines()
    assert lines[0] == "bosoc-key v2"
    return [bytes.fromhex(line) for line in lines[1:] if line and not line.startswith("#")]


def hmac_hex(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("ascii"), hashlib.sha256).hexdigest()


def test_every_pseudonym_becomes_the_hmac_of_the_old_one_under_the_new_key(
    loaded: Path, paths: Paths
) -> None:
    before = {t: rows_of(paths, t) for t in PERSON_TABLES}
    persons_before = query(paths, "SELECT pid, pseudonym FROM persons")
    (k1,) = keys_in_file(paths.key_file)
    result = rekey_store(paths)
    old_key, new_key = keys_in_file(paths.key_file)
    assert old_key == k1 and new_key != k1
    assert result.keys == 2
    assert result.pids == {"persons": 4}  # the pseudonym is kept once
    persons_after = query(paths, "SELECT pid, pseudonym FROM persons")
    assert persons_after == [(pid, hmac_hex(new_key, old)) for pid, old in persons_before]
    assert not {p for _, p in persons_after} & {p for _, p in persons_before}
    for table in PERSON_TABLES[1:]:  # the tables that join on the integer key: as they were
        assert rows_of(paths, table) == before[table], table


def test_the_same_person_still_links_across_registers(loaded: Path, paths: Paths) -> None:
    joins = {t: f"SELECT count(*) FROM {t} JOIN persons USING (pid)" for t in PERSON_TABLES[1:]}
    before = {t: query(paths, sql) for t, sql in joins.items()}
    anna_loans = "SELECT count(*) FROM library_loans GROUP BY pid ORDER BY 1"
    loans_before = query(paths, anna_loans)
    rekey_store(paths)
    assert {t: query(paths, sql) for t, sql in joins.items()} == before
    assert before == {"residences": [(5,)], "library_loans": [(3,)]}  # every row links
    assert query(paths, anna_loans) == loans_before == [(1,), (2,)]


def store_tables(paths: Paths) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, with the person named by their pseudonym: two stores given
    their integer keys in different orders (before and after a rekey) compare equal."""
    tables = [r[0] for r in query(paths, "SELECT table_name FROM information_schema.tables")]
    with_pid = {
        r[0]
        for r in query(paths, "SELECT table_name FROM duckdb_columns() WHERE column_name = 'pid'")
    }

    def rows(table: str) -> list[tuple[Any, ...]]:
        if table == "persons":
            sql = "SELECT * EXCLUDE (pid) FROM persons"
        elif table in with_pid:
            sql = (
                f"SELECT p.pseudonym, t.* EXCLUDE (pid) FROM {table} AS t "
                "JOIN persons AS p USING (pid)"
            )
        else:
            sql = f"SELECT * FROM {table}"
        return sorted(query(paths, sql), key=repr)

    return {t: rows(t) for t in tables if t not in {"deliveries", "pseudonym_key"}}


@pytest.mark.parametrize("rekeys", [1, 2])
def test_ingesting_the_delivery_again_with_the_new_chain_gives_exactly_the_stored_pseudonyms(
    tmp_path: Path, loaded: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch, rekeys: int
) -> None:
    for _ in range(rekeys):
        rekey_store(paths)
    assert len(keys_in_file(paths.key_file)) == 1 + rekeys
    # The same delivery into a fresh home with a copy of the key chain:
    copy = tmp_path / "copy.key"
    shutil.copy2(paths.key_file, copy)
    monkeypatch.setenv("BOSOC_KEY_FILE", str(copy))
    fresh = Paths(tmp_path / "fresh-home")
    ingest_delivery(loaded, fresh)
    assert store_tables(fresh) == store_tables(paths)


def test_after_rekey_the_delivery_is_still_already_loaded_and_a_new_one_links(
    tmp_path: Path, loaded: Path, paths: Paths
) -> None:
    rekey_store(paths)
    anna = "SELECT pid, pseudonym FROM persons WHERE birth_date = DATE '1980-01-01'"
    anna_before = query(paths, anna)
    assert ingest_delivery(loaded, paths).already_loaded
    registers = delivery_registers()
    registers["persons"].append({"cpr": "0202021234", "origin": "1"})
    ingest_delivery(write_delivery(tmp_path / "next", registers), paths)
    assert query(paths, "SELECT count(*) FROM persons") == [(5,)]
    anna_after = query(paths, anna)
    assert anna_after == anna_before  # she keeps her key and pseudonym across deliveries
    assert len(query(paths, "SELECT * FROM deliveries")) == 2


def test_the_key_file_stays_mode_0600_and_keeps_the_old_key_first(
    loaded: Path, paths: Paths
) -> None:
    (k1,) = keys_in_file(paths.key_file)
    rekey_store(paths)
    assert stat.S_IMODE(paths.key_file.stat().st_mode) == 0o600
    assert keys_in_file(paths.key_file)[0] == k1
    assert sorted(p.name for p in paths.key_file.parent.iterdir() if "key" in p.name) == [
        "pseudonym.key"  # no pending key file left behind
    ]
    assert sorted(p.name for p in paths.secure_dir.iterdir()) == ["store.duckdb"]
    assert stat.S_IMODE(paths.store.stat().st_mode) == 0o600


def test_no_cpr_number_reaches_any_file_after_rekey(loaded: Path, paths: Paths) -> None:
    rekey_store(paths)
    numbers = all_cprs(delivery_registers())
    needles = {n.encode() for n in numbers} | {f"{n[:6]}-{n[6:]}".encode() for n in numbers}
    files = [p for p in paths.home.rglob("*") if p.is_file() and p != paths.key_file]
    assert any(p.name == "audit.jsonl" for p in files)
    for path in files:
        data = path.read_bytes()
        assert not [n for n in needles if n in data], f"{path} holds a CPR number"


@pytest.mark.slow
def test_indicators_are_identical_before_and_after_rekey(tmp_path: Path, paths: Paths) -> None:
    from bosocdata.indicators import compute_indicators, load_catalogue
    from bosocdata.store import open_store
    from bosocdata.synth import generate

    generate(tmp_path / "synth", scale=0.01, seed=1, years=(2018, 2024))
    ingest_delivery(tmp_path / "synth", paths)
    catalogue = load_catalogue(None)

    def indicators() -> Any:
        con = open_store(paths)
        try:
            return compute_indicators(con, catalogue).table
        finally:
            con.close()

    before = indicators()
    result = rekey_store(paths)
    after = indicators()
    assert result.pids["persons"] > 1000  # a real population was rekeyed
    assert len(before) > 1000 and before["numerator"].sum() > 0
    assert after.equals(before)


def audit_entries_of(paths: Paths) -> list[dict[str, Any]]:
    lines = audit_log_path(paths).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_rekey_is_an_audit_event() -> None:
    """Needed by `bosoc rekey` in production; the fixture above only papers over it."""
    from bosocdata.auditlog import EVENTS

    assert "rekey" in EVENTS


def test_rekey_is_recorded_in_the_audit_log(loaded: Path, paths: Paths) -> None:
    rekey_store(paths, actor="kim")
    last = audit_entries_of(paths)[-1]
    assert last["event"] == "rekey" and last["actor"] == "kim"
    assert last["details"] == {"keys": 2, "tables": 1, "rows": 4}
    assert verify(paths).ok


def test_ingests_are_recorded_with_delivery_id_and_counts(tmp_path: Path, paths: Paths) -> None:
    delivery = write_delivery(tmp_path / "d", delivery_registers())
    first = ingest_delivery(delivery, paths)
    ingest_delivery(delivery, paths)
    loaded, again = audit_entries_of(paths)
    assert loaded["event"] == again["event"] == "ingest"
    assert loaded["details"] == {
        "outcome": "loaded",
        "delivery_id": first.delivery_id,
        "source_dir": str(delivery),
        "registers": 6,
        "rows_loaded": 4 + 3 + 5 + 2 + 2 + 3,
        "rows_rejected": 0,
        "warnings": 0,
        "overlapping_residences": 0,
    }
    assert again["details"]["outcome"] == "already_loaded"
    assert again["details"]["delivery_id"] == first.delivery_id


def test_a_refused_ingest_is_recorded_with_its_reason_and_no_cpr(
    tmp_path: Path, paths: Paths
) -> None:
    from bosocdata.errors import DeliveryRefused

    delivery = write_delivery(tmp_path / "d")
    lines = (delivery / "persons.csv").read_text(encoding="utf-8").splitlines()[1:]
    (delivery / "persons.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")  # no header
    with pytest.raises(DeliveryRefused) as error:
        ingest_delivery(delivery, paths)
    (entry,) = audit_entries_of(paths)
    assert entry["event"] == "ingest"
    assert entry["details"]["outcome"] == "refused"
    assert entry["details"]["reason"] == error.value.message
    assert "is the header row missing?" in entry["details"]["reason"]
    assert "010180" not in entry["details"]["reason"]  # not even the masked first row
    text = audit_log_path(paths).read_text(encoding="utf-8")
    assert "0101801234" not in text and "010180-1234" not in text


def cli() -> typer.Typer:
    app = typer.Typer()
    rekey_cmd.register(app)

    @app.command()
    def unused() -> None:  # a second command, so that `rekey` is a sub-command
        """Not used."""

    return app


def test_the_rekey_command_reports_and_reminds_to_back_up_the_key(
    loaded: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOSOC_HOME", str(paths.home))
    done = CliRunner().invoke(cli(), ["rekey"])
    assert done.exit_code == 0, done.output
    assert "Re-pseudonymised 4 rows in 1 table (persons)" in done.output
    assert "now holds 2 keys" in done.output and "Back it up now" in done.output
    nothing = CliRunner().invoke(cli(), ["rekey", "--resume"])
    assert nothing.exit_code == 0, nothing.output
    assert "Nothing to resume" in nothing.output
    assert resume_rekey(paths) is None
