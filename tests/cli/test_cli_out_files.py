"""`bosoc export OUT_FILE`: a path that cannot be written is the user's to fix.

A system folder, a folder given as the file, a file standing where a folder must be,
an unknown suffix and `--danish` with a format that is not CSV: each is refused with one
line naming the path and a hint (exit 2), never an "Intern fejl" (exit 3) with a
traceback in the log. A missing folder is made, as `bosoc report` does.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bosocdata.publish.zone import write_published_zone
from bosocdata.settings import Paths
from cli_run import run_in_process

HAS_PROC = Path("/proc/self").is_dir()  # Linux: /proc takes no new files, even for root


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home with a small published zone; BOSOC_HOME points at it."""
    home = tmp_path / "home"
    table = pd.DataFrame(
        {
            "area_id": ["A1"],
            "area_name": ["Birkeparken"],
            "period": [2024],
            "indicator_id": ["boern_unge_under_18"],
            "unit": ["pct"],
            "numerator": [40.0],
            "denominator": [100.0],
            "value": [40.0],
            "ci_low": [30.9],
            "ci_high": [49.8],
            "benchmark": [25.0],
            "comparison": ["worse"],
            "suppressed": [False],
        }
    )
    write_published_zone(
        Paths(home).published,
        indicator_table=table,
        areas=pd.DataFrame({"area_id": ["A1"], "name": ["Birkeparken"]}),
        indicators=pd.DataFrame({"indicator_id": ["boern_unge_under_18"]}),
        meta={},
    )
    monkeypatch.setenv("BOSOC_HOME", str(home))
    return home


def refused(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    """The one line of a command refused with exit 2 (no traceback, no internal error)."""
    code, out, err = run_in_process(args, monkeypatch, capsys)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in out + err and "Intern fejl" not in err
    return lines[0]


@pytest.mark.skipif(not HAS_PROC, reason="needs Linux's /proc")
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_a_system_folder_is_refused_naming_the_path(
    suffix: str,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    line = refused(["export", f"/proc/x{suffix}"], monkeypatch, capsys)
    assert f"/proc/x{suffix}" in line
    assert "choose a folder you can write to" in line
    log = home / "logs" / "bosoc.log"
    assert not log.exists() or "Traceback" not in log.read_text(encoding="utf-8")


def test_a_folder_given_as_the_file_is_refused(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "somedir.csv"
    folder.mkdir()
    line = refused(["export", str(folder)], monkeypatch, capsys)
    assert str(folder) in line and "is a folder" in line
    assert "hint: give the name of a file" in line
    assert list(folder.iterdir()) == []


def test_a_file_where_a_folder_must_be_is_refused(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "passwd"
    a_file.write_text("root:x:0:0\n", encoding="utf-8")
    line = refused(["export", str(a_file / "x.csv")], monkeypatch, capsys)
    assert f"{a_file} is a file, not a folder" in line
    assert "choose a folder you can write to" in line
    assert a_file.read_text(encoding="utf-8") == "root:x:0:0\n"


def test_a_missing_folder_is_made_and_the_export_written(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "eksport" / "2024" / "x.csv"
    code, screen, err = run_in_process(["export", str(out)], monkeypatch, capsys)
    assert code == 0, err
    assert screen.strip() == f"Skrev 1 rækker til {out}"
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("A1,Birkeparken,2024,")


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("x.xlsx", "leave out --danish: Excel shows a .xlsx with decimal comma by itself"),
        ("x.parquet", "leave out --danish, or end the file name in .csv"),
    ],
)
def test_danish_is_for_csv_only(
    name: str,
    hint: str,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    line = refused(["export", str(tmp_path / name), "--danish"], monkeypatch, capsys)
    assert f"--danish is for a .csv file, not for {name}" in line
    assert hint in line
    assert not (tmp_path / name).exists()


def test_an_unknown_suffix_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOSOC_HOME", str(tmp_path / "nothing-computed"))
    line = refused(["export", str(tmp_path / "x.json")], monkeypatch, capsys)
    assert line == (
        "Fejl: cannot write x.json: unknown format .json "
        "(hint: end the file name in .csv, .xlsx or .parquet)"
    )
