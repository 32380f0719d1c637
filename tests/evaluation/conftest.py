"""Fixtures of the evaluation tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# `tests/deliveries.py` is a shared helper module; make it importable as `deliveries`.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bosocdata.settings import Paths


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """A fresh, empty $BOSOC_HOME with the key file in its default place."""
    monkeypatch.delenv("BOSOC_KEY_FILE", raising=False)
    monkeypatch.setenv("BOSOC_HOME", str(tmp_path / "home"))
    return Paths(tmp_path / "home")
