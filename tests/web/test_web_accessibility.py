"""Structure a screen reader relies on: landmarks, captions, header scopes, labels."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

PAGES = [
    "/",
    "/omraade/bakken",
    "/indikator/boern_unge_under_18",
    "/indikatorer",
    "/kort",
    "/omraade/nowhere",
]


class Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.tables = 0
        self.captions = 0
        self.th_without_scope = 0
        self.labels_for: set[str] = set()
        self.control_ids: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th" and "scope" not in found:
            self.th_without_scope += 1
        elif tag == "label" and found.get("for"):
            self.labels_for.add(str(found["for"]))
        elif tag == "select" or (tag == "input" and found.get("type") != "hidden"):
            self.control_ids.append(found.get("id"))


@pytest.mark.parametrize("page", PAGES)
def test_page_structure(client: TestClient, page: str) -> None:
    s = Structure()
    s.feed(client.get(page).text)
    names = [tag for tag, _ in s.tags]
    for landmark in ("header", "nav", "main", "footer"):
        assert names.count(landmark) == 1, landmark
    assert names.count("h1") == 1
    assert s.tables == s.captions
    assert s.th_without_scope == 0
    assert all(i is not None and i in s.labels_for for i in s.control_ids)
    assert any(t == "a" and a.get("class") == "skip-link" for t, a in s.tags)
    assert all(a.get("aria-label") or t != "svg" or a.get("aria-hidden") or a.get(
        "aria-labelledby") for t, a in s.tags)  # fmt: skip


def test_focus_is_visible_in_the_stylesheet(client: TestClient) -> None:
    css = client.get("/static/style.css").text
    assert ":focus-visible" in css
    assert "outline: none" not in css.replace("main:focus { outline: none; }", "")
