"""Pages and exports kept in memory while the published zone is unchanged: each reader
still gets their own form token and name, a partner never gets a page made for other
areas, a new compute is seen at once, and every export is still written to the audit log.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from web_login import CHEAP_HASHER, add_user, csrf_of, log_in
from web_published_fixture import ROWS, write_published

from bosocdata.auditlog import read_lines
from bosocdata.settings import Paths
from bosocdata.web.app import create_app


def _site(tmp_path: Path) -> tuple[Path, Path]:
    home = tmp_path / "home"
    published = write_published(home / "published" / "published.duckdb")
    add_user(home, "ana", "analyst")
    add_user(home, "bo", "analyst")
    add_user(home, "frugt", "partner", housing_organisation="Boligforeningen Frugt")
    return home, published


def _client(app: object, user: str) -> TestClient:
    client = TestClient(app)  # type: ignore[arg-type]
    assert log_in(client, user).status_code == 303  # type: ignore[attr-defined]
    return client


def test_a_kept_page_carries_each_readers_own_token_and_name(tmp_path: Path) -> None:
    _, published = _site(tmp_path)
    app = create_app(published, auth="login", hasher=CHEAP_HASHER)
    ana, bo = _client(app, "ana"), _client(app, "bo")
    first = ana.get("/omraade/bakken?year=2024").text
    kept = bo.get("/omraade/bakken?year=2024").text
    assert len(app.state.page_cache) >= 1
    assert "hole" not in kept and "hole" not in first
    assert "Logget ind som ana (analytiker)" in first
    assert "Logget ind som bo (analytiker)" in kept and "som ana " not in kept
    assert csrf_of(kept) != csrf_of(first)
    # bo's token from the kept page is bo's own: logging out with it works.
    out = bo.post("/logout", data={"csrf_token": csrf_of(kept)}, follow_redirects=False)
    assert out.status_code == 303
    assert bo.get("/", follow_redirects=False).status_code in (302, 303, 307)
    assert ana.get("/").status_code == 200  # ana's session is untouched


def test_a_partner_never_gets_a_page_kept_for_other_areas(tmp_path: Path) -> None:
    _, published = _site(tmp_path)
    app = create_app(published, auth="login", hasher=CHEAP_HASHER)
    ana, partner = _client(app, "ana"), _client(app, "frugt")
    for page in ("/prioritering?year=2024", "/", "/eksport/indicator_table?format=csv"):
        assert "Bakkegården" in ana.get(page).text, page
        assert "Bakkegården" not in partner.get(page).text, page
    assert partner.get("/omraade/bakken?year=2024").status_code == 404


def test_a_new_compute_is_seen_at_once(tmp_path: Path) -> None:
    _, published = _site(tmp_path)
    app = create_app(published, auth="login", hasher=CHEAP_HASHER)
    ana = _client(app, "ana")
    before = ana.get("/omraade/bakken?year=2024").text
    assert "23,5" in before
    changed = [
        (r[0], r[1], r[2], r[3], r[4], 41.25, *r[6:]) if r[:3] == ROWS[0][:3] else r for r in ROWS
    ]
    write_published(published, changed)  # as compute does: a new file renamed over the old
    after = ana.get("/omraade/bakken?year=2024").text
    assert "41,3" in after or "41,2" in after


def test_every_export_is_audited_kept_or_not(tmp_path: Path) -> None:
    home, published = _site(tmp_path)
    app = create_app(published, auth="login", hasher=CHEAP_HASHER)
    ana = _client(app, "ana")
    bodies = [ana.get("/eksport/indicator_table?format=xlsx").content for _ in range(3)]
    assert bodies[0] == bodies[1] == bodies[2] and bodies[0].startswith(b"PK")
    exports = [
        line.entry
        for line in read_lines(Paths(home))
        if line.entry["event"] == "export" and line.entry["actor"] == "ana"
    ]
    assert len(exports) == 3


def test_the_cache_can_be_switched_off(tmp_path: Path, monkeypatch: object) -> None:
    _, published = _site(tmp_path)
    monkeypatch.setenv("BOSOC_WEB_CACHE_MB", "0")  # type: ignore[attr-defined]
    app = create_app(published, auth="login", hasher=CHEAP_HASHER)
    ana = _client(app, "ana")
    assert re.search("Bakkegården", ana.get("/").text)
    assert len(app.state.page_cache) == 0
