"""Started by test_zones.py as a separate process: serve a home's published zone as a user
that may not read the secure store.

    python zones_server.py HOME WARM_UP_HOME PORT UID

Everything the server needs is imported, and every page requested once in-process against
WARM_UP_HOME, while the interpreter's own files can still be read; then, when UID is not
the current one, the process gives up root for good (setgroups, setgid, setuid) before it
opens anything of HOME, and serves HOME on 127.0.0.1:PORT until terminated.
"""

from __future__ import annotations

import os
import re
import sys
import warnings
from pathlib import Path

import uvicorn

from bosocdata.settings import Paths
from bosocdata.web.app import create_app

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

WARM_UP_PAGES = (
    "/",
    "/omraade/__all__",
    "/indikator/x",
    "/indikatorer",
    "/kort",
    "/api/areas",
    "/api/indicator_table",
    "/eksport",
    # Not the PDF routes: their reports render in worker processes (web/jobs) whose
    # forkserver must be started by the server as it serves, not here as root.
    "/eksport/index?format=xlsx",
    "/healthz",
    "/static/style.css",
    "/nowhere",
)


def warm_up(home: Path, username: str, password: str) -> None:
    """One pass over the pages, so that every module the server imports lazily is loaded."""
    app = create_app(home / "published" / "published.duckdb", auth="login")
    with TestClient(app) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert token, "no login form"
        client.post(
            "/login", data={"username": username, "password": password, "csrf_token": token[1]}
        )
        for page in WARM_UP_PAGES:
            client.get(page)
        client.post("/login", content=b"--x", headers={"Content-Type": "multipart/form-data"})


def main() -> None:
    home, warm_home = Path(sys.argv[1]), Path(sys.argv[2])
    port, uid = int(sys.argv[3]), int(sys.argv[4])
    warm_up(warm_home, "admin", os.environ["ZONES_PASSWORD"])
    config = uvicorn.Config(
        create_app(home / "published" / "published.duckdb", auth="login", paths=Paths(home)),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        server_header=False,
        date_header=False,
        loop="asyncio",
        http="h11",
        ws="none",
        lifespan="off",
    )
    config.load()
    if uid != os.getuid():
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        assert os.getuid() == os.geteuid() == uid
    print("ready", flush=True)
    uvicorn.Server(config).run()


if __name__ == "__main__":
    main()
