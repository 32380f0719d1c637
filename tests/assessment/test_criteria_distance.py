"""Distance to a threshold in persons: how many residents must change status to flip it.

Expected values are counted by hand: e.g. 40 % of 1,000 is 400 persons; `> 40 %` needs
401, so an area with 400 is 1 person away and an area with 410 is 10 persons away
(down to 400).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pandas as pd
import pytest

from bosocdata.assessment.criteria import classify, count_to_flip, persons_to_flip


@pytest.mark.parametrize(
    ("numerator", "denominator", "threshold", "operator", "persons"),
    [
        # > 40 % of 1,000: the boundary 400 is not met
        (400, 1000, 40, ">", 1),  # 400 -> 401
        (401, 1000, 40, ">", 1),  # 401 -> 400
        (410, 1000, 40, ">", 10),  # 410 -> 400
        (390, 1000, 40, ">", 11),  # 390 -> 401
        # >= 30 % (a ratio of 3 on a 10 % national share): the boundary 300 is met
        (300, 1000, 30, ">=", 1),  # 300 -> 299
        (299, 1000, 30, ">=", 1),  # 299 -> 300
        (295, 1000, 30, ">=", 5),  # 295 -> 300
        (310, 1000, 30, ">=", 11),  # 310 -> 299
        # < 55 %: the boundary 550 is not met
        (549, 1000, 55, "<", 1),  # 549 -> 550
        (550, 1000, 55, "<", 1),  # 550 -> 549
        (560, 1000, 55, "<", 11),  # 560 -> 549
        # <= 55 %: the boundary 550 is met
        (550, 1000, 55, "<=", 1),  # 550 -> 551
        (551, 1000, 55, "<=", 1),  # 551 -> 550
        # a threshold between two whole persons: 40 % of 1,001 is 400.4
        (400, 1001, 40, ">", 1),  # 400 -> 401 (40.06 %)
        (401, 1001, 40, ">", 1),  # 401 -> 400 (39.96 %)
        (405, 1001, 40, ">", 5),  # 405 -> 400
        (400, 1001, 40, ">=", 1),  # 400 -> 401
        (401, 1001, 40, ">=", 1),  # 401 -> 400
    ],
)
def test_persons_to_flip_from_whole_counts(
    numerator: int, denominator: int, threshold: float, operator: Any, persons: int
) -> None:
    assert persons_to_flip(numerator, denominator, threshold, operator) == persons


def test_an_approximated_fractional_numerator_gives_the_least_whole_number() -> None:
    # 40.04 % of 1,000 = 400.4 persons (met, > 40 %): 1 person leaves -> 399.4 <= 400
    assert persons_to_flip(Fraction(4004, 10), 1000, 40, ">") == 1
    # 41.25 % of 1,000 = 412.5: down to <= 400 needs 13 persons (399.5)
    assert persons_to_flip(412.5, 1000, 40, ">") == 13


def test_no_distance_without_a_population_or_past_100_pct() -> None:
    assert persons_to_flip(0, 0, 40, ">") is None
    assert persons_to_flip(10, 100, 100, ">") is None  # would need more than everybody


def test_population_distance_is_residents_moving_in_or_out() -> None:
    assert count_to_flip(999, 1000, ">=") == 1  # one more resident makes an area
    assert count_to_flip(1000, 1000, ">=") == 1  # one fewer unmakes it
    assert count_to_flip(1234, 1000, ">=") == 235  # down to 999
    assert count_to_flip(500, 1000, ">=") == 500


# ------------------------------------------------------- the dist_ columns of the CSV

BASE: dict[str, Any] = {
    "area_id": "A",
    "year": 2022,
    "population": 1000,
    "uden_tilknytning_pct": 20.0,
    "domme_ratio": 1.0,
    "grundskole_pct": 40.0,
    "indkomst_pct": 80.0,
    "ikke_vestlige_pct": 20.0,
}


def row(**values: Any) -> pd.Series:
    frame = pd.DataFrame([{**BASE, **values}])
    frame["population"] = frame["population"].astype("Int64")
    for column in ("population_18_64", "population_18plus"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    return classify(frame).table.iloc[0]


def test_dist_columns_from_the_published_percentages() -> None:
    assert row(uden_tilknytning_pct=40.1)["dist_uden_tilknytning"] == 1  # 401 -> 400
    assert row(uden_tilknytning_pct=40.0)["dist_uden_tilknytning"] == 1  # 400 -> 401
    assert row(uden_tilknytning_pct=45.0, population=1200)["dist_uden_tilknytning"] == 60
    assert row(grundskole_pct=60.0)["dist_grundskole"] == 1
    assert row(ikke_vestlige_pct=50.1)["dist_ikke_vestlige"] == 1
    assert row(ikke_vestlige_pct=20.0)["dist_ikke_vestlige"] == 301  # 200 -> 501
    assert row(ikke_vestlige_pct=20.0)["dist_forebyg_ikke_vestlige"] == 101  # 200 -> 301


def test_dist_population_999_versus_1000() -> None:
    assert row(population=999)["dist_population"] == 1
    assert row(population=1000)["dist_population"] == 1


def test_a_given_age_group_replaces_the_population_as_denominator() -> None:
    # 45 % of 1,000 residents aged 18-64 = 450; > 40 % of 1,000 needs <= 400: 50 persons
    assert (
        row(uden_tilknytning_pct=45.0, population=2000, population_18_64=1000)[
            "dist_uden_tilknytning"
        ]
        == 50
    )


def test_convictions_need_the_national_share_to_be_counted_in_persons() -> None:
    assert pd.isna(row(domme_ratio=3.0)["dist_domme"])
    # ratio 3.0 of a national 1.5 % = 4.5 % of 1,000 adults = 45 persons; >= 45 met; 44 not
    assert row(domme_ratio=3.0, domme_national_pct=1.5, population_18plus=1000)["dist_domme"] == 1
    # ratio 2.5 -> 37.5 persons; 45 needed: 8 more (45.5 persons, ratio 3.03)
    assert row(domme_ratio=2.5, domme_national_pct=1.5, population_18plus=1000)["dist_domme"] == 8


def test_income_has_no_distance_in_persons() -> None:
    assert "dist_indkomst" not in row().index


def test_a_remembered_one_is_not_taken_for_true() -> None:
    # exact() remembers its answers; a bool must still be refused after 1 and 1.0
    from bosocdata.assessment.rulesets.thresholds import exact

    assert exact(1) == exact(1.0) == Fraction(1)
    assert exact(40.1) == Fraction(401, 10)
    with pytest.raises(TypeError):
        exact(True)
