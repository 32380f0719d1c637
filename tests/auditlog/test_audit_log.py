"""The audit log: a chain that verifies, and every kind of tampering found by line."""

from __future__ import annotations

import hashlib
import itertools
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bosocdata.auditlog import GENESIS_HASH, audit_head_path, audit_log_path, record, verify
from bosocdata.errors import BosocError
from bosocdata.settings import Paths


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path / "home")


def write_five(paths: Paths) -> list[str]:
    """Five entries; returns the log's lines."""
    record(paths, "login", actor="anna", details={"client": "127.0.0.1"})
    record(paths, "area_viewed", actor="anna", details={"area_id": "A01"})
    record(paths, "export", actor="anna", details={"rows": 12, "format": "csv"})
    record(paths, "user_added", actor="cli:root", details={"username": "bo", "role": "viewer"})
    record(paths, "logout", actor="anna")
    return read_log(paths)


def read_log(paths: Paths) -> list[str]:
    return audit_log_path(paths).read_text(encoding="utf-8").splitlines()


def write_log(paths: Paths, lines: list[str]) -> None:
    audit_log_path(paths).write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def sha256_of_entry_without_hash(entry: dict[str, object]) -> str:
    """The format spelled out independently: sorted keys, no spaces, UTF-8."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_a_chain_of_entries_verifies(paths: Paths) -> None:
    write_five(paths)

    result = verify(paths)

    assert result.ok
    assert result.entries == 5
    assert result.problems == []


def test_each_entry_carries_the_hash_of_the_one_before_and_its_own(paths: Paths) -> None:
    entries = [json.loads(line) for line in write_five(paths)]

    assert entries[0]["prev_hash"] == GENESIS_HASH == "0" * 64
    for before, after in itertools.pairwise(entries):
        assert after["prev_hash"] == before["hash"]
    for number, entry in enumerate(entries, start=1):
        assert entry["seq"] == number
        assert entry["hash"] == sha256_of_entry_without_hash(entry)
    head = json.loads(audit_head_path(paths).read_text(encoding="utf-8"))
    assert head == {"count": 5, "hash": entries[-1]["hash"]}


def test_timestamps_are_utc_iso_8601(paths: Paths) -> None:
    record(paths, "compute", actor="cli:root", now=datetime(2025, 3, 1, 12, 30, tzinfo=UTC))
    entry = json.loads(read_log(paths)[0])
    assert entry["ts"] == "2025-03-01T12:30:00.000000Z"
    assert datetime.fromisoformat(entry["ts"]).utcoffset() is not None


@pytest.mark.parametrize("line_number", [1, 3, 5])
@pytest.mark.parametrize(
    ("field", "new_value"),
    [
        ("seq", 99),
        ("ts", "2020-01-01T00:00:00.000000Z"),
        ("event", "failed_login"),
        ("actor", "mallory"),
        ("details", {"area_id": "B02"}),
        ("prev_hash", "f" * 64),
        ("hash", "e" * 64),
    ],
)
def test_editing_any_field_of_any_entry_is_detected_naming_the_line(
    paths: Paths, line_number: int, field: str, new_value: object
) -> None:
    lines = write_five(paths)
    entry = json.loads(lines[line_number - 1])
    assert entry[field] != new_value
    entry[field] = new_value
    lines[line_number - 1] = json.dumps(entry, sort_keys=True, separators=(",", ":"))
    write_log(paths, lines)

    result = verify(paths)

    assert not result.ok
    assert any(p.startswith(f"line {line_number}:") for p in result.problems), result.problems


def test_an_edit_with_a_recomputed_hash_is_still_caught_by_the_next_line(paths: Paths) -> None:
    lines = write_five(paths)
    entry = json.loads(lines[1])
    entry["details"] = {"area_id": "B02"}
    entry["hash"] = sha256_of_entry_without_hash(entry)
    lines[1] = json.dumps(entry, sort_keys=True, separators=(",", ":"))
    write_log(paths, lines)

    result = verify(paths)

    assert any(p.startswith("line 3: chain broken") for p in result.problems), result.problems


def test_deleting_an_entry_in_the_middle_is_detected(paths: Paths) -> None:
    lines = write_five(paths)
    write_log(paths, lines[:2] + lines[3:])

    result = verify(paths)

    assert not result.ok
    assert any(p.startswith("line 3: chain broken") for p in result.problems), result.problems
    assert any(p.startswith("line 3: holds entry number 4") for p in result.problems)


def test_deleting_the_first_entry_is_detected(paths: Paths) -> None:
    write_log(paths, write_five(paths)[1:])

    result = verify(paths)

    assert any(p.startswith("line 1: chain broken") for p in result.problems), result.problems


def test_deleting_the_last_entry_is_detected_through_the_head(paths: Paths) -> None:
    write_log(paths, write_five(paths)[:-1])

    result = verify(paths)

    assert not result.ok
    assert result.entries == 4
    assert len(result.problems) == 1
    assert result.problems[0].startswith("line 5: 1 entry missing at the end")


def test_swapping_two_entries_is_detected(paths: Paths) -> None:
    lines = write_five(paths)
    lines[1], lines[3] = lines[3], lines[1]
    write_log(paths, lines)

    result = verify(paths)

    named = {p.split(":")[0] for p in result.problems}
    assert {"line 2", "line 4"} <= named, result.problems


def test_an_appended_line_not_written_by_bosocdata_is_detected(paths: Paths) -> None:
    lines = write_five(paths)
    write_log(paths, [*lines, lines[-1]])

    result = verify(paths)

    assert any(p.startswith("line 6:") for p in result.problems), result.problems


def test_a_missing_head_is_reported(paths: Paths) -> None:
    write_five(paths)
    audit_head_path(paths).unlink()

    result = verify(paths)

    assert not result.ok
    assert "missing" in result.problems[0]


@pytest.mark.parametrize("damage", ["truncated", "deleted", "head deleted", "tail rewritten"])
def test_no_entry_is_chained_onto_a_damaged_log_so_the_damage_stays_visible(
    paths: Paths, damage: str
) -> None:
    """Appending to a log cut short would re-anchor the head, and the next `verify` would
    find nothing wrong: the next command refuses instead (exit 2), the log unchanged."""
    lines = write_five(paths)
    if damage == "truncated":
        write_log(paths, lines[:3])
    elif damage == "deleted":
        audit_log_path(paths).unlink()
    elif damage == "head deleted":
        audit_head_path(paths).unlink()
    else:
        forged = json.loads(lines[-1]) | {"actor": "mallory"}
        forged["hash"] = sha256_of_entry_without_hash(forged)
        write_log(paths, [*lines[:-1], json.dumps(forged, sort_keys=True, separators=(",", ":"))])
    before = audit_log_path(paths).read_bytes() if audit_log_path(paths).exists() else b""

    with pytest.raises(BosocError, match="nothing more is recorded"):
        record(paths, "user_added", actor="cli:root", details={"username": "yan"})

    assert audit_log_path(paths).read_bytes() == before
    assert not verify(paths).ok


def test_an_append_interrupted_before_its_head_was_rewritten_is_carried_on(
    paths: Paths,
) -> None:
    """A crash between writing the line and rewriting the head leaves the head one entry
    behind, chained to it: the next append goes on, and the log verifies."""
    write_five(paths)
    head = audit_head_path(paths)
    saved = head.read_bytes()
    record(paths, "login", actor="anna")
    head.write_bytes(saved)  # as if the process had died before rewriting the head

    record(paths, "logout", actor="anna")

    result = verify(paths)
    assert result.ok, result.problems
    assert result.entries == 7


def test_an_empty_log_verifies(paths: Paths) -> None:
    result = verify(paths)
    assert result.ok
    assert result.entries == 0


def test_a_cpr_number_in_details_is_masked(paths: Paths) -> None:
    record(paths, "ingest", actor="cli:root", details={"note": "row of 0102031234 and 010203-1234"})

    text = audit_log_path(paths).read_text(encoding="utf-8")

    assert "1234" not in text
    assert "010203-xxxx" in text
    assert verify(paths).ok


def test_a_hash_in_details_is_not_mistaken_for_a_cpr_number(paths: Paths) -> None:
    digest = "ab" + "0102031234" + "cd" * 26
    record(paths, "ingest", actor="cli:root", details={"delivery_id": digest})
    assert digest in audit_log_path(paths).read_text(encoding="utf-8")


def test_an_unknown_event_is_refused(paths: Paths) -> None:
    with pytest.raises(ValueError, match="unknown audit event"):
        record(paths, "lgoin", actor="anna")


def test_two_processes_appending_at_once_keep_one_chain(paths: Paths) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from bosocdata.auditlog import record\n"
        "from bosocdata.settings import Paths\n"
        "paths = Paths(Path(sys.argv[1]))\n"
        "for i in range(40):\n"
        "    record(paths, 'area_viewed', actor=sys.argv[2], details={'i': i})\n"
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", script, str(paths.home), name])
        for name in ("first", "second")
    ]
    assert [w.wait(timeout=60) for w in workers] == [0, 0]

    result = verify(paths)

    assert result.ok, result.problems
    assert result.entries == 80


def test_the_documented_example_entry_has_the_hash_sha256sum_gives(paths: Paths) -> None:
    # `printf '%s' '{"actor":"kirsten",...,"ts":"2025-03-01T08:15:02.000000Z"}' | sha256sum`
    # (the entry without its hash, as in docs/concepts/access-and-audit.md)
    record(
        paths,
        "login",
        actor="kirsten",
        details={"client": "127.0.0.1"},
        now=datetime(2025, 3, 1, 8, 15, 2, tzinfo=UTC),
    )
    entry = json.loads(read_log(paths)[0])
    assert entry["hash"] == "c5ae5b0c268eaab349dd256b285f3822980108b58694bcbd6a560f4374dd11a4"
