"""The published worked examples, in tests/data/phe (source and licence: tests/data/README.md)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

PHE_DIR = Path(__file__).resolve().parents[1] / "data" / "phe"


@pytest.fixture
def phe_csv():
    """Read one test-data file of PHEindicatormethods (tests/testthat) by name."""

    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(PHE_DIR / name, encoding="utf-8-sig")

    return read
