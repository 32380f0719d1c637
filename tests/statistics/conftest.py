"""Where the published worked examples live: shared/reference-data/phe beside the repository."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

PHE_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "reference-data" / "phe"


@pytest.fixture
def phe_csv():
    """Read one test-data file of PHEindicatormethods (tests/testthat) by name."""
    if not PHE_DIR.is_dir():
        pytest.skip(
            f"reference data folder {PHE_DIR} is absent: the PHEindicatormethods worked "
            "examples are read from shared/reference-data/phe beside the repository"
        )

    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(PHE_DIR / name, encoding="utf-8-sig")

    return read
