"""The two zones, for real: the web application, as a separate process that the operating
system does not let read the secure store, serves every page.

Run as root (as here and in CI), the server drops to the user `nobody` before it opens
anything of the home, and `secure/` is root's, mode 0700. Run as anyone else, `secure/` is
made mode 000 for the duration. Either way, every route of the route table is then asked
for over HTTP on 127.0.0.1, and the process's open files are checked.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from security_routes import GET_ROUTES, every_fill
from web_evaluation_fixture import add_evaluation
from web_login import PASSWORD, add_user
from web_published_fixture import write_published

HERE = Path(__file__).resolve().parent
START_TIMEOUT_S = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _home(root: Path, name: str) -> Path:
    home = root / name
    add_evaluation(write_published(home / "published" / "published.duckdb"))
    add_user(home, "admin", "admin")
    return home


def _hand_over(home: Path, uid: int, gid: int) -> None:
    """The server's user may read published/ and write access/ and audit/ (sessions, login
    counts, audit log): nothing more."""
    for folder in (home, home / "published"):
        folder.chmod(0o755)
    (home / "published" / "published.duckdb").chmod(0o644)
    for folder in (home / "access", home / "audit"):
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, uid, gid)


@pytest.fixture()
def served() -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    root = Path(tempfile.mkdtemp(prefix="bosoc-zones-"))
    root.chmod(0o755)
    process: subprocess.Popen[str] | None = None
    as_root = os.geteuid() == 0
    home = _home(root, "home")
    warm = _home(root, "warm-up")
    secure = home / "secure"
    secure.mkdir(mode=0o700)
    (secure / "store.duckdb").write_bytes(b"pseudonymised person data (fictitious)")
    try:
        if as_root:
            nobody = pwd.getpwnam("nobody")
            uid, gid = nobody.pw_uid, nobody.pw_gid
            _hand_over(home, uid, gid)
        else:
            uid = os.getuid()
            secure.chmod(0o000)
        port = _free_port()
        process = subprocess.Popen(
            [sys.executable, str(HERE / "zones_server.py"), str(home), str(warm), str(port),
             str(uid)],
            cwd=root,
            env={**os.environ, "HOME": str(root), "PYTHONDONTWRITEBYTECODE": "1",
                 "ZONES_PASSWORD": PASSWORD, "PYTHONPATH": os.pathsep.join(sys.path)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            assert time.monotonic() < deadline, "the server did not start in time"
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield base, home, process
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            if process.stdout:
                process.stdout.close()
        secure.chmod(0o700)
        shutil.rmtree(root, ignore_errors=True)


def _open_files(pid: int) -> list[str]:
    fd_dir = Path(f"/proc/{pid}/fd")
    found = []
    for fd in fd_dir.iterdir():
        try:
            found.append(os.readlink(fd))
        except OSError:
            continue
    return found


@pytest.mark.slow
def test_every_page_works_for_a_process_that_cannot_read_the_secure_store(
    served: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    base, home, process = served
    status = Path(f"/proc/{process.pid}/status").read_text()
    server_uid = int(re.search(r"^Uid:\s+(\d+)", status, re.M)[1])  # type: ignore[index]
    secure = home / "secure"
    if os.geteuid() == 0:
        assert server_uid == pwd.getpwnam("nobody").pw_uid != 0
        assert secure.stat().st_uid == 0 and secure.stat().st_mode & 0o077 == 0
    else:
        assert secure.stat().st_mode & 0o777 == 0

    with httpx.Client(base_url=base, timeout=10, follow_redirects=True) as client:
        login = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', login.text)[1]  # type: ignore[index]
        response = client.post(
            "/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 200 and "Logget ind som admin" in response.text
        asked = 0
        for route in GET_ROUTES:
            if "job_id" in route.path:
                continue  # a report job's pages: reached through the PDF routes' redirect
            for address in every_fill(route, "bakken"):
                page = client.get(address)
                assert page.status_code == 200, (address, page.text[:300])
                asked += 1
        assert asked >= 10
        assert "Bakkegården" in client.get("/omraade/bakken").text

        opened = _open_files(process.pid)
    of_home = [p for p in opened if p.startswith(str(home))]
    assert str(home / "published" / "published.duckdb") in of_home  # kept open, read-only
    assert [p for p in of_home if not p.startswith(str(home / "published"))] == []
