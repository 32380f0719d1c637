"""A table the size of the demo's is protected and audited in seconds."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from test_disclosure_tables import REST, indicator_rows

from bosocdata.disclosure.audit import audit_disclosure
from bosocdata.disclosure.control import apply_disclosure_control


def demo_sized_table(seed: int = 1) -> pd.DataFrame:
    """27 areas and __rest__ x 16 years x 30 indicators over 6 populations, fictitious."""
    rng = np.random.default_rng(seed)
    areas = [f"A{i:02d}" for i in range(27)] + [REST]
    residents = {a: int(rng.integers(60, 3000)) for a in areas}
    residents[REST] = 300_000
    parts = []
    for i in range(30):
        share = 0.05 + 0.15 * (i % 6)  # indicators i, i+6, ... count out of one population
        unit = ["pct", "pct", "pct", "per1000", "dkk"][i % 5]
        rate = rng.uniform(0.005, 0.4)
        for year in range(2010, 2026):
            counts = {}
            for area in areas:
                d = max(1, int(residents[area] * share * (1 + 0.01 * (year - 2010))))
                if unit == "pct":
                    n = int(rng.binomial(d, rate))
                elif unit == "per1000":
                    n = int(rng.poisson(d * rate / 10))
                else:
                    n = d * int(rng.integers(100_000, 400_000))
                counts[area] = (n, d)
            parts.append(indicator_rows(f"p{i % 6}_i{i}", year, counts, unit=unit))
    return pd.DataFrame([row for part in parts for row in part])


@pytest.mark.slow
def test_demo_sized_table_is_protected_and_audited_in_seconds() -> None:
    secure = demo_sized_table()
    started = time.perf_counter()
    published = apply_disclosure_control(secure, k=5)
    report = audit_disclosure(published, k=5, secure=secure)
    elapsed = time.perf_counter() - started
    assert report.passed, report.text()
    assert report.cells == 29 * 16 * 30  # 27 areas, __rest__, __all__
    assert 0.02 < report.suppressed / report.cells < 0.5
    assert elapsed < 60, f"took {elapsed:.1f} s"
