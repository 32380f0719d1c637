"""What an IT officer meets at the edges of a delivery: a CPR number hidden in what nobody
thinks of as data (a file's or a folder's name, an argument, an exception's text) is
never shown or logged whole, and a file that cannot be read refuses the delivery."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bosocdata.errors import DeliveryRefused
from bosocdata.ingest import ingest_delivery
from bosocdata.logs import get_logger
from bosocdata.settings import Paths
from deliveries import write_delivery

NUMBER = "0310542641"  # fictitious, as an IT officer might name a note about a person


def test_a_stray_file_named_with_a_cpr_number_is_named_masked(tmp_path: Path, paths: Paths) -> None:
    delivery = write_delivery(tmp_path / "d")
    (delivery / "031054-2641 notat.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (delivery / f"{NUMBER}.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    summary = ingest_delivery(delivery, paths).summary()
    assert "031054-xxxx notat.csv names no register" in summary
    assert "031054-xxxx.csv names no register" in summary
    assert "2641" not in summary


def test_a_refusal_quoting_a_path_with_a_cpr_number_masks_it(tmp_path: Path) -> None:
    missing = tmp_path / f"levering {NUMBER}"
    env = {**os.environ, "BOSOC_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-m", "bosocdata", "ingest", str(missing)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "levering 031054-xxxx" in done.stderr
    assert NUMBER not in done.stdout + done.stderr


def test_the_log_masks_what_its_callers_forgot(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "home")
    logger = get_logger(paths)
    logger.warning("could not read %s", f"/leverancer/{NUMBER}.csv")
    try:
        raise ValueError("bad cell 031054-2641 in row 3")
    except ValueError:
        logger.exception("a bug")
    for handler in logger.handlers:
        handler.flush()
    written = (paths.logs_dir / "bosoc.log").read_text(encoding="utf-8")
    assert "/leverancer/031054-xxxx.csv" in written
    assert "bad cell 031054-xxxx in row 3" in written  # the traceback too
    assert "2641" not in written
    # a traceback may quote data all the same: the log is its owner's only
    assert paths.logs_dir.stat().st_mode & 0o777 == 0o700
    assert (paths.logs_dir / "bosoc.log").stat().st_mode & 0o777 == 0o600


def test_a_file_that_cannot_be_read_refuses_the_delivery(
    tmp_path: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chmod 000 does not stop root, who runs the tests here: the system's refusal is
    # played by Path.open for that one file
    delivery = write_delivery(tmp_path / "d")
    real_open = Path.open

    def refusing_open(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "residences.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refusing_open)
    with pytest.raises(DeliveryRefused) as refused:
        ingest_delivery(delivery, paths)
    assert str(refused.value).startswith("residences.csv: the file cannot be read")
    assert "Permission denied" in str(refused.value)
    assert not paths.store.exists()  # nothing stored


def test_a_refused_delivery_is_in_the_operational_log_masked(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "logs").mkdir(parents=True)
    env = {**os.environ, "BOSOC_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "bosocdata", "ingest", str(tmp_path / f"levering {NUMBER}")],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    log = (home / "logs" / "bosoc.log").read_text(encoding="utf-8")
    assert "refused `bosoc ingest`: " in log and "levering 031054-xxxx: no such folder" in log
    assert NUMBER not in log
