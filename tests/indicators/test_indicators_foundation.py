"""Boundary tests of the machinery on the three foundation indicators.

One small hand-made store; every expected number is worked out by hand in the comments.
Periods: 2023 (R = 2023-01-01, W = [2023-01-01, 2024-01-01)) and 2024.
"""

from __future__ import annotations

import math

import pytest
from indicator_store import address, areas, lives, make_store, person, row

from bosocdata.indicators import compute_indicators, load_catalogue

FOUNDATION = ["boern_unge_under_18", "voksne_uden_for_arbejdsmarkedet", "underretninger_boern_unge"]


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    persons = [
        person("a1", "2010-05-05"),  # child, lives in A since 2020
        person("a2", "2005-01-01"),  # turns 18 on R 2023: age 18 (adult), not a child
        person("a3", "1980-03-03"),  # adult, moves INTO A on R 2023 -> resident
        person("a4", "1970-07-07"),  # adult, moves OUT of A on R 2023 -> not resident
        person("a5", "1990-02-02", death="2022-12-31"),  # died before R 2023 -> not resident
        person("a6", "2012-06-06"),  # child in A at R 2023, moves to B in March 2023
        person("b1", "2015-01-01"),  # child in B
        person("b2", "1985-01-01"),  # adult in B
        person("r1", "2008-08-08"),  # child at a no-area address
        person("r2", "1960-01-02"),  # adult (63 at R 2023) at a no-area address
    ]
    residences = [
        lives("a1", "A1", "2020-01-01"),
        lives("a2", "A1", "2020-01-01"),
        lives("a3", "A2", "2023-01-01"),
        lives("a4", "A2", "2019-01-01", "2023-01-01"),
        lives("a5", "A3", "2019-01-01"),
        lives("a6", "A3", "2018-01-01", "2023-03-01"),
        lives("a6", "B1", "2023-03-01"),
        lives("b1", "B1", "2018-01-01"),
        lives("b2", "B1", "2018-01-01"),
        lives("r1", "R1", "2018-01-01"),
        lives("r2", "R1", "2018-01-01"),
    ]
    labour = [
        # a2: kontanthjaelp (OUTSIDE) from R 2023 -> counted (start <= R)
        {"pid": "a2", "start_date": "2023-01-01", "end_date": None, "status": "kontanthjaelp"},
        # a3: ledig that ended on R 2023 -> not counted in 2023 (end > R fails)
        {"pid": "a3", "start_date": "2022-01-01", "end_date": "2023-01-01", "status": "ledig"},
        {"pid": "a3", "start_date": "2023-01-01", "end_date": None, "status": "beskaeftiget"},
        # a4 would be OUTSIDE but is not resident
        {"pid": "a4", "start_date": "2015-01-01", "end_date": None, "status": "ledig"},
        # b2: foertidspension -> counted
        {"pid": "b2", "start_date": "2010-01-01", "end_date": None, "status": "foertidspension"},
        # r2: folkepension is not OUTSIDE
        {"pid": "r2", "start_date": "2010-01-01", "end_date": None, "status": "folkepension"},
    ]
    notifications = [
        {"pid": "a1", "notification_date": "2023-02-01"},  # a1 twice in 2023: counted once
        {"pid": "a1", "notification_date": "2023-11-30"},
        {"pid": "a6", "notification_date": "2023-06-01"},  # a6 lives in B then; counts for A
        {"pid": "b1", "notification_date": "2024-01-01"},  # on R 2024: outside W 2023, in W 2024
        {"pid": "r1", "notification_date": "2022-12-31"},  # before W 2023
    ]
    con = make_store(
        {
            "persons": persons,
            "residences": residences,
            "addresses": [
                address("A1", "A"),
                address("A2", "A"),
                address("A3", "A"),
                address("B1", "B"),
                address("R1", None),
            ],
            "areas": areas("A", "B"),
            "labour_market": labour,
            "notifications": notifications,
        }
    )
    catalogue = load_catalogue()
    return compute_indicators(con, catalogue, years=[2023, 2024])


def test_children_share_counts_residents_at_r_exactly(result) -> None:  # type: ignore[no-untyped-def]
    # Residents of A at R 2023: a1 (child), a2 (18 on R: adult), a3 (moved in on R),
    # a6 (child, still in A on R). Not a4 (moved out on R), not a5 (died before R).
    r = row(result, "boern_unge_under_18", "A", 2023)
    assert (r["numerator"], r["denominator"]) == (2, 4)
    # B at R 2023: b1 (child, 8), b2 -> 1 of 2. At R 2024 a6 has moved to B: 2 of 3.
    assert row(result, "boern_unge_under_18", "B", 2023)["denominator"] == 2
    r = row(result, "boern_unge_under_18", "B", 2024)
    assert (r["numerator"], r["denominator"]) == (2, 3)
    # __rest__: r1 (14), r2 -> 1 of 2
    r = row(result, "boern_unge_under_18", "__rest__", 2023)
    assert (r["numerator"], r["denominator"]) == (1, 2)


def test_all_is_the_areas_plus_rest(result) -> None:  # type: ignore[no-untyped-def]
    for indicator in FOUNDATION:
        for period in (2023, 2024):
            parts = [row(result, indicator, a, period) for a in ("A", "B", "__rest__")]
            total = row(result, indicator, "__all__", period)
            assert total["numerator"] == sum(p["numerator"] for p in parts)
            assert total["denominator"] == sum(p["denominator"] for p in parts)
    # 2023: 4 + 2 + 2 residents
    assert row(result, "boern_unge_under_18", "__all__", 2023)["denominator"] == 8


def test_status_at_r_is_half_open(result) -> None:  # type: ignore[no-untyped-def]
    # A, 18-64 at R 2023: a2 (18, kontanthjaelp from R -> counted), a3 (ledig ended on R,
    # beskaeftiget from R -> not counted). 1 of 2.
    r = row(result, "voksne_uden_for_arbejdsmarkedet", "A", 2023)
    assert (r["numerator"], r["denominator"]) == (1, 2)
    # B: b2 (38, foertidspension) -> 1 of 1; __rest__: r2 (62 at R 2023... born 1960-01-02,
    # so 62 on 2023-01-01), folkepension -> 0 of 1.
    r = row(result, "voksne_uden_for_arbejdsmarkedet", "B", 2023)
    assert (r["numerator"], r["denominator"]) == (1, 1)
    r = row(result, "voksne_uden_for_arbejdsmarkedet", "__rest__", 2023)
    assert (r["numerator"], r["denominator"]) == (0, 1)


def test_notifications_use_cohort_attribution_and_count_each_child_once(result) -> None:  # type: ignore[no-untyped-def]
    # A 2023, children a1 and a6: a1 has two notifications in W (counted once); a6 got
    # hers after moving to B but lived in A at R -> counts for A. 2 of 2.
    r = row(result, "underretninger_boern_unge", "A", 2023)
    assert (r["numerator"], r["denominator"]) == (2, 2)
    # B 2023: b1's notification on 2024-01-01 is outside W 2023 -> 0 of 1.
    r = row(result, "underretninger_boern_unge", "B", 2023)
    assert (r["numerator"], r["denominator"]) == (0, 1)
    # B 2024: children b1 and a6; b1's notification on R 2024 is inside W 2024 -> 1 of 2.
    r = row(result, "underretninger_boern_unge", "B", 2024)
    assert (r["numerator"], r["denominator"]) == (1, 2)
    # __rest__ 2023: r1's notification on 2022-12-31 is before W -> 0 of 1.
    assert row(result, "underretninger_boern_unge", "__rest__", 2023)["numerator"] == 0


def test_birthday_on_r_gives_the_new_age(result) -> None:  # type: ignore[no-untyped-def]
    # b1 born 2015-01-01 is 8 on R 2023 and a2 born 2005-01-01 is 18 on R 2023; a2 in the
    # 18-64 population (see above) and not among children: A has 2 children of 4.
    assert row(result, "boern_unge_under_18", "A", 2023)["numerator"] == 2


def test_every_area_appears_for_every_period_and_indicator(result) -> None:  # type: ignore[no-untyped-def]
    t = result.table
    for indicator in FOUNDATION:
        sub = t[t.indicator_id == indicator]
        assert len(sub) == 4 * 2  # A, B, __rest__, __all__ x 2023, 2024
    names = dict(zip(t.area_id, t.area_name, strict=False))
    assert names["__all__"] == "Hele kommunen"
    assert names["__rest__"] == "Uden for boligområderne"
    assert names["A"] == "Område A"


def test_value_and_intervals_are_left_to_statistics(result) -> None:  # type: ignore[no-untyped-def]
    r = row(result, "boern_unge_under_18", "A", 2023)
    assert math.isnan(r["value"]) and math.isnan(r["ci_low"]) and math.isnan(r["sum_sq"])
    assert r["unit"] == "pct" and r["direction"] == "up_is_worse"


def test_area_with_no_residents_gets_denominator_zero() -> None:
    con = make_store(
        {
            "persons": [person("p", "2000-01-01")],
            "residences": [lives("p", "X1", "2020-01-01")],
            "addresses": [address("X1", None), address("E1", "E")],
            "areas": areas("E"),
        }
    )
    result = compute_indicators(con, load_catalogue(), years=[2023])
    r = row(result, "boern_unge_under_18", "E", 2023)
    assert (r["numerator"], r["denominator"]) == (0, 0)


def test_missing_register_is_not_available_never_zero() -> None:
    con = make_store(
        {
            "persons": [person("p", "2010-01-01")],
            "residences": [lives("p", "X1", "2020-01-01")],
            "addresses": [address("X1", "E")],
            "areas": areas("E"),
        }
    )
    result = compute_indicators(con, load_catalogue(), years=[2023])
    assert "notifications" in result.not_available["underretninger_boern_unge"]
    assert "underretninger_boern_unge" not in set(result.table.indicator_id)
    assert "boern_unge_under_18" in set(result.table.indicator_id)


def test_default_years_follow_the_cpr_coverage() -> None:
    # earliest start 2019-03-01 -> first R on or after it is 2020-01-01; latest date the
    # residences speak of is 2022-06-30 (end 2022-07-01 minus a day) -> last year 2022.
    con = make_store(
        {
            "persons": [person("p", "2000-01-01"), person("q", "2000-01-01")],
            "residences": [
                lives("p", "X1", "2019-03-01", "2022-07-01"),
                lives("q", "X1", "2021-05-01"),
            ],
            "addresses": [address("X1", None)],
            "areas": [],
        }
    )
    result = compute_indicators(con, load_catalogue(), years=None)
    assert result.periods == [2020, 2021, 2022]
    assert sorted(set(result.table.period)) == [2020, 2021, 2022]


def test_default_years_start_where_the_event_registers_start() -> None:
    # The CPR history reaches back to 2001, but the extract's events begin on
    # 2018-02-10: the first default year is 2018 (its window holds that event), not 2002.
    con = make_store(
        {
            "persons": [person("p", "1990-01-01")],
            "residences": [lives("p", "X1", "2001-04-01", "2021-07-01")],
            "addresses": [address("X1", None)],
            "areas": [],
            "notifications": [{"pid": "p", "notification_date": "2018-02-10"}],
        }
    )
    result = compute_indicators(con, load_catalogue(), years=None)
    assert result.periods == [2018, 2019, 2020, 2021]


def test_a_criterion_and_its_plain_twin_are_one_query(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`krit_ikke_vestlige` counts what `ikke_vestlig_baggrund` counts; it is asked once
    and each gets the same counts (MetricFlow's metrics of one grain, one query)."""
    from bosocdata.indicators.catalogue import Catalogue
    from bosocdata.indicators.engines.duckdb import DuckDBEngine

    asked: list[str] = []
    real_df = DuckDBEngine.df
    monkeypatch.setattr(
        DuckDBEngine, "df", lambda self, sql: asked.append(sql) or real_df(self, sql)
    )
    con = make_store(
        {
            "persons": [
                person("a1", "1980-01-01", origin=2, country="SO"),
                person("a2", "1990-01-01"),
            ],
            "residences": [lives("a1", "A1", "2020-01-01"), lives("a2", "A1", "2020-01-01")],
            "addresses": [address("A1", "A")],
            "areas": areas("A"),
        }
    )
    full = load_catalogue()
    pair = Catalogue(
        {d.id: d for d in full if d.id in ("ikke_vestlig_baggrund", "krit_ikke_vestlige")}
    )
    result = compute_indicators(con, pair, years=[2023])
    indicator_queries = [q for q in asked if q.startswith("-- indicator:")]
    assert len(indicator_queries) == 1
    plain = row(result, "ikke_vestlig_baggrund", "A", 2023)
    criterion = row(result, "krit_ikke_vestlige", "A", 2023)
    assert (plain["numerator"], plain["denominator"]) == (1, 2)
    assert (criterion["numerator"], criterion["denominator"]) == (1, 2)


def test_only_the_frames_the_indicators_read_are_built() -> None:
    from bosocdata.indicators.compiler import compile_indicator
    from bosocdata.indicators.frames import frames_for

    by_id = {d.id: d for d in load_catalogue()}
    persons_only = frames_for([compile_indicator(by_id["boern_unge_under_18"])])
    assert persons_only == {"bosoc_residents", "bosoc_address_area"}
    households = frames_for([compile_indicator(by_id["fraflyttede_husstande"])])
    assert households == {"bosoc_households", "bosoc_residents", "bosoc_address_area"}
