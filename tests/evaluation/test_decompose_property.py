"""Whatever the groups, the five terms add up to the change of the rate (INDICATORS.md)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bosocdata.evaluation.decompose import terms_rows
from bosocdata.indicators.model import Unit

SIDES = {
    "stayers": (0, 1),
    "in_movers": (1,),
    "entrants": (1,),
    "out_movers": (0,),
    "leavers": (0,),
}


@st.composite
def groups(draw: st.DrawFn) -> tuple[pd.DataFrame, float, float]:
    """Counts of one area as the engine returns them, and the change computed directly."""
    rows = []
    totals = {0: [0, 0], 1: [0, 0]}  # side -> [population, numerator]
    for group, sides in SIDES.items():
        n = draw(st.integers(0, 60))
        if n == 0:
            continue
        for side in sides:
            hits = draw(st.integers(0, n))
            rows.append(
                {"area_id": "A", "side": side, "grp": group, "n": n, "num": hits, "died": 0}
            )
            totals[side][0] += n
            totals[side][1] += hits
    frame = pd.DataFrame(rows, columns=["area_id", "side", "grp", "n", "num", "died"]).assign(
        before=2019, after=2024, indicator_id="x"
    )
    p0 = totals[0][1] / totals[0][0] if totals[0][0] else float("nan")
    p1 = totals[1][1] / totals[1][0] if totals[1][0] else float("nan")
    return frame, p0, p1


@settings(max_examples=150, deadline=None)
@given(groups())
def test_the_terms_add_up_to_the_change(case: tuple[pd.DataFrame, float, float]) -> None:
    frame, p0, p1 = case
    rows = {r["estimand"]: r["estimate"] for r in terms_rows(frame, Unit.pct)}
    if p0 != p0 or p1 != p1:  # no population at one date: nothing to decompose
        assert rows == {}
        return
    terms = ("stayers_change", "in_movers", "entrants", "out_movers", "leavers")
    assert rows["change"] == pytest.approx((p1 - p0) * 100, abs=1e-9)
    assert sum(rows[t] for t in terms) == pytest.approx(rows["change"], abs=1e-9)
