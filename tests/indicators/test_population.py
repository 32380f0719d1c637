"""The population table on a tiny hand-made store: residents by area, age band and sex.

Every expected count below was worked out by hand from the persons and residences
listed (fictitious). Reference dates: R = 1 January 2022 and 1 January 2023.
"""

from __future__ import annotations

import pandas as pd
import pytest
from indicator_store import address, areas, lives, make_store, person

from bosocdata.indicators.population import AGE_BAND_LABELS, population_table

STORE = {
    "persons": [
        person("p1", "2017-01-01", "M"),  # turns 6 on R 2023: the birthday counts
        person("p2", "2017-01-02", "M"),  # 5 on R 2023 (birthday the day after)
        person("p3", "1990-05-05", "F"),  # moves A -> B on R 2023
        person("p4", "1950-01-01", "M", death="2022-12-31"),  # dies before R 2023
        person("p5", "1958-01-01", "F", death="2023-01-01"),  # dies on R 2023
        person("p6", "1958-01-02", "F"),
        person("p7", "1958-01-01", "M"),
        person("p8", "2005-01-01", "M"),  # moves in mid-2022
        person("p9", "2000-01-01", "M"),  # moves in the day after R 2023
    ],
    "residences": [
        lives("p1", "A1", "2020-01-01"),
        lives("p2", "A1", "2020-01-01"),
        lives("p3", "A1", "2015-01-01", "2023-01-01"),
        lives("p3", "B1", "2023-01-01"),
        lives("p4", "B1", "2000-01-01"),
        lives("p5", "R1", "2010-01-01"),
        lives("p6", "R1", "2010-01-01"),
        lives("p7", "R1", "2010-01-01"),
        lives("p8", "A1", "2022-06-01"),
        lives("p9", "A1", "2023-01-02"),
    ],
    "addresses": [address("A1", "A"), address("B1", "B"), address("R1", None)],
    "areas": areas("A", "B"),
}

# (area, period, band, sex) -> residents; every other cell is 0
EXPECTED = {
    # R = 1 January 2023
    ("A", 2023, "6-17", "M"): 1,  # p1, 6 on his birthday
    ("A", 2023, "0-5", "M"): 1,  # p2, 5
    ("A", 2023, "18-29", "M"): 1,  # p8, 18
    ("B", 2023, "30-49", "F"): 1,  # p3 moved in on R (and out of A on R: not counted there)
    ("__rest__", 2023, "50-64", "F"): 1,  # p6, 64 (p5 died on R)
    ("__rest__", 2023, "65+", "M"): 1,  # p7, 65
    # R = 1 January 2022
    ("A", 2022, "0-5", "M"): 2,  # p1 (5) and p2 (4)
    ("A", 2022, "30-49", "F"): 1,  # p3, 31
    ("B", 2022, "65+", "M"): 1,  # p4, 72, still alive
    ("__rest__", 2022, "50-64", "F"): 2,  # p5 (64) and p6 (63)
    ("__rest__", 2022, "50-64", "M"): 1,  # p7, 64
}


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return population_table(make_store(STORE), [2022, 2023])


def test_columns_are_the_published_ones(table: pd.DataFrame) -> None:
    assert list(table.columns) == ["area_id", "period", "age_band", "sex", "residents"]


def test_every_area_period_band_and_sex_has_a_row_zeros_included(table: pd.DataFrame) -> None:
    assert len(table) == 4 * 2 * len(AGE_BAND_LABELS) * 2
    keys = table[["area_id", "period", "age_band", "sex"]].drop_duplicates()
    assert len(keys) == len(table)
    assert set(table["area_id"]) == {"A", "B", "__all__", "__rest__"}
    assert list(table["age_band"].drop_duplicates()) == [
        "0-5",
        "6-17",
        "18-29",
        "30-49",
        "50-64",
        "65+",
    ]


def test_counts_follow_the_resident_rule(table: pd.DataFrame) -> None:
    for (area, period, band, sex), residents in EXPECTED.items():
        row = table[
            (table.area_id == area)
            & (table.period == period)
            & (table.age_band == band)
            & (table.sex == sex)
        ]
        assert row["residents"].tolist() == [residents], (area, period, band, sex)
    areas_only = table[table.area_id != "__all__"]
    expected_total = {2022: 7, 2023: 6}
    assert areas_only.groupby("period")["residents"].sum().to_dict() == expected_total
    listed = areas_only.set_index(["area_id", "period", "age_band", "sex"])["residents"]
    others = listed.drop(index=list(EXPECTED))
    assert (others == 0).all()


def test_all_is_the_sum_of_the_areas_and_rest(table: pd.DataFrame) -> None:
    keys = ["period", "age_band", "sex"]
    total = table[table.area_id == "__all__"].set_index(keys)["residents"]
    summed = table[table.area_id != "__all__"].groupby(keys)["residents"].sum()
    assert total.to_dict() == summed.to_dict()
    assert int(total.loc[(2023, "65+", "M")]) == 1


def test_no_years_gives_an_empty_table() -> None:
    empty = population_table(make_store(STORE), [])
    assert empty.empty
    assert list(empty.columns) == ["area_id", "period", "age_band", "sex", "residents"]


def test_the_frames_of_an_indicator_computation_give_the_same_counts() -> None:
    # compute_indicators for 2023 leaves frames for 2022 and 2023 (two-year means) on the
    # connection; the population table reuses them and still holds 2023 only, by hand.
    from bosocdata.indicators import compute_indicators, load_catalogue

    con = make_store(STORE)
    compute_indicators(con, load_catalogue(), [2023])
    after = population_table(con, [2023])
    assert set(after["period"]) == {2023}
    counted = {
        (r.area_id, r.period, r.age_band, r.sex): r.residents
        for r in after.itertuples()
        if r.residents and r.area_id != "__all__"
    }
    assert counted == {key: n for key, n in EXPECTED.items() if key[1] == 2023}
