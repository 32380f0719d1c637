"""Prioritisation: excess persons by hand, need summed over positive excesses, ranks."""

from __future__ import annotations

import pandas as pd
import pytest
from test_assess_fixture import THEMES, indicator_table, make_config

from bosocdata.assessment.index import compute_index
from bosocdata.assessment.priorities import excess_persons, prioritise, priority_order


def test_excess_persons_for_a_proportion_a_rate_and_down_is_worse() -> None:
    rows = pd.DataFrame(
        {
            "area_id": ["A", "A", "A"],
            "period": 2024,
            "indicator_id": ["p", "r", "d"],
            "unit": ["pct", "per1000", "pct"],
            "direction": ["up_is_worse", "up_is_worse", "down_is_worse"],
            "numerator": [400.0, 30.0, 30.0],
            "denominator": [1000.0, 2000.0, 100.0],
            "benchmark": [25.0, 10.0, 50.0],
            "ci_low": [37.0, 10.0, 21.0],
            "ci_high": [43.1, 21.5, 40.0],
        }
    )
    e = excess_persons(rows).set_index("indicator_id")
    # 400 observed, 1000 x 25 % = 250 expected; interval 370 - 250 to 431 - 250
    assert e.loc["p", ["expected", "excess", "excess_low", "excess_high"]].tolist() == (
        pytest.approx([250, 150, 120, 181])
    )
    # 30 events, 2000 x 10 / 1000 = 20 expected
    assert e.loc["r", ["expected", "excess", "excess_low", "excess_high"]].tolist() == (
        pytest.approx([20, 10, 0, 23])
    )
    # down is worse: 30 of 100 where 50 were expected = 20 short; interval 10-29
    assert e.loc["d", ["excess", "excess_low", "excess_high"]].tolist() == pytest.approx(
        [20, 10, 29]
    )


def test_need_sums_the_positive_excesses_of_an_area() -> None:
    table = indicator_table()
    config = make_config()
    index = compute_index(table, THEMES, config).index
    priorities, excess = prioritise(table, index, THEMES, config)
    a = priorities[(priorities.area_id == "A") & (priorities.period == 2024)].iloc[0]
    # voksne: 400 of 1000 at 25 % -> 150 (120-181); sigtede: 5 of 100 at 4 % -> 1 (-2 to 7.2);
    # indkomst (DKK) is no count of persons
    assert a["need"] == pytest.approx(151)
    assert a["need_low"] == pytest.approx(120)
    assert a["need_high"] == pytest.approx(181 + 7.2)
    assert a["n_need_indicators"] == 2
    assert set(excess["indicator_id"]) == {"voksne_uden_for_arbejdsmarkedet", "sigtede_unge"}
    # 2024 need: A 151; B voksne 30 % of 800 vs 25 % -> 40, sigtede 10 % of 80 vs 4 % -> 4.8;
    # C is below the municipality on both: 0
    y = priorities[priorities.period == 2024].set_index("area_id")
    assert y.loc["B", "need"] == pytest.approx(44.8)
    assert y.loc["C", "need"] == pytest.approx(0)
    assert (y.loc["A", "rank_need"], y.loc["B", "rank_need"], y.loc["C", "rank_need"]) == (1, 2, 3)
    assert pd.isna(y.loc["D", "rank_need"])  # too small to rank
    assert y.loc["B", "rank_index"] == 1
    order = priority_order(priorities, by="need")
    assert order[order.period == 2024].area_id.tolist() == ["A", "B", "C"]
