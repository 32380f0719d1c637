"""The store is opened with a memory limit and spills inside the secure zone only.

A national-scale store does not fit in memory: DuckDB must spill what does not fit,
and the spilled pages hold pseudonymised person data, so they belong in the secure
zone, in a folder no one else can read.
"""

from __future__ import annotations

import stat
from pathlib import Path

import duckdb
import pytest

from bosocdata.errors import BosocError
from bosocdata.settings import Paths
from bosocdata.store import open_store


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    monkeypatch.delenv("BOSOC_SPILL_DIR", raising=False)
    monkeypatch.delenv("BOSOC_DUCKDB_MEMORY_LIMIT", raising=False)
    paths = Paths(tmp_path / "home")
    paths.secure_dir.mkdir(parents=True)
    duckdb.connect(str(paths.store)).close()
    return paths


def setting(con: duckdb.DuckDBPyConnection, name: str) -> str:
    row = con.execute(f"SELECT current_setting('{name}')").fetchone()
    assert row is not None
    return str(row[0])


def test_the_store_spills_inside_the_secure_zone(paths: Paths) -> None:
    paths.secure_dir.chmod(0o700)  # as ingest makes it
    con = open_store(paths, read_only=False)
    try:
        spill = Path(setting(con, "temp_directory"))
    finally:
        con.close()
    assert spill == paths.secure_dir / "spill"


def test_a_spill_folder_of_its_own_is_made_closed_to_others(
    paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOSOC_SPILL_DIR", str(tmp_path / "fast-disk" / "bosoc-spill"))
    con = open_store(paths)
    try:
        spill = Path(setting(con, "temp_directory"))
    finally:
        con.close()
    assert spill == tmp_path / "fast-disk" / "bosoc-spill"
    assert spill.is_dir() and stat.S_IMODE(spill.stat().st_mode) == 0o700


def test_the_memory_limit_is_the_setting(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOSOC_DUCKDB_MEMORY_LIMIT", "1GB")
    con = open_store(paths)
    try:
        limit = setting(con, "memory_limit")
    finally:
        con.close()
    assert limit == "953.6 MiB", "DuckDB shows 1 GB (10^9 bytes) in MiB"


def test_a_memory_limit_that_is_no_size_is_refused_with_a_hint(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOSOC_DUCKDB_MEMORY_LIMIT", "lots")
    with pytest.raises(BosocError, match="BOSOC_DUCKDB_MEMORY_LIMIT") as refused:
        open_store(paths)
    assert refused.value.hint
