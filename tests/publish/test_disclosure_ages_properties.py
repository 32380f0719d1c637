"""Property: with the ages related, the audit passes after disclosure control (Hypothesis).

Random small tables of a few areas and `__rest__` whose residents are drawn per age
band (0-17, 18-64, 65+), and two or three populations among all residents, 0-17, 18+
and 18-64 (nested and adjacent), sometimes with a share 0-17 of all residents (its
numerator is itself an age count). Many counts are under k, and 65+ is often small.
"""

from __future__ import annotations

import os

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_disclosure_tables import indicator_rows

from bosocdata.disclosure.ages import IndicatorAges
from bosocdata.disclosure.audit import audit_disclosure
from bosocdata.disclosure.control import apply_disclosure_control

POPULATIONS = {"all": (0, None), "0-17": (0, 17), "18+": (18, None), "18-64": (18, 64)}

pytestmark = pytest.mark.slow

SETTINGS = settings(
    max_examples=int(os.environ.get("BOSOC_DISCLOSURE_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def size(bands: tuple[int, int, int], population: str) -> int:
    children, adults, old = bands
    return {"all": children + adults + old, "0-17": children, "18+": adults + old,
            "18-64": adults}[population]  # fmt: skip


@st.composite
def secure_tables(draw: st.DrawFn) -> tuple[pd.DataFrame, dict[str, str], dict[str, IndicatorAges]]:
    areas = [f"A{i}" for i in range(draw(st.integers(1, 3)))] + ["__rest__"]
    chosen = draw(
        st.lists(st.sampled_from(sorted(POPULATIONS)), min_size=2, max_size=3, unique=True)
    )
    bands = {
        area: (draw(st.integers(0, 30)), draw(st.integers(0, 40)), draw(st.integers(0, 8)))
        for area in areas
    }
    bands["__rest__"] = (50, 100, 20)  # the rest of the municipality: never empty
    parts, groups, ages = [], {}, {}
    for population in chosen:
        indicator = f"i_{population}"
        groups[indicator], ages[indicator] = population, IndicatorAges(POPULATIONS[population])
        counts = {}
        for area in areas:
            d = size(bands[area], population)
            counts[area] = (draw(st.integers(0, d)), d)
        parts.append(indicator_rows(indicator, 2020, counts))
    if "all" in chosen and draw(st.booleans()):
        groups["u18"], ages["u18"] = "all", IndicatorAges((0, None), (0, 17))
        counts = {a: (size(b, "0-17"), size(b, "all")) for a, b in bands.items()}
        parts.append(indicator_rows("u18", 2020, counts))
    frame = pd.DataFrame([row for part in parts for row in part])
    return frame, groups, ages


@SETTINGS
@given(case=secure_tables())
def test_the_audit_with_ages_passes_after_disclosure_control(
    case: tuple[pd.DataFrame, dict[str, str], dict[str, IndicatorAges]],
) -> None:
    secure, groups, ages = case
    published = apply_disclosure_control(secure, k=5, denominator_groups_of=groups, ages_of=ages)
    report = audit_disclosure(published, k=5, secure=secure, ages_of=ages)
    assert report.passed, report.text()
