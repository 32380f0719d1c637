"""`bosoc` as a user runs it: in the test's own process, as `run()` ends it (what a user
sees on the screen and the exit code a script gets), or in a process of its own
(`bosoc_process`), exactly as the README tells a user to; and a computed home made so.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


def bosoc_process(home: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    """`python -m bosocdata ARGS` with `BOSOC_HOME=home` (a key file set outside the test
    is not used: the home makes its own)."""
    env = dict(os.environ, BOSOC_HOME=str(home))
    env.pop("BOSOC_KEY_FILE", None)
    return subprocess.run(
        [sys.executable, "-m", "bosocdata", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def computed_home(base: Path, *, scale: str, seed: str = "7") -> Path:
    """`base/home` after `bosoc synth` (into `base/delivery`), `ingest` and `compute`, each
    of which must succeed."""
    home, delivery = base / "home", base / "delivery"
    for args in (
        ("synth", str(delivery), "--scale", scale, "--seed", seed),
        ("ingest", str(delivery)),
        ("compute",),
    ):
        done = bosoc_process(home, *args)
        assert done.returncode == 0, f"bosoc {args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return home
