"""The exit-code contract of docs/reference/cli.md, as a script calling `bosoc` sees it.

A bad command line is refused with one line and a hint (exit 2); a bug ends with one line
naming the log file that holds the traceback (exit 3). Neither shows a traceback, and
neither exits 1, which scripts read as "done, with warnings".
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_run import run_in_process

BAD_COMMAND_LINES = [
    ("ingset", "ingest"),  # a typo: the message suggests the command meant
    ("synth", "out_dir"),  # a required argument left out
    ("synth out --scale abc", "--scale"),  # not a number
    ("export out.csv --zone foo", "--zone"),  # not one of the choices
    ("synth out --bogus", "--bogus"),  # an option that does not exist
    ("indicators show", "indicator_id"),  # the same inside a command group
]


def bosoc(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOSOC_")}
    env |= {"BOSOC_HOME": str(home / "home"), "XDG_CONFIG_HOME": str(home / "config")}
    return subprocess.run(
        [sys.executable, "-m", "bosocdata", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_typo_as_a_script_sees_it_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = bosoc(["ingset", str(tmp_path)], tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "Fejl: No such command 'ingset'. Did you mean 'ingest'? (hint: se `bosoc --help`)"
    ]
    assert done.stdout == ""


@pytest.mark.parametrize(("command_line", "named"), BAD_COMMAND_LINES)
def test_a_bad_command_line_is_one_line_with_a_hint_and_exit_2(
    command_line: str,
    named: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BOSOC_HOME", str(tmp_path / "home"))
    code, out, err = run_in_process(command_line.split(), monkeypatch, capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert named in lines[0]  # says what was wrong
    assert "--help" in lines[0]  # and where to read more
    assert "Traceback" not in err + out
    assert not (tmp_path / "home").exists()  # nothing was done


def test_bosoc_alone_shows_the_help_and_refuses(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_in_process([], monkeypatch, capsys)
    assert code == 2
    assert "ingest" in out + err  # the list of commands
    assert "Traceback" not in out + err


def test_an_internal_error_names_the_log_with_the_traceback_and_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug in the code, not in the input")

    # A bug forced in-process: the function behind `bosoc criteria` fails unexpectedly.
    monkeypatch.setattr("bosocdata.assessment.criteria.classify_csv", broken)
    monkeypatch.setenv("BOSOC_HOME", str(tmp_path / "home"))
    code, out, err = run_in_process(["criteria", str(tmp_path / "in.csv")], monkeypatch, capsys)
    assert code == 3
    lines = err.strip().splitlines()
    log = tmp_path / "home" / "logs" / "bosoc.log"
    assert len(lines) == 1, err
    assert str(log) in lines[0]
    assert "Traceback" not in err + out
    logged = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "ZeroDivisionError: a bug in the code, not in the input" in logged


@pytest.mark.parametrize(
    "stopped",
    [
        RuntimeError("Query interrupted"),  # DuckDB, Ctrl-C during a fetch
        KeyboardInterrupt(),
    ],
    ids=["duckdb-fetch", "python"],
)
def test_ctrl_c_is_an_interruption_not_a_bug(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stopped: BaseException,
) -> None:
    """Ctrl-C in the middle of a query reaches `bosoc` as DuckDB's error, not as
    KeyboardInterrupt: it ends like any Ctrl-C (130, one line), not as "Intern fejl" (3)."""
    import duckdb

    def interrupted(*args: object, **kwargs: object) -> None:
        raise stopped

    monkeypatch.setattr("bosocdata.assessment.criteria.classify_csv", interrupted)
    monkeypatch.setenv("BOSOC_HOME", str(tmp_path / "home"))
    code, _out, err = run_in_process(["criteria", str(tmp_path / "in.csv")], monkeypatch, capsys)
    assert code == 130
    assert err.strip() == "Afbrudt (Ctrl-C)."
    assert not (tmp_path / "home" / "logs" / "bosoc.log").exists()  # nothing to look into

    monkeypatch.setattr(
        "bosocdata.assessment.criteria.classify_csv",
        lambda *a, **k: (_ for _ in ()).throw(duckdb.InterruptException("INTERRUPT Error")),
    )
    assert run_in_process(["criteria", str(tmp_path / "in.csv")], monkeypatch, capsys)[0] == 130


def test_a_home_that_is_a_file_is_refused_in_one_line(tmp_path: Path) -> None:
    """BOSOC_HOME set to a file (a typo, a copied path) ended as "Intern fejl" (exit 3)."""
    (tmp_path / "home").write_text("not a folder", encoding="utf-8")
    for args in (["compute"], ["users", "list"], ["ingest", str(tmp_path)]):
        done = bosoc(args, tmp_path)
        assert done.returncode == 2, done.stderr
        assert "is a file, not a folder" in done.stderr and "Intern fejl" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_listing_users_and_verifying_the_audit_log_create_nothing(tmp_path: Path) -> None:
    """Reading commands write nothing into the home: they work on an auditor's
    read-only copy of it."""
    home = tmp_path / "home"
    home.mkdir()
    for args in (["users", "list"], ["audit", "verify"], ["audit", "show"]):
        done = bosoc(args, tmp_path)
        assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in home.iterdir()) == []
