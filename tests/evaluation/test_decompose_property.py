"""Whatever the groups, the unit and the deaths, the five terms add up to the change of
the rate (INDICATORS.md), and the deaths are counted without changing any term."""

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
TERMS = ("stayers_change", "in_movers", "entrants", "out_movers", "leavers")


@st.composite
def groups(draw: st.DrawFn) -> tuple[pd.DataFrame, Unit, float, float, int]:
    """Counts of one area as the engine returns them (deaths only among the out-movers,
    who are no longer resident at the later date), and the change computed directly."""
    unit = draw(st.sampled_from(list(Unit)))
    # a percentage counts persons; the other units sum an amount per person (kroner, events)
    most = 1 if unit is Unit.pct else draw(st.sampled_from([1, 3, 1000, 250_000]))
    rows = []
    totals = {0: [0, 0], 1: [0, 0]}  # side -> [population, numerator]
    deaths = 0
    for group, sides in SIDES.items():
        n = draw(st.integers(0, 60))
        if n == 0:
            continue
        for side in sides:
            hits = draw(st.integers(0, n * most))
            died = draw(st.integers(0, n)) if group == "out_movers" else 0
            deaths += died
            rows.append(
                {"area_id": "A", "side": side, "grp": group, "n": n, "num": hits, "died": died}
            )
            totals[side][0] += n
            totals[side][1] += hits
    frame = pd.DataFrame(rows, columns=["area_id", "side", "grp", "n", "num", "died"]).assign(
        before=2019, after=2024, indicator_id="x"
    )
    p0 = totals[0][1] / totals[0][0] if totals[0][0] else float("nan")
    p1 = totals[1][1] / totals[1][0] if totals[1][0] else float("nan")
    return frame, unit, p0, p1, deaths


@settings(max_examples=300, deadline=None)
@given(groups())
def test_the_terms_add_up_to_the_change(
    case: tuple[pd.DataFrame, Unit, float, float, int],
) -> None:
    frame, unit, p0, p1, deaths = case
    rows = {r["estimand"]: r["estimate"] for r in terms_rows(frame, unit)}
    if p0 != p0 or p1 != p1:  # no population at one date: nothing to decompose
        assert rows == {}
        return
    scale = 100.0 if unit is Unit.pct else 1.0  # a percentage's change in points
    tolerance = 1e-9 * max(1.0, abs(p0), abs(p1)) * scale
    assert rows["change"] == pytest.approx((p1 - p0) * scale, abs=tolerance)
    assert sum(rows[t] for t in TERMS) == pytest.approx(rows["change"], abs=tolerance)
    assert rows["n_deaths"] == deaths


def test_deaths_change_no_term() -> None:
    """By hand: 10 stayers (2 → 4 hits), 5 out-movers (3 hits) of whom 2 died, 5
    in-movers (1 hit). p0 = 5/15, p1 = 5/15: no change; stayers +2/15 = +13,33 points,
    in-movers 5/15 x (1/5 - 2/10) = 0, out-movers -5/15 x (3/5 - 2/10) = -13,33 points."""

    def frame(died: int) -> pd.DataFrame:
        rows = [
            ("stayers", 0, 10, 2, 0),
            ("stayers", 1, 10, 4, 0),
            ("out_movers", 0, 5, 3, died),
            ("in_movers", 1, 5, 1, 0),
        ]
        return pd.DataFrame(
            [
                {"area_id": "A", "grp": g, "side": s, "n": n, "num": h, "died": d}
                for g, s, n, h, d in rows
            ]
        ).assign(before=2019, after=2024, indicator_id="x")

    alive = {r["estimand"]: r["estimate"] for r in terms_rows(frame(0), Unit.pct)}
    dead = {r["estimand"]: r["estimate"] for r in terms_rows(frame(2), Unit.pct)}
    assert alive["change"] == pytest.approx(0.0, abs=1e-12)
    assert alive["stayers_change"] == pytest.approx(200 / 15)
    assert alive["in_movers"] == pytest.approx(0.0, abs=1e-12)
    assert alive["out_movers"] == pytest.approx(-200 / 15)
    assert (alive["n_deaths"], dead["n_deaths"]) == (0, 2)

    def without_deaths(rows: dict[str, float]) -> dict[str, float]:
        return {k: v for k, v in rows.items() if k != "n_deaths"}

    assert without_deaths(dead) == without_deaths(alive)
