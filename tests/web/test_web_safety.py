"""What the application reads, what it sends, and what it never does."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from web_published_fixture import ROWS, write_published

import bosocdata.web
from bosocdata.web.app import create_app
from bosocdata.web.security import SecurityHeadersMiddleware

WEB_DIR = Path(bosocdata.web.__file__).parent

PAGES = [
    "/",
    "/?year=2023",
    "/?lang=en",
    "/omraade/bakken",
    "/omraade/aeblehaven?year=2023",
    "/omraade/__all__",
    "/omraade/__rest__",
    "/indikator/boern_unge_under_18",
    "/indikator/underretninger_boern_unge?sort=denominator&order=desc",
    "/indikatorer",
    "/kort",
    "/kort?indicator=voksne_uden_for_arbejdsmarkedet&year=2023",
    "/api/areas",
    "/api/indicator_table",
    "/healthz",
    "/static/style.css",
]
REFUSED = [
    ("/omraade/nowhere", 404),
    ("/?year=1999", 400),
    ("/?year=abc", 400),
    ("/?year=2024%20OR%201=1", 400),
    ("/kort?year=-1", 400),
    ("/no/such/page", 404),
    ("/static/nothing.css", 404),
]

URL = re.compile(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
SVG_NAMESPACE = 'xmlns="http://www.w3.org/2000/svg"'


def test_every_page_answers(client: TestClient) -> None:
    for page in PAGES:
        assert client.get(page).status_code == 200, page


def test_bad_input_is_refused_with_a_page_not_a_crash(client: TestClient) -> None:
    for page, status in REFUSED:
        response = client.get(page)
        assert response.status_code == status, page
        if not page.startswith("/static"):
            assert '<html lang="da">' in response.text


@pytest.mark.parametrize("page", PAGES + [p for p, _ in REFUSED])
def test_every_response_has_the_security_headers(client: TestClient, page: str) -> None:
    headers = client.get(page).headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "server" not in headers


def test_the_middleware_removes_a_server_banner() -> None:
    async def hello(_: object) -> PlainTextResponse:
        return PlainTextResponse("hi", headers={"Server": "uvicorn"})

    app = Starlette(routes=[Route("/", hello)])
    app.add_middleware(SecurityHeadersMiddleware)
    response = TestClient(app).get("/")
    assert "server" not in response.headers
    assert response.headers["x-frame-options"] == "DENY"


def test_no_page_links_or_loads_anything_from_another_host(client: TestClient) -> None:
    for page in PAGES:
        assert URL.findall(client.get(page).text) == [], page


def test_no_template_or_static_file_names_another_host() -> None:
    files = [p for p in WEB_DIR.rglob("*") if p.suffix in {".html", ".css", ".js", ".svg"}]
    assert len(files) >= 5
    for path in files:
        # a stand-alone SVG (the icon) must declare its namespace: a name, never fetched
        text = path.read_text(encoding="utf-8").replace(SVG_NAMESPACE, "")
        assert URL.findall(text) == [], path


def test_no_inline_script_or_style_attribute_that_the_policy_would_block() -> None:
    for path in (WEB_DIR / "templates").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert re.search(r"<script(?![^>]*\bsrc=)", text) is None, path
        assert " style=" not in text and "<style" not in text, path
        assert re.search(r"\son[a-z]+=", text) is None, path  # onclick= and friends


def test_the_web_package_imports_nothing_from_the_secure_side() -> None:
    for path in WEB_DIR.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for forbidden in ("bosocdata.store", "bosocdata.ingest", "bosocdata.synth"):
            assert forbidden not in source, f"{path} mentions {forbidden}"
        assert not re.search(r"from bosocdata import .*\b(store|ingest)\b", source), path
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, bosocdata.web.app, bosocdata.web.server; "
         "print(sorted(m for m in sys.modules if m.startswith('bosocdata.')))"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "bosocdata.store" not in loaded
    assert "bosocdata.ingest" not in loaded


def test_the_app_reads_only_the_published_file_and_writes_only_sessions_and_audit(
    published_path: Path, client: TestClient
) -> None:
    for page in PAGES:
        client.get(page)
    home = published_path.parent.parent
    found = sorted(p.relative_to(home).as_posix() for p in home.rglob("*"))
    # published/.jobs/ holds the PDFs the app rendered for download (other tests of this
    # shared home ask for them); the app writes nothing else beside the published file.
    assert [
        p for p in found if p.startswith("published") and not p.startswith("published/.jobs")
    ] == [
        "published",
        "published/published.duckdb",
    ]
    # Besides it: the accounts and sessions (access/) and the audit log (audit/), no more.
    assert {p.split("/")[0] for p in found} == {"published", "access", "audit"}
    assert "access/sessions.sqlite" in found


def test_local_mode_needs_only_the_published_file_and_writes_nothing(tmp_path: Path) -> None:
    path = write_published(tmp_path / "home" / "published" / "published.duckdb")
    with TestClient(create_app(path, auth="off")) as local:
        for page in PAGES:
            assert local.get(page).status_code == 200, page
    home = tmp_path / "home"
    assert sorted(p.relative_to(home).as_posix() for p in home.rglob("*")) == [
        "published",
        "published/published.duckdb",
    ]


def test_nothing_computed_yet_is_a_friendly_danish_503(tmp_path: Path) -> None:
    app = create_app(tmp_path / "published" / "published.duckdb", auth="off")
    with TestClient(app) as client:
        response = client.get("/")
        assert response.status_code == 503
        assert "Intet beregnet endnu" in response.text
        assert "beregnes af kommunens dataansvarlige" in response.text
        assert "bosoc " not in response.text  # a command the reader cannot run
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert client.get("/omraade/bakken").status_code == 503
        assert client.get("/api/areas").status_code == 503
        assert client.get("/healthz").json() == {"status": "ok", "published": False}
        assert client.get("/static/style.css").status_code == 200
        # A compute publishes: the running application shows it without a restart.
        write_published(tmp_path / "published" / "published.duckdb")
        assert client.get("/").status_code == 200


def test_a_new_compute_replacing_the_file_is_seen_at_once(tmp_path: Path) -> None:
    path = write_published(tmp_path / "published.duckdb")
    with TestClient(create_app(path, auth="off")) as client:
        assert "23,5" in client.get("/").text
        changed = [
            (*row[:5], 31.26, 29.0, 33.0, row[8])
            if row[:3] == ("bakken", 2024, "boern_unge_under_18")
            else row
            for row in ROWS
        ]
        write_published(path, changed)  # renamed over the open file, as the publisher does
        html = client.get("/").text
        assert "31,3" in html
        assert "23,5" not in html


def test_only_the_zone_module_queries_the_attached_tables() -> None:
    """Pages query the per-request views (`temp.*`), which hold only the user's areas; the
    attached tables (`pub.*`) are read in presentation/zone.py alone."""
    for path in [*WEB_DIR.rglob("*.py"), *(WEB_DIR.parent / "presentation").rglob("*.py")]:
        if path.name == "zone.py":
            continue
        source = path.read_text(encoding="utf-8")
        assert "import SCHEMA" not in source and "SCHEMA," not in source, path
        assert not re.search(r"\bpub\.[a-z_]+", source), path
