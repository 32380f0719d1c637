"""Every indicator of docs/reference/indicator-catalogue.md has a definition, a test and a page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bosocdata.indicators.catalogue import builtin_dir
from bosocdata.indicators.docs import DEFAULT_DEST, GENERATED, builtin_catalogue, expected_pages

HERE = Path(__file__).resolve().parent
CATALOGUE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "indicator-catalogue.md"


def contract_ids() -> list[str]:
    """The ids in the first column of the indicator catalogue's tables."""
    text = CATALOGUE.read_text(encoding="utf-8")
    return sorted(set(re.findall(r"^\| `([a-z0-9_]+)` \|", text, flags=re.MULTILINE)))


def test_the_contract_lists_the_29_indicators() -> None:
    assert len(contract_ids()) == 29


@pytest.mark.parametrize("indicator", contract_ids())
def test_every_contract_indicator_is_defined_tested_and_documented(indicator: str) -> None:
    assert (builtin_dir() / f"{indicator}.yaml").exists(), "no definition file"
    tests = "".join(
        p.read_text(encoding="utf-8")
        for p in HERE.glob("test_indicators_*.py")
        if p.name != Path(__file__).name
    )
    assert f'"{indicator}"' in tests, "no boundary test names this indicator"
    assert (DEFAULT_DEST / f"{indicator}.md").exists(), "no reference page"


def test_reference_pages_are_current() -> None:
    pages = expected_pages(builtin_catalogue())
    stale = [
        name
        for name, text in pages.items()
        if not (DEFAULT_DEST / name).exists()
        or (DEFAULT_DEST / name).read_text(encoding="utf-8") != text
    ]
    orphans = [
        p.name
        for p in DEFAULT_DEST.glob("*.md")
        if p.name not in pages and p.read_text(encoding="utf-8").startswith(GENERATED)
    ]
    assert stale == [] and orphans == [], (
        f"missing or stale pages {stale}, orphans {orphans}: "
        "run `python -m bosocdata.indicators.docs`"
    )
