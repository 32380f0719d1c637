"""Temporary and spill files are private and live in the secure zone; an ingest killed
with kill -9 leaves the store intact, and the next ingest records it in the audit log
and removes what it left."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from bosocdata.auditlog import audit_log_path
from bosocdata.ingest import ingest_delivery
from bosocdata.settings import Paths
from deliveries import (
    CPR_BO,
    all_cprs,
    cpr_numbers_in_bytes,
    minimal_delivery,
    write_delivery,
)


def audit_entries(paths: Paths) -> list[dict[str, object]]:
    return [json.loads(line) for line in audit_log_path(paths).read_text().splitlines()]


def outcomes(paths: Paths) -> list[object]:
    """The `outcome` of every ingest entry of the audit log, in order."""
    return [e["details"].get("outcome") for e in audit_entries(paths) if e["event"] == "ingest"]  # type: ignore[union-attr]


def started(paths: Paths) -> list[object]:
    """The `started_at` of every interrupted-ingest entry."""
    return [
        e["details"]["started_at"]  # type: ignore[index]
        for e in audit_entries(paths)
        if e["details"].get("outcome") == "interrupted"  # type: ignore[union-attr]
    ]


def modes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): stat.S_IMODE(p.stat().st_mode) for p in folder.rglob("*")}


def test_everything_ingest_writes_in_the_secure_zone_is_private(
    tmp_path: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOSOC_INGEST_MAX_REJECTED_SHARE", "1")
    system_temp = tmp_path / "system-temp"  # the system's temporary folder, for this test
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    ingest_delivery(write_delivery(tmp_path / "d1"), paths)
    registers = minimal_delivery()
    registers["persons"].append({"cpr": "310290-1111", "origin": "1"})  # a rejected row
    ingest_delivery(write_delivery(tmp_path / "d2", registers), paths)
    found = modes(paths.secure_dir)
    assert "store.duckdb" in found and any(k.startswith("rejects/") for k in found)
    assert any(k.startswith("snapshots/") for k in found)
    for name, mode in found.items():
        is_dir = (paths.secure_dir / name).is_dir()
        assert mode == (0o700 if is_dir else 0o600), (name, oct(mode))
    # Nothing is left: no marker, no spill folder, no temporary store, nothing in /tmp.
    assert not [k for k in found if k.startswith(".") or "/.ingest-" in k or ".tmp" in k]
    assert list(system_temp.iterdir()) == []


def test_the_next_ingest_records_an_interrupted_one_and_cleans_up(
    tmp_path: Path, paths: Paths
) -> None:
    ingest_delivery(write_delivery(tmp_path / "d1"), paths)
    # What a killed ingest leaves (written here by hand, as kill -9 would leave them).
    marker = paths.secure_dir / ".ingest-running"
    marker.write_text(json.dumps({"started_at": "2026-01-02T03:04:05+00:00", "source_dir": "/x"}))
    temporary = paths.secure_dir / ".store.duckdb.0123456789abcdef.tmp"
    temporary.write_bytes(b"half a store")
    (paths.secure_dir / ".store.duckdb.0123456789abcdef.tmp.wal").write_bytes(b"wal")
    spill = paths.secure_dir / "spill" / ".ingest-abc123"
    spill.mkdir(parents=True)
    (spill / "duckdb_temp_block.tmp").write_bytes(CPR_BO.encode())  # raw data may spill
    registers = minimal_delivery()
    registers["areas"][0]["name"] = "Nyt navn"
    ingest_delivery(write_delivery(tmp_path / "d2", registers), paths)
    assert started(paths) == ["2026-01-02T03:04:05+00:00"]
    left = [p.name for p in paths.secure_dir.rglob("*") if p.name.startswith(".")]
    assert left == []
    # A clean run leaves no marker, so the run after it records nothing interrupted.
    ingest_delivery(write_delivery(tmp_path / "d1"), paths)
    assert (
        len([e for e in audit_entries(paths) if e["details"].get("outcome") == "interrupted"]) == 1
    )  # type: ignore[union-attr]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def synthetic_delivery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "delivery"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bosocdata",
            "synth",
            str(out),
            "--scale",
            "0.002",
            "--years",
            "2022-2024",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


def raw_cprs(delivery: Path) -> set[str]:
    """Every CPR number of the persons file, as ten digits."""
    lines = (delivery / "persons.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    return {line.split(",")[0].split(";")[0].replace("-", "") for line in lines}


@pytest.mark.slow
def test_kill_9_while_writing_leaves_the_store_intact_and_is_recorded_next_time(
    tmp_path: Path, paths: Paths, synthetic_delivery: Path
) -> None:
    first = write_delivery(tmp_path / "first")
    ingest_delivery(first, paths)
    before = digest(paths.store)
    env = {**os.environ, "BOSOC_HOME": str(paths.home), "BOSOC_KEY_FILE": str(paths.key_file)}
    process = subprocess.Popen(
        [sys.executable, "-m", "bosocdata", "ingest", str(synthetic_delivery)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    leftovers: list[Path] = []
    while time.monotonic() < deadline and process.poll() is None:
        leftovers = list(paths.secure_dir.glob(".store.duckdb.*.tmp"))
        if leftovers:
            break
        time.sleep(0.005)
    assert leftovers, "the ingest ended before it wrote its temporary store"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    # The old store is untouched; what the killed run left is private.
    assert digest(paths.store) == before
    assert (paths.secure_dir / ".ingest-running").exists()
    for path in paths.secure_dir.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path.name, oct(mode))
    # The next ingest records the interrupted one, cleans up and loads.
    report = ingest_delivery(synthetic_delivery, paths)
    assert report.rows_loaded["persons"] > 1000
    assert outcomes(paths).count("interrupted") == 1
    assert not [p for p in paths.secure_dir.rglob("*") if p.name.startswith(".")]
    # No raw CPR number anywhere under the home folder or beside the key.
    numbers = raw_cprs(synthetic_delivery) | all_cprs(minimal_delivery())
    assert cprs_in_files(paths.home.rglob("*"), paths) & numbers == set()


def cprs_in_files(files: Iterable[Path], paths: Paths) -> set[str]:
    """Every ten-digit run (with or without the dash) found in the bytes of `files`."""
    found: set[str] = set()
    for path in files:
        if path.is_file() and path != paths.key_file:
            found |= cpr_numbers_in_bytes(path.read_bytes())
    return found


def test_the_cpr_scan_skips_pseudonym_digits_but_not_a_cpr_number_beside_one() -> None:
    pseudonym = b"ab" + b"0101852727" + b"c" * 52
    assert cpr_numbers_in_bytes(b"\x00" + pseudonym + b"\x00") == set()
    assert cpr_numbers_in_bytes(pseudonym + b"010185-2727;") == {"0101852727"}
    assert cpr_numbers_in_bytes(b"\x0a0101852727abc") == {"0101852727"}
