"""`bosoc demo` and `bosoc serve` refuse a busy port at once, before any work.

Before, `make demo` with port 8000 taken built the whole municipality, printed the URL of
someone else's server and then failed with uvicorn's `Errno 98`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bosocdata.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port another program is listening on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield int(other.getsockname()[1])


def bosoc(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOSOC_")}
    env |= {"BOSOC_HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    return subprocess.run(
        [sys.executable, "-m", "bosocdata", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,  # the demo's work takes minutes: a refusal must come long before
    )


@pytest.mark.slow
def test_demo_refuses_a_busy_port_before_building_anything(busy_port: int, tmp_path: Path) -> None:
    done = bosoc(["demo", "--port", str(busy_port)], tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"port {busy_port} is in use" in lines[0]
    suggested = int(lines[0].split("PORT=")[1].split()[0])
    assert suggested != busy_port
    with socket.socket() as probe:  # the port suggested is free
        probe.bind(("127.0.0.1", suggested))
    assert not (tmp_path / "home" / "demo-delivery").exists()  # no work was done
    assert "Traceback" not in done.stderr + done.stdout


def test_serve_refuses_a_busy_port_with_a_hint(
    busy_port: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BOSOC_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(sys, "argv", ["bosoc", "serve", "--port", str(busy_port)])
    with pytest.raises(SystemExit) as ended:
        main.run()
    screen = capsys.readouterr()
    assert ended.value.code == 2
    lines = screen.err.strip().splitlines()
    assert len(lines) == 1, screen.err
    assert f"port {busy_port} is in use" in lines[0]
    assert "bosoc serve --port" in lines[0]
    assert "http://" not in screen.out  # no address printed that is someone else's


def test_make_demo_passes_its_port_on() -> None:
    dry_run = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "demo", "PORT=8010"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "bosoc demo --port 8010" in dry_run.stdout
