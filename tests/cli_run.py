"""`bosoc` run in the test's own process, as `run()` ends it: for tests of what a user
sees on the screen and the exit code a script gets."""

from __future__ import annotations

import sys

import pytest

from bosocdata.cli import main


def run_in_process(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """`bosoc ARGS`: the exit code and the screen (out, err)."""
    monkeypatch.setattr(sys, "argv", ["bosoc", *args])
    code = 0
    try:
        main.run()
    except SystemExit as ended:  # a failure ends with its code; success may just return
        code = int(ended.code or 0)
    screen = capsys.readouterr()
    return code, screen.out, screen.err
