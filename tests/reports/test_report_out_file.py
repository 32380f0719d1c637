"""`bosoc report --out`: one report is a PDF named .pdf, and a path that cannot be
written is refused with one line naming it (exit 2), as `bosoc export` does."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_run import run_in_process

HAS_PROC = Path("/proc/self").is_dir()


def run_report(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    """`bosoc ARGS`: the exit code and the error screen, which never shows a traceback."""
    code, out, err = run_in_process(args, monkeypatch, capsys)
    assert "Traceback" not in out + err
    return code, err


@pytest.mark.parametrize(
    ("name", "suffix"), [("noext", "(none)"), ("x.docx", ".docx"), ("x.PDF.txt", ".txt")]
)
@pytest.mark.parametrize("what", [["soendergaard"], ["--intervention", "IND01"]])
def test_an_out_that_is_not_a_pdf_is_refused(
    name: str,
    suffix: str,
    what: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BOSOC_HOME", str(tmp_path / "home"))  # refused before any reading
    code, err = run_report(["report", *what, "--out", str(tmp_path / name)], monkeypatch, capsys)
    assert code == 2
    assert err.strip().splitlines() == [
        f"Fejl: cannot write {name}: unknown format {suffix} (hint: end the file name in .pdf)"
    ]
    assert not (tmp_path / name).exists()


def test_a_folder_as_the_report_is_refused_before_rendering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOSOC_HOME", str(tmp_path / "home"))
    folder = tmp_path / "rapport.pdf"
    folder.mkdir()
    code, err = run_report(["report", "soendergaard", "--out", str(folder)], monkeypatch, capsys)
    assert code == 2
    assert err.strip().splitlines() == [
        f"Fejl: cannot write the report {folder}: it is a folder "
        "(hint: give the name of a file, not of a folder)"
    ]


def test_a_file_where_a_folder_must_be_is_refused(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "passwd"
    a_file.write_text("x\n", encoding="utf-8")
    code, err = run_report(
        ["report", "soendergaard", "--out", str(a_file / "x.pdf")], monkeypatch, capsys
    )
    assert code == 2
    assert err.strip().splitlines() == [
        f"Fejl: cannot write the report {a_file / 'x.pdf'}: {a_file} is a file, not a folder "
        "(hint: choose a folder you can write to)"
    ]


@pytest.mark.skipif(not HAS_PROC, reason="needs Linux's /proc")
def test_a_system_folder_is_refused(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run_report(["report", "soendergaard", "--out", "/proc/x.pdf"], monkeypatch, capsys)
    assert code == 2
    assert err.strip().splitlines() == [
        "Fejl: cannot write the report /proc/x.pdf: the folder /proc takes no new files "
        "(hint: choose a folder you can write to)"
    ]


def test_a_missing_folder_is_made(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rapporter" / "2024" / "soendergaard.pdf"
    code, err = run_report(["report", "soendergaard", "--out", str(out)], monkeypatch, capsys)
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")
