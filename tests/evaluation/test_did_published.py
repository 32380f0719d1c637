"""Callaway & Sant'Anna on mpdta against the published numbers of the R `did` package.

Published values: the README of the R package `did` (Callaway & Sant'Anna,
github.com/bcallaway11/did, "Getting started"), `att_gt(yname="lemp",
gname="first.treat", idname="countyreal", tname="year", xformla=~1, data=mpdta,
est_method="reg")` and its `aggte` summaries. Data: tests/data/evaluation/mpdta.csv.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bosocdata.evaluation.did import callaway_santanna
from bosocdata.evaluation.panel import make_panel
from bosocdata.evaluation.table import evaluation_frame
from bosocdata.evaluation.twfe import twfe_baseline

DATA = Path(__file__).resolve().parents[1] / "data" / "evaluation" / "mpdta.csv"

# R `did` README, summary(out): Group, Time, ATT(g,t)
PUBLISHED_ATT_GT = {
    (2004, 2004): -0.0105,
    (2004, 2005): -0.0704,
    (2004, 2006): -0.1373,
    (2004, 2007): -0.1008,
    (2006, 2004): 0.0065,
    (2006, 2005): -0.0028,
    (2006, 2006): -0.0046,
    (2006, 2007): -0.0412,
    (2007, 2004): 0.0305,
    (2007, 2005): -0.0027,
    (2007, 2006): -0.0311,
    (2007, 2007): -0.0261,
}
# R `did` README: aggte(out, type="dynamic"), event time -> estimate; overall -0.0772
PUBLISHED_DYNAMIC = {
    -3: 0.0305,
    -2: -0.0006,
    -1: -0.0245,
    0: -0.0199,
    1: -0.0510,
    2: -0.1373,
    3: -0.1008,
}


@pytest.fixture(scope="module")
def result() -> pd.DataFrame:
    panel = make_panel(
        pd.read_csv(DATA), unit="countyreal", time="year", outcome="lemp", cohort="first.treat"
    )
    return evaluation_frame(callaway_santanna(panel, "never").rows)


def _one(table: pd.DataFrame, estimand: str, **where: int) -> float:
    rows = table[table["estimand"] == estimand]
    for column in ("group", "period"):
        wanted = rows[column] == where[column] if column in where else rows[column].isna()
        rows = rows[wanted]
    assert len(rows) == 1, (estimand, where)
    return float(rows["estimate"].iloc[0])


def test_the_twelve_group_time_effects_are_the_published_ones(result: pd.DataFrame) -> None:
    att = result[result["estimand"] == "att_gt"]
    assert len(att) == 12
    for (g, t), published in PUBLISHED_ATT_GT.items():
        assert round(_one(result, "att_gt", group=g, period=t), 4) == published, (g, t)


def test_simple_aggregation_is_the_published_minus_0_04(result: pd.DataFrame) -> None:
    # README: aggte(out, type="simple"): ATT -0.04, Std. Error 0.0123 (bootstrap)
    assert round(_one(result, "att_simple"), 4) == -0.0400


def test_dynamic_aggregation_is_the_published_event_study(result: pd.DataFrame) -> None:
    assert round(_one(result, "att_dynamic"), 4) == -0.0772
    for e, published in PUBLISHED_DYNAMIC.items():
        assert round(_one(result, "att_dynamic", period=e), 4) == published, e


def test_group_aggregation_is_the_mean_of_each_cohorts_published_effects(
    result: pd.DataFrame,
) -> None:
    # README: aggte(out, type="group") overall -0.031; per cohort the mean of its post
    # ATT(g,t): 2004 (4 years) -0.0797, 2006 -0.0229, 2007 -0.0261.
    assert round(_one(result, "att_group"), 3) == -0.031
    by_hand = {
        2004: sum(PUBLISHED_ATT_GT[(2004, t)] for t in range(2004, 2008)) / 4,
        2006: (PUBLISHED_ATT_GT[(2006, 2006)] + PUBLISHED_ATT_GT[(2006, 2007)]) / 2,
        2007: PUBLISHED_ATT_GT[(2007, 2007)],
    }
    for g, expected in by_hand.items():
        assert _one(result, "att_group", group=g) == pytest.approx(expected, abs=1e-4)


def test_pretrend_p_value_is_the_published_one(result: pd.DataFrame) -> None:
    # README: "P-value for pre-test of parallel trends assumption: 0.16812"
    assert _one(result, "pretrend_p") == pytest.approx(0.16812, abs=1e-5)


def test_intervals_are_95_percent_around_the_estimate(result: pd.DataFrame) -> None:
    row = result[(result["estimand"] == "att_gt") & (result["group"] == 2004)].iloc[2]
    assert row["ci_low"] == pytest.approx(row["estimate"] - 1.96 * row["se"], abs=1e-3)
    assert row["ci_high"] == pytest.approx(row["estimate"] + 1.96 * row["se"], abs=1e-3)
    # analytic standard error of ATT(2004, 2006) in the README: 0.0364
    assert round(row["se"], 4) == 0.0364


def test_twfe_baseline_is_the_double_demeaned_regression() -> None:
    # In a balanced panel TWFE is OLS on twice-demeaned data (Frisch-Waugh-Lovell):
    # beta = sum(x'' y'') / sum(x''^2), computed here by hand with pandas. Its value on
    # mpdta, -0.0365, is the one the TWFE comparisons for mpdta report.
    frame = pd.read_csv(DATA)
    treated = ((frame["first.treat"] > 0) & (frame["year"] >= frame["first.treat"])).astype(float)

    def demeaned(v: pd.Series) -> pd.Series:
        by_unit = v.groupby(frame["countyreal"]).transform("mean")
        by_year = v.groupby(frame["year"]).transform("mean")
        return v - by_unit - by_year + v.mean()

    x, y = demeaned(treated), demeaned(frame["lemp"])
    by_hand = float((x * y).sum() / (x * x).sum())
    panel = make_panel(frame, unit="countyreal", time="year", outcome="lemp", cohort="first.treat")
    result = twfe_baseline(panel)
    static = [r for r in result.rows if r["estimand"] == "twfe_att"]
    assert static[0]["estimate"] == pytest.approx(by_hand, abs=1e-9)
    assert round(by_hand, 4) == -0.0365
    # cohort 2004 has a single pre-period (2003): did2s is skipped, with a warning
    assert not [r for r in result.rows if r["estimand"] == "did2s_att"]
    assert any("did2s" in w for w in result.warnings)


def test_not_yet_treated_controls_give_other_numbers_for_later_cohorts() -> None:
    panel = make_panel(
        pd.read_csv(DATA), unit="countyreal", time="year", outcome="lemp", cohort="first.treat"
    )
    never = evaluation_frame(callaway_santanna(panel, "never").rows)
    notyet = evaluation_frame(callaway_santanna(panel, "notyet").rows)
    # the last period has no not-yet-treated units besides the never-treated: equal there
    assert _one(notyet, "att_gt", group=2004, period=2007) == pytest.approx(
        _one(never, "att_gt", group=2004, period=2007)
    )
    # in 2004 the 2006 and 2007 cohorts are not yet treated and join the controls
    assert _one(notyet, "att_gt", group=2004, period=2004) != pytest.approx(
        _one(never, "att_gt", group=2004, period=2004)
    )
