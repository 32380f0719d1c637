"""The pseudonymisation key lives apart from the data by default.

Whoever has a copy of `$BOSOC_HOME` and the key can undo the pseudonyms (every CPR number
can be tried), so a backup of the data must not carry the key. The default is the
per-user configuration folder; `BOSOC_KEY_FILE` puts it anywhere else; `bosoc` warns in
one line when the key is inside `$BOSOC_HOME`.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from bosocdata.cli import main
from bosocdata.ingest import ingest_delivery
from bosocdata.settings import Paths, default_key_file
from deliveries import write_delivery


def test_ingest_without_any_setting_puts_the_key_in_the_config_folder_not_the_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    paths = Paths(tmp_path / "home")
    ingest_delivery(write_delivery(tmp_path / "delivery"), paths)
    key = config / "bosocdata" / "pseudonym.key"
    assert key.is_file()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    assert [p for p in paths.home.rglob("*key*") if p.is_file()] == []  # nothing of it here
    assert b"bosoc-key" not in b"".join(
        p.read_bytes() for p in paths.home.rglob("*") if p.is_file()
    )


def test_without_xdg_config_home_the_key_is_under_dot_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_key_file() == tmp_path / ".config" / "bosocdata" / "pseudonym.key"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")  # ignored, as XDG says
    assert default_key_file() == tmp_path / ".config" / "bosocdata" / "pseudonym.key"


def test_bosoc_key_file_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOSOC_KEY_FILE", str(tmp_path / "vault" / "bosoc.key"))
    assert Paths(tmp_path / "home").key_file == tmp_path / "vault" / "bosoc.key"


def bosoc_stderr(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> list[str]:
    """The lines `bosoc ARGS` writes to stderr, when it ends well (exit 0)."""
    monkeypatch.setattr(sys, "argv", ["bosoc", *args])
    main.run()  # exit 0 returns; any other exit code raises SystemExit
    return capsys.readouterr().err.strip().splitlines()


def test_a_home_from_before_keeps_its_key_and_bosoc_warns_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    legacy = home / "pseudonym.key"  # the default place of earlier versions
    legacy.write_bytes(b"k" * 32)
    legacy.chmod(0o600)
    monkeypatch.setenv("BOSOC_HOME", str(home))
    assert Paths.from_env().key_file == legacy  # its store was made under this key
    lines = bosoc_stderr(["indicators", "list"], monkeypatch, capsys)
    assert len(lines) == 1
    assert str(legacy) in lines[0] and "BOSOC_KEY_FILE" in lines[0]


def test_a_key_file_set_inside_the_home_is_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOSOC_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BOSOC_KEY_FILE", str(tmp_path / "home" / "secure" / "my.key"))
    lines = bosoc_stderr(["indicators", "list"], monkeypatch, capsys)
    assert len(lines) == 1 and "my.key" in lines[0]


def test_no_warning_when_the_key_is_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOSOC_HOME", str(tmp_path / "home"))
    assert bosoc_stderr(["indicators", "list"], monkeypatch, capsys) == []
