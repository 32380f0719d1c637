"""A delivery cannot destroy what is stored: empty or mostly rejected registers refuse
the delivery whole, and earlier stores are kept and can be restored."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from bosocdata.auditlog import audit_log_path
from bosocdata.errors import BosocError, DeliveryRefused
from bosocdata.ingest import ingest_delivery
from bosocdata.ingest.snapshots import list_snapshots, restore_snapshot
from bosocdata.settings import Paths
from deliveries import (
    CPR_ANNA,
    CPR_BO,
    CPR_CARL,
    CPR_DORTE,
    minimal_delivery,
    write_delivery,
    write_register,
)

# Afterwards no CPR number of the delivery is in any file of the home folder (a byte
# scan, conftest.py), whatever the outcome.
pytestmark = pytest.mark.usefixtures("no_cpr_left")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def persons_count(store: Path) -> int:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return int(con.execute("SELECT count(*) FROM persons").fetchall()[0][0])
    finally:
        con.close()


def with_extra_persons(n: int) -> dict[str, list[dict[str, str]]]:
    """The minimal delivery with `n` more (valid, fictitious) persons: 4 + n in all."""
    registers = minimal_delivery()
    registers["persons"] += [{"cpr": f"0101{50 + i:02d}1000", "origin": "1"} for i in range(n)]
    return registers


def test_a_persons_file_with_a_header_and_no_rows_is_refused(tmp_path: Path, paths: Paths) -> None:
    ingest_delivery(write_delivery(tmp_path / "good"), paths)
    before = digest(paths.store)
    bad = write_delivery(tmp_path / "bad")
    write_register(bad, "persons", [], columns=["cpr", "origin"])
    with pytest.raises(DeliveryRefused) as error:
        ingest_delivery(bad, paths)
    assert "persons.csv" in error.value.message
    assert "no rows" in error.value.message
    assert "\n" not in error.value.message
    assert digest(paths.store) == before


def test_an_empty_optional_register_is_loaded_as_empty(tmp_path: Path, paths: Paths) -> None:
    delivery = write_delivery(tmp_path / "d")
    write_register(delivery, "evictions", [], columns=["address_id", "eviction_date"])
    report = ingest_delivery(delivery, paths)
    assert report.rows_loaded["evictions"] == 0


def test_a_register_losing_more_than_the_share_refuses_the_delivery(
    tmp_path: Path, paths: Paths
) -> None:
    ingest_delivery(write_delivery(tmp_path / "good"), paths)
    before = digest(paths.store)
    registers = with_extra_persons(6)  # 10 persons
    registers["persons"][4]["origin"] = "9"
    registers["persons"][5]["origin"] = "9"  # 2 of 10 rejected: 20 % > 10 %
    with pytest.raises(DeliveryRefused) as error:
        ingest_delivery(write_delivery(tmp_path / "bad", registers), paths)
    message = error.value.message
    assert "persons.csv" in message and "2 of 10 rows (20%)" in message
    assert digest(paths.store) == before
    # The rejects report is written all the same, so the administrator sees which rows.
    assert error.value.hint is not None and "rejects.csv" in error.value.hint
    assert len(list(paths.rejects_dir.glob("*-rejects.csv"))) == 1


def test_one_bad_row_in_ten_is_within_the_default_share(tmp_path: Path, paths: Paths) -> None:
    registers = with_extra_persons(6)
    registers["persons"][4]["origin"] = "9"  # 1 of 10: exactly 10 %, not more
    report = ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert report.rows_rejected == {"persons": 1}
    assert persons_count(paths.store) == 9


def test_the_share_is_a_setting(
    tmp_path: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    registers = with_extra_persons(6)
    for row in registers["persons"][4:8]:
        row["origin"] = "9"  # 4 of 10
    monkeypatch.setenv("BOSOC_INGEST_MAX_REJECTED_SHARE", "0.5")
    report = ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert report.rows_rejected == {"persons": 4}
    monkeypatch.setenv("BOSOC_INGEST_MAX_REJECTED_SHARE", "lots")
    with pytest.raises(BosocError, match="BOSOC_INGEST_MAX_REJECTED_SHARE"):
        ingest_delivery(write_delivery(tmp_path / "d2", with_extra_persons(1)), paths)


def test_a_required_register_left_without_valid_rows_is_refused_whatever_the_share(
    tmp_path: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOSOC_INGEST_MAX_REJECTED_SHARE", "1")
    ingest_delivery(write_delivery(tmp_path / "good"), paths)
    before = digest(paths.store)
    registers = minimal_delivery()
    for row in registers["areas"]:
        row["name"] = ""
    with pytest.raises(DeliveryRefused, match=r"areas\.csv: every one of its 2 rows"):
        ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    assert digest(paths.store) == before


def three_deliveries(tmp_path: Path, paths: Paths) -> list[str]:
    ids = []
    for n in (1, 2, 3):
        ids.append(
            ingest_delivery(
                write_delivery(tmp_path / f"d{n}", with_extra_persons(n)), paths
            ).delivery_id
        )
    return ids


def test_earlier_stores_are_kept_up_to_the_setting(
    tmp_path: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOSOC_SNAPSHOTS_KEEP", "1")
    _, second, _ = three_deliveries(tmp_path, paths)
    kept = list_snapshots(paths)
    assert [s.delivery_id for s in kept] == [second]  # the newest one before the current
    assert kept[0].rows_loaded is not None
    assert persons_count(kept[0].path) == 4 + 2
    assert persons_count(paths.store) == 4 + 3
    folder = kept[0].path.parent
    assert folder == paths.secure_dir / "snapshots"
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_kept_store_can_be_restored_and_the_restore_is_audited(
    tmp_path: Path, paths: Paths
) -> None:
    first, second, third = three_deliveries(tmp_path, paths)
    kept = list_snapshots(paths)
    assert [s.delivery_id for s in kept] == [second, first]
    oldest = kept[-1]
    restore_snapshot(paths, oldest.id)
    assert persons_count(paths.store) == 4 + 1
    assert paths.store.stat().st_mode & 0o777 == 0o600
    # The store it replaced is kept in turn, so the restore can be undone.
    assert third in [s.delivery_id for s in list_snapshots(paths)]
    entries = [json.loads(line) for line in audit_log_path(paths).read_text().splitlines()]
    restored = [e for e in entries if e["event"] == "snapshot_restored"]
    assert restored and restored[-1]["details"]["snapshot"] == oldest.id
    # The same delivery again is new to the restored store: it loads.
    again = ingest_delivery(tmp_path / "d3", paths)
    assert not again.already_loaded


def test_restoring_an_unknown_snapshot_is_refused(tmp_path: Path, paths: Paths) -> None:
    ingest_delivery(write_delivery(tmp_path / "d"), paths)
    before = digest(paths.store)
    with pytest.raises(BosocError, match="no kept snapshot"):
        restore_snapshot(paths, "../store")
    assert digest(paths.store) == before


@pytest.mark.slow
def test_the_command_on_a_header_only_persons_file_prints_one_line_and_exits_2(
    tmp_path: Path, paths: Paths
) -> None:
    bad = write_delivery(tmp_path / "bad")
    write_register(bad, "persons", [], columns=["cpr", "origin"])
    env = {**os.environ, "BOSOC_HOME": str(paths.home), "BOSOC_KEY_FILE": str(tmp_path / "k")}
    result = subprocess.run(
        [sys.executable, "-m", "bosocdata", "ingest", str(bad)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if "persons.csv" in line]
    assert len(errors) == 1 and "Traceback" not in result.stderr
    assert CPR_ANNA not in result.stderr


def test_a_snapshot_from_before_a_rekey_is_refused(tmp_path: Path, paths: Paths) -> None:
    from bosocdata.pseudonym.rekey import rekey_store

    ingest_delivery(write_delivery(tmp_path / "d1"), paths)
    ingest_delivery(write_delivery(tmp_path / "d2", with_extra_persons(1)), paths)
    (older,) = list_snapshots(paths)
    rekey_store(paths, actor="test")
    before = digest(paths.store)
    with pytest.raises(BosocError, match="another key chain"):
        restore_snapshot(paths, older.id)
    assert digest(paths.store) == before


def test_an_older_delivery_or_another_municipalitys_is_loaded_with_a_warning(
    tmp_path: Path, paths: Paths
) -> None:
    """Each delivery replaces what was stored: one that reaches fewer years (an older
    export loaded after a newer one) or holds other areas (another municipality's) would
    take the latest years off the web, or leave restricted users with no area, unsaid."""
    ingest_delivery(write_delivery(tmp_path / "new", minimal_delivery()), paths)
    older = minimal_delivery()
    older["residences"] = [
        {"cpr": CPR_ANNA, "address_id": "ADR1", "start": "2010-01-01", "end": ""},
        {"cpr": CPR_BO, "address_id": "ADR2", "start": "2015-03-01", "end": "2018-01-01"},
        {"cpr": CPR_CARL, "address_id": "ADR1", "start": "2004-02-29", "end": ""},
        {"cpr": CPR_DORTE, "address_id": "ADR2", "start": "2000-01-01", "end": "2017-05-01"},
    ]
    report = ingest_delivery(write_delivery(tmp_path / "older", older), paths)
    assert report.has_warnings
    assert any(
        w.startswith("residences: the delivery reaches 2017, where the store reached 2020")
        for w in report.warnings
    ), report.warnings
    other = minimal_delivery()
    other["areas"] = [{"area_id": "K1", "name": "Kvarter Et"}, {"area_id": "K2", "name": "To"}]
    other["area_addresses"] = [
        {"area_id": "K1", "address_id": "ADR1"},
        {"area_id": "K2", "address_id": "ADR3"},
    ]
    report = ingest_delivery(write_delivery(tmp_path / "other", other), paths)
    assert any(
        w.startswith("areas: 2 of the 2 stored areas are not in this delivery (A1, A2)")
        for w in report.warnings
    ), report.warnings


def test_a_newer_delivery_with_the_same_areas_gives_no_such_warning(
    tmp_path: Path, paths: Paths
) -> None:
    older = minimal_delivery()
    older["residences"] = older["residences"][:2]  # reaches 2018
    ingest_delivery(write_delivery(tmp_path / "older", older), paths)
    report = ingest_delivery(write_delivery(tmp_path / "newer", minimal_delivery()), paths)
    assert not [w for w in report.warnings if w.startswith(("residences:", "areas:"))]
