"""A hand-computed boundary test for each indicator of the official criteria (income,
unattached to the labour market, convictions, compulsory school only); the other
indicators beyond the foundation three are in test_indicators_catalogue.py.

Each test builds a tiny store; period 2023 has R = 2023-01-01, W = [2023-01-01, 2024-01-01).
Expected numbers are worked out in the comments.
"""

from __future__ import annotations

import math

import pytest
from indicator_store import address, areas, compute_one, counts, ev, in_area, lives, person, row


def test_income_mean_of_the_year_before_and_the_criterion() -> None:
    people = [
        ("i1", "1993-01-01"),
        ("i2", "1983-01-01"),
        ("i3", "2003-01-01"),
        ("i4", "1973-01-01"),
        ("i5", "1953-01-01"),
    ]
    income = [
        {"pid": "i1", "year": 2022, "gross_income": 300000.0},
        {"pid": "i2", "year": 2022, "gross_income": 100000.0},  # two rows: summed
        {"pid": "i2", "year": 2022, "gross_income": 50000.0},
        {"pid": "i3", "year": 2022, "gross_income": 90000.0},  # in education at R
        {"pid": "i4", "year": 2023, "gross_income": 500000.0},  # no 2022 row
        {"pid": "i5", "year": 2022, "gross_income": 200000.0},  # 70: outside 15-64
    ]
    lm = [{"pid": "i3", "start_date": "2022-08-01", "end_date": None, "status": "uddannelse"}]
    refs = [
        {"year": 2022, "key": "regional_mean_gross_income", "value": 300000.0},
        {"year": 2023, "key": "regional_mean_gross_income", "value": 999999.0},
    ]
    result = compute_one(
        in_area(people, income=income, labour_market=lm, reference_values=refs),
        ["indkomst", "krit_indkomst"],
        [2023],
    )
    r = row(result, "indkomst", "A", 2023)
    assert (r["numerator"], r["denominator"]) == (450000.0, 2.0)  # i1 + i2
    assert r["sum_sq"] == 300000.0**2 + 150000.0**2
    assert r["unit"] == "dkk" and r["direction"] == "down_is_worse"
    # mean 225,000 as percent of the 2022 regional mean 300,000 = 75
    assert row(result, "krit_indkomst", "A", 2023)["value"] == pytest.approx(75.0)


def test_unattached_criterion_is_a_two_year_mean() -> None:
    tables = {
        "persons": [person(p, "1980-01-01") for p in ("k1", "k2", "k3")],
        # residents from mid-2021: nobody at R 2021, so 2022 has no Y-1 value
        "residences": [lives(p, "A1", "2021-06-01") for p in ("k1", "k2", "k3")],
        "addresses": [address("A1", "A")],
        "areas": areas("A"),
        "labour_market": [
            {"pid": "k1", "start_date": "2015-01-01", "end_date": None, "status": "beskaeftiget"},
            {"pid": "k3", "start_date": "2020-01-01", "end_date": "2022-06-01", "status": "ledig"},
            {"pid": "k3", "start_date": "2022-06-01", "end_date": None, "status": "beskaeftiget"},
        ],  # k2 has no status: not attached
    }
    result = compute_one(tables, ["krit_uden_tilknytning"], [2022, 2023])
    # 2022: k2, k3 not attached -> 66.67 %; 2023: k2 -> 33.33 %; mean = 50
    assert counts(result, "krit_uden_tilknytning", period=2023) == (1, 3)
    assert row(result, "krit_uden_tilknytning", "A", 2023)["value"] == pytest.approx(50.0)
    assert math.isnan(row(result, "krit_uden_tilknytning", "A", 2022)["value"])


def test_conviction_criterion_is_a_ratio_of_two_year_means() -> None:
    people = [("v1", "1980-01-01"), ("v2", "1980-01-01")]
    conv = [
        ev("v1", "verdict_date", "2023-04-01", law="straffeloven"),
        ev("v1", "verdict_date", "2022-05-01", law="euf"),
        ev("v2", "verdict_date", "2022-05-01", law="faerdselsloven"),
    ]
    refs = [
        {"year": 2023, "key": "national_conviction_share_18plus", "value": 1.0},
        {"year": 2022, "key": "national_conviction_share_18plus", "value": 3.0},
    ]
    result = compute_one(
        in_area(people, convictions=conv, reference_values=refs), ["krit_domme"], [2023]
    )
    # 50 % in 2023 and 50 % in 2022 -> 50; national mean (1 + 3) / 2 = 2 -> ratio 25
    r = row(result, "krit_domme", "A", 2023)
    assert r["unit"] == "ratio"
    assert r["value"] == pytest.approx(25.0)


def test_compulsory_school_only_criterion() -> None:
    people = [(p, "1980-01-01") for p in ("e1", "e2", "e3", "e4", "e5")] + [("e6", "1963-01-01")]
    levels = [
        {"pid": "e1", "year": 2023, "level": "grundskole"},
        {"pid": "e2", "year": 2023, "level": "lvu"},
        {"pid": "e3", "year": 2023, "level": "ukendt"},  # unknown: not in population
        {"pid": "e5", "year": 2022, "level": "grundskole"},  # other year
        {"pid": "e6", "year": 2023, "level": "grundskole"},
    ]  # 60: outside 30-59
    result = compute_one(in_area(people, education_level=levels), ["krit_grundskole"], [2023])
    assert counts(result, "krit_grundskole") == (1, 2)
