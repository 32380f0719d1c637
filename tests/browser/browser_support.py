"""What the browser tests need besides pytest: the browser, axe-core, a published zone and
the application served on 127.0.0.1.

The browser is the system Chromium (Debian's `chromium` package), driven by Playwright
for Python; `playwright install` (which downloads a browser build) is never used.
axe-core comes from the npm registry into tests/browser/node_modules (`npm ci` in
tests/browser, pinned by package-lock.json) and is injected into each page by the test,
never served by the application.

Missing tools fail the tests with a message saying what to install; `BOSOC_SKIP_BROWSER=1`
skips them instead (for a developer without a browser).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = HERE / "screenshots"
CHROMIUM = Path(os.environ.get("BOSOC_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SKIP_ENV = "BOSOC_SKIP_BROWSER"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOOPBACK = "127.0.0.1"
PASSWORD = "blå hest springer over 7 grøfter"
START_SECONDS = 30.0


def require_browser_tools() -> None:
    """Skip when asked to; otherwise fail (never skip silently) naming what is missing."""
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: browser tests skipped on request")
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the Python package playwright (pip install playwright==1.65.2)")
    if not CHROMIUM.is_file():
        missing.append(f"Chromium at {CHROMIUM} (apt-get install -y chromium)")
    if not AXE_JS.is_file():
        hint = "npm ci --prefix tests/browser" if shutil.which("npm") else "install node/npm"
        missing.append(f"axe-core at {AXE_JS} ({hint})")
    if missing:
        pytest.fail(
            "the browser tests need " + "; ".join(missing) + f". Set {SKIP_ENV}=1 to skip them.",
            pytrace=False,
        )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


@contextmanager
def served(published: Path, **options: Any) -> Iterator[str]:
    """The application (login required; `options` go to `create_app`) on 127.0.0.1 and a
    free port, in a thread; its base address. Start and stop are bounded in time."""
    import uvicorn

    from bosocdata.web.app import create_app

    app = create_app(published, auth="login", **options)
    port = free_port()
    config = uvicorn.Config(
        app, host=LOOPBACK, port=port, log_level="warning", server_header=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="bosoc-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the web application did not start on port {port}")
        time.sleep(0.05)
    try:
        yield f"http://{LOOPBACK}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


PARTNER_AREAS = ("BO01", "BO02")


def build_zone(home: Path) -> Path:
    """A small synthetic municipality (scale 0.02, 2019-2025) computed, its planted
    interventions evaluated (as `bosoc demo` does, so that /indsatser and /indsats/{id}
    have something to show) and published in `home`, with the users `ana` (analyst),
    `vera` (viewer) and `pia` (partner, the areas PARTNER_AREAS only)."""
    from argon2 import PasswordHasher

    from bosocdata.access import UserStore
    from bosocdata.cli.demo_cmd import evaluate_demo, install_basemap
    from bosocdata.ingest import ingest_delivery
    from bosocdata.pipeline import compute_all
    from bosocdata.settings import Paths
    from bosocdata.synth import generate

    paths = Paths(home)
    delivery = home.parent / "delivery"
    generate(delivery, scale=0.02, seed=7, years=(2019, 2025))
    install_basemap(delivery, paths)
    ingest_delivery(delivery, paths)
    compute_all(paths)
    evaluate_demo(paths)
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    users = UserStore(paths, hasher=cheap)
    users.add("ana", "analyst", PASSWORD)
    users.add("vera", "viewer", PASSWORD)
    users.add("pia", "partner", PASSWORD, areas=PARTNER_AREAS)
    return paths.published


@dataclass
class Visit:
    """Every address a page asked for, to check that nothing leaves 127.0.0.1."""

    urls: list[str]
    console_errors: list[str]

    def foreign(self) -> list[str]:
        return [
            u
            for u in self.urls
            if urlsplit(u).scheme not in ("data", "blob", "about")
            and urlsplit(u).hostname != LOOPBACK
        ]


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])[:5]]
        lines.append(f"{v['id']} ({v.get('impact')}): {v.get('help')} at {targets}")
    return "\n".join(lines)


def check_page(page: Any, name: str) -> None:
    """Screenshot the page to screenshots/<name>.png and assert axe finds nothing."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert not violations, f"axe on {name} ({page.url}):\n" + describe(violations)


def log_in(page: Any, base: str, username: str = "ana") -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(f"{base}/")


def dump(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1)
