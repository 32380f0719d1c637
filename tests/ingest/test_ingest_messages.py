"""Messages never quote a file: a missing header row, a symbolic link and an oversized
workbook are refused naming the file and what was expected, never a row of it."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest

from bosocdata.auditlog import audit_log_path
from bosocdata.errors import BosocError, DeliveryRefused
from bosocdata.ingest import ingest_delivery
from bosocdata.settings import Paths
from deliveries import (
    CPR_ANNA,
    minimal_delivery,
    stored_fingerprint,
    write_delivery,
    write_register,
)

# Afterwards no CPR number of the delivery is in any file of the home folder (a byte
# scan, conftest.py), whatever the outcome.
pytestmark = pytest.mark.usefixtures("no_cpr_left")


def drop_header(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def a_good_store(tmp_path: Path, paths: Paths) -> dict[str, str]:
    """Load a good delivery first, so that the refusal is shown to leave it unchanged."""
    ingest_delivery(write_delivery(tmp_path / "good"), paths)
    return stored_fingerprint(paths.home)


def texts_written(paths: Paths) -> str:
    """The operational log and the audit log, where a refusal is recorded."""
    logs = [paths.logs_dir / "bosoc.log", audit_log_path(paths)]
    return "".join(p.read_text(encoding="utf-8") for p in logs if p.is_file())


@pytest.mark.parametrize("register", ["persons", "residences"])
def test_a_missing_header_row_is_refused_without_quoting_the_first_row(
    tmp_path: Path, paths: Paths, register: str
) -> None:
    before = a_good_store(tmp_path, paths)
    registers = minimal_delivery()
    registers["persons"][0]["origin_country"] = "DK"  # first data row: CPR, origin, country
    delivery = write_delivery(tmp_path / "d", registers)
    drop_header(delivery / f"{register}.csv")
    with pytest.raises(DeliveryRefused) as error:
        ingest_delivery(delivery, paths)
    message = str(error.value)
    assert f"{register}.csv" in message
    assert "is the header row missing?" in message
    assert "cpr" in message  # the expected columns are named
    written = message + texts_written(paths)
    assert "010180" not in written and "150695" not in written
    assert "ADR1" not in written and "2010-01-01" not in written
    assert stored_fingerprint(paths.home) == before


def test_a_real_header_with_a_typo_still_shows_its_names(tmp_path: Path, paths: Paths) -> None:
    before = a_good_store(tmp_path, paths)
    delivery = write_delivery(tmp_path / "d")
    write_register(delivery, "areas", [{"area_id": "A1", "navn": "Et"}])
    with pytest.raises(DeliveryRefused) as error:
        ingest_delivery(delivery, paths)
    assert "found: area_id, navn" in error.value.message
    assert stored_fingerprint(paths.home) == before


@pytest.mark.parametrize("target", ["passwd", "persons"])
def test_a_symbolic_link_is_refused_without_reading_it(
    tmp_path: Path, paths: Paths, target: str
) -> None:
    before = a_good_store(tmp_path, paths)
    outside = tmp_path / "outside"
    outside.mkdir()
    if target == "passwd":
        secret = outside / "passwd"
        secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    else:
        secret = write_register(outside, "persons", minimal_delivery()["persons"])
    delivery = write_delivery(tmp_path / "d")
    (delivery / "persons.csv").unlink()
    os.symlink(secret, delivery / "persons.csv")
    with pytest.raises(DeliveryRefused) as error:
        ingest_delivery(delivery, paths)
    message = str(error.value)
    assert "persons.csv" in message and "symbolic link" in message
    assert "root:" not in message + texts_written(paths)
    assert CPR_ANNA[:6] not in message
    assert stored_fingerprint(paths.home) == before


def test_a_workbook_unpacking_to_400_mb_is_refused_before_it_is_read(
    tmp_path: Path, paths: Paths
) -> None:
    before = a_good_store(tmp_path, paths)
    delivery = write_delivery(tmp_path / "d")
    (delivery / "areas.csv").unlink()
    workbook = write_register(delivery, "areas", minimal_delivery()["areas"], fmt="xlsx")
    with (
        zipfile.ZipFile(workbook, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w", force_zip64=True) as part,
    ):
        for _ in range(400):
            part.write(b"\0" * 1_000_000)
    assert workbook.stat().st_size < 5_000_000  # small on disk, 400 MB unpacked
    started = time.monotonic()
    with pytest.raises(DeliveryRefused) as error:
        ingest_delivery(delivery, paths)
    assert time.monotonic() - started < 20
    message = error.value.message
    assert "areas.xlsx" in message and "unpacks to 400 MB" in message
    assert "BOSOC_XLSX_MAX_MB=200" in message
    assert stored_fingerprint(paths.home) == before


def test_the_workbook_cap_is_a_setting(
    tmp_path: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    delivery = write_delivery(tmp_path / "d")
    (delivery / "areas.csv").unlink()
    write_register(delivery, "areas", minimal_delivery()["areas"], fmt="xlsx")
    monkeypatch.setenv("BOSOC_XLSX_MAX_MB", "none")
    with pytest.raises(BosocError, match="BOSOC_XLSX_MAX_MB must be a whole number"):
        ingest_delivery(delivery, paths)
    monkeypatch.setenv("BOSOC_XLSX_MAX_MB", "1")  # a few kB: within 1 MB
    report = ingest_delivery(delivery, paths)
    assert report.rows_loaded["areas"] == 2


def test_a_polygon_with_an_unknown_area_id_is_refused_without_quoting_an_unsafe_id(
    tmp_path: Path, paths: Paths
) -> None:
    from deliveries import feature_collection, square

    before = a_good_store(tmp_path, paths)
    polygons = {"A1": square(574000, 6224000, 2000), CPR_ANNA: square(579000, 6229000, 2000)}
    delivery = write_delivery(tmp_path / "d", geojson=feature_collection(polygons, "EPSG:25832"))
    with pytest.raises(DeliveryRefused) as error:
        ingest_delivery(delivery, paths)
    message = str(error.value)
    assert "areas.geojson: feature 2" in message and "not shown" in message
    assert CPR_ANNA[:6] not in message + texts_written(paths)
    assert stored_fingerprint(paths.home) == before
