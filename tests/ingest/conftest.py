"""Fixtures of the ingest tests."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# `tests/deliveries.py` is a shared helper module; make it importable as `deliveries`.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bosocdata.settings import Paths
from deliveries import assert_no_delivered_cpr_left


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """A fresh, empty $BOSOC_HOME with the key file in its default place: a per-user
    configuration folder of this test's own, apart from the home."""
    monkeypatch.delenv("BOSOC_KEY_FILE", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return Paths(tmp_path / "home")


@pytest.fixture
def rejects_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Row-level tests on tiny deliveries reject a large share of a register's rows on
    purpose; the guard that refuses such a delivery whole is tested on its own
    (test_ingest_guards.py)."""
    monkeypatch.setenv("BOSOC_INGEST_MAX_REJECTED_SHARE", "1")


@pytest.fixture
def no_cpr_left(tmp_path: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """After the test, no CPR number of the test's deliveries is in any file of the home
    folder (store, snapshots, logs, audit log, rejects reports, spill and temporary files,
    the published zone), beside the key, or in the system's temporary folder.

    The numbers looked for are read from the deliveries themselves (every file under
    `tmp_path` outside the home, the key folder and the temporary folder), so they are
    exactly those the delivery held; a test whose deliveries hold none fails, since a scan
    for nothing proves nothing. The system's temporary folder is one of the test's own
    (`tempfile` and `TMPDIR`, for subprocesses too), so that another run on the machine
    cannot disturb the scan."""
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir(exist_ok=True)
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    monkeypatch.setenv("TMPDIR", str(system_temp))
    yield
    assert_no_delivered_cpr_left(tmp_path, paths.home, paths.key_file, system_temp)
