"""One small synthetic delivery shared by the synth tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from synth_delivery import SCALE, SEED, YEARS

from bosocdata.synth import generate


@pytest.fixture(scope="session")
def delivery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "delivery"
    generate(out, scale=SCALE, seed=SEED, years=YEARS)
    return out
