from __future__ import annotations

from pathlib import Path

import pytest
from reports_published_fixture import write_published


@pytest.fixture
def published_path(tmp_path: Path) -> Path:
    """The hand-written published zone, alone in its folder (no secure store beside it)."""
    return write_published(tmp_path / "published" / "published.duckdb")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home holding the hand-written published zone; BOSOC_HOME points at it."""
    home = tmp_path / "bosoc-data"
    write_published(home / "published" / "published.duckdb")
    monkeypatch.setenv("BOSOC_HOME", str(home))
    return home
