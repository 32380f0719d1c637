"""The reference docs stay true: every command and every setting is documented."""

from __future__ import annotations

from pathlib import Path

import typer.main

from bosocdata.cli.main import app
from bosocdata.settings import SETTINGS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_command_has_a_section_in_the_cli_reference() -> None:
    reference = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    missing = [name for name in command_names() if f"## `bosoc {name}`" not in reference]
    assert missing == [], f"commands missing from docs/reference/cli.md: {missing}"


def test_every_documented_command_exists() -> None:
    reference = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    documented = [
        line.removeprefix("## `bosoc ").removesuffix("`")
        for line in reference.splitlines()
        if line.startswith("## `bosoc ")
    ]
    assert sorted(documented) == command_names()


def test_every_setting_is_in_the_settings_reference() -> None:
    reference = (DOCS / "reference" / "settings.md").read_text(encoding="utf-8")
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in reference]
    assert missing == [], f"settings missing from docs/reference/settings.md: {missing}"


def test_readme_shows_the_two_commands_first() -> None:
    head = (DOCS.parent / "README.md").read_text(encoding="utf-8").splitlines()[:15]
    assert any("make demo" in line for line in head)
    assert any("make test" in line for line in head)


def test_every_docs_page_is_listed_in_the_docs_index() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    pages = [
        p.relative_to(DOCS).as_posix()
        for p in DOCS.rglob("*.md")
        if p.name != "README.md" and "reference/indicators/" not in p.as_posix()
    ]
    missing = [page for page in pages if f"({page})" not in index]
    assert missing == [], f"pages missing from docs/README.md: {missing}"


def test_every_link_of_the_docs_index_leads_to_a_page() -> None:
    import re

    index = (DOCS / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)]+\.md)\)", index)
    assert [t for t in targets if not (DOCS / t).exists()] == []
