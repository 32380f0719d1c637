"""`pip install bosocdata` without extras gives every command, the web app included.

A clean virtual environment gets the package alone (no `[dev]`, no `[spark]`), builds a
small fictitious municipality with `bosoc demo --no-serve`, starts `bosoc serve` and
fetches the login page, as a municipality's IT department would on a fresh server.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
NOT_IN_THE_RUNTIME = ("pyspark", "py4j", "pytest", "playwright", "hypothesis", "ibis", "mypy")


@pytest.fixture(scope="module")
def lean_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the package installed from a copy of the sources."""
    work = tmp_path_factory.mktemp("lean")
    source = work / "bosocdata-src"  # a copy: building in the checkout would leave files
    shutil.copytree(
        ROOT / "src",
        source / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        # no byte-compiling of every dependency at install: the modules used compile
        # when first imported, and the install takes half the time
        [
            str(venv / "bin" / "pip"),
            "install",
            "--quiet",
            "--no-compile",
            "--disable-pip-version-check",
            str(source),
        ],
        check=True,
        timeout=1800,
    )
    return venv


@pytest.fixture(scope="module")
def lean_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    work = tmp_path_factory.mktemp("lean-home")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOSOC_", "PYTHON"))}
    env["BOSOC_HOME"] = str(work / "home")
    env["XDG_CONFIG_HOME"] = str(work / "config")
    return env


def test_no_extra_is_installed(lean_venv: Path) -> None:
    probe = (
        "import importlib.util, sys; "
        f"print(','.join(m for m in {NOT_IN_THE_RUNTIME!r} if importlib.util.find_spec(m)))"
    )
    found = subprocess.run(
        [str(lean_venv / "bin" / "python"), "-c", probe],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert found == ""


def test_every_module_but_the_spark_engine_imports(lean_venv: Path) -> None:
    probe = (
        "import importlib, pkgutil, bosocdata\n"
        "for m in pkgutil.walk_packages(bosocdata.__path__, 'bosocdata.'):\n"
        "    if m.name not in ('bosocdata.__main__', 'bosocdata.indicators.engines.spark'):\n"
        "        importlib.import_module(m.name)\n"
    )
    done = subprocess.run(
        [str(lean_venv / "bin" / "python"), "-c", probe], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served(lean_venv: Path, lean_env: dict[str, str]) -> Iterator[str]:
    bosoc = str(lean_venv / "bin" / "bosoc")
    demo = subprocess.run(
        [bosoc, "demo", "--no-serve", "--scale", "0.02"],
        env=lean_env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert demo.returncode == 0, demo.stderr[-2000:]
    port = free_port()
    log = Path(lean_env["BOSOC_HOME"]) / "serve-output.txt"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [bosoc, "serve", "--port", str(port)], env=lean_env, stdout=output, stderr=output
        )
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_the_server_shows_the_login_page(served: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{served}/login", timeout=5) as response:
                status, body = response.status, response.read().decode("utf-8")
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    assert status == 200
    assert 'name="password"' in body
    assert "Log ind" in body
