"""One treated area: the placebo interval of Conley & Taber (2011), computed by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bosocdata.evaluation.did import callaway_santanna, placebo_interval
from bosocdata.evaluation.panel import make_panel

MPDTA = Path(__file__).resolve().parents[1] / "data" / "evaluation" / "mpdta.csv"


def test_placebo_interval_by_hand() -> None:
    # 2019 -> 2020 changes: treated +5, five controls 0, 1, 2, 3, 4 (mean 2): att = 3.
    # Placebo effects: each control against the other four: -2.5, -1.25, 0, 1.25, 2.5.
    # Their 2.5 % and 97.5 % quantiles (linear): -2.375 and 2.375.
    changes = {"T": 5.0, "C0": 0.0, "C1": 1.0, "C2": 2.0, "C3": 3.0, "C4": 4.0}
    frame = pd.DataFrame(
        [{"u": u, "t": 2019, "y": 10.0, "g": 2020 if u == "T" else 0} for u in changes]
        + [
            {"u": u, "t": 2020, "y": 10.0 + d, "g": 2020 if u == "T" else 0}
            for u, d in changes.items()
        ]
    )
    result = placebo_interval(make_panel(frame, unit="u", time="t", outcome="y", cohort="g"))
    assert result is not None
    assert result["estimate"] == pytest.approx(3.0)
    assert result["ci_low"] == pytest.approx(3.0 - 2.375)
    assert result["ci_high"] == pytest.approx(3.0 + 2.375)
    assert result["se"] == pytest.approx((15.625 / 4) ** 0.5)
    assert (result["n_treated"], result["n_control"]) == (1, 5)


def test_with_one_treated_county_the_placebo_att_is_callaway_santannas() -> None:
    frame = pd.read_csv(MPDTA)
    one = frame[(frame["first.treat"] == 0) | (frame["countyreal"] == 8001)]  # 8001: 2007
    panel = make_panel(one, unit="countyreal", time="year", outcome="lemp", cohort="first.treat")
    rows = callaway_santanna(panel, "never").rows
    simple = next(r for r in rows if r["estimand"] == "att_simple")
    placebo = next(r for r in rows if r["estimand"] == "att_placebo")
    assert placebo["estimate"] == pytest.approx(simple["estimate"], abs=1e-12)
    assert placebo["n_control"] == 309  # the never-treated counties of mpdta
    assert placebo["ci_low"] < placebo["estimate"] < placebo["ci_high"]


def test_detrended_att_removes_each_areas_own_trend() -> None:
    # 2015-2020, start 2019. Controls rise by 0, 1, 2, 3, 4 a year; the treated area by
    # 10 a year, and by 7 more from 2019 on. Each area's own pre-period line taken off,
    # the controls are left with 0 after the start and the treated area with 7: att 7,
    # and every placebo effect is 0. Without detrending the slope difference is taken
    # for an effect: the treated change from 2018 is 17 and 27 (mean 22), the controls'
    # 2 and 4 (mean 3): 19.
    slopes = {"T": 10.0, "C0": 0.0, "C1": 1.0, "C2": 2.0, "C3": 3.0, "C4": 4.0}
    frame = pd.DataFrame(
        [
            {
                "u": u,
                "t": t,
                "y": 50.0 + b * (t - 2015) + (7.0 if u == "T" and t >= 2019 else 0.0),
                "g": 2019 if u == "T" else 0,
            }
            for u, b in slopes.items()
            for t in range(2015, 2021)
        ]
    )
    panel = make_panel(frame, unit="u", time="t", outcome="y", cohort="g")
    trend = placebo_interval(panel, detrend=True)
    plain = placebo_interval(panel)
    assert trend is not None and plain is not None
    assert trend["estimand"] == "att_trend"
    assert trend["estimate"] == pytest.approx(7.0)
    assert trend["ci_low"] == pytest.approx(7.0) and trend["ci_high"] == pytest.approx(7.0)
    assert plain["estimate"] == pytest.approx(19.0)
