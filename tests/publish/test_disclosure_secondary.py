"""Secondary suppression: what else must go so that a hidden cell stays hidden.

Expected patterns are worked out by hand in the comments, from the rule "every hidden
count must keep an interval at least k wide" (docs/concepts/disclosure-control.md).
"""

from __future__ import annotations

from test_disclosure_tables import ALL, REST, indicator_rows, suppressed_areas, table

from bosocdata.disclosure.control import apply_disclosure_control


def test_a_lone_suppressed_area_takes_the_smallest_other_area_with_it() -> None:
    # A (3 of 100) is under k. Alone it would be __all__ minus the others: 100 - 97 = 3.
    # The smallest other denominator is B (200): hiding it leaves n_A + n_B = 23, and
    # n_A anywhere in [0, 23].
    rows = table(
        indicator_rows("x", 2020, {"A": (3, 100), "B": (20, 200), "C": (30, 300), REST: (47, 400)})
    )
    assert suppressed_areas(apply_disclosure_control(rows), "x", 2020) == {"A", "B"}


def test_ties_in_denominator_are_broken_by_area_id() -> None:
    rows = table(
        indicator_rows("x", 2020, {"A": (3, 100), "C": (20, 200), "B": (30, 200), REST: (47, 400)})
    )
    assert suppressed_areas(apply_disclosure_control(rows), "x", 2020) == {"A", "B"}


def test_a_complement_with_nothing_in_it_is_not_enough() -> None:
    # Hiding A (3) and B (0 of 150) leaves n_A + n_B = 3: a reader knows both are at
    # most 3. C (the next smallest) must go too: then n_A lies in [0, 43].
    rows = table(
        indicator_rows("x", 2020, {"A": (3, 100), "B": (0, 150), "C": (40, 300), REST: (47, 400)})
    )
    assert suppressed_areas(apply_disclosure_control(rows), "x", 2020) == {"A", "B", "C"}


def test_each_period_is_protected_on_its_own() -> None:
    counts = {"A": (30, 100), "B": (20, 200), "C": (30, 300), REST: (47, 400)}
    small = {**counts, "C": (2, 300)}
    rows = table(indicator_rows("x", 2019, counts), indicator_rows("x", 2020, small))
    published = apply_disclosure_control(rows)
    assert suppressed_areas(published, "x", 2019) == set()
    assert suppressed_areas(published, "x", 2020) == {"C", "A"}


def test_shared_denominator_is_not_given_away_by_another_indicator() -> None:
    # x and y count out of the same residents. T has 4 residents: both cells are under
    # k. Each indicator hides T and its smallest neighbour B, so that neither the
    # numerators nor the shared denominator (4 = 1504 - 200 - 300 - 1000) can be worked
    # out from the other indicator.
    residents = {"T": 4, "B": 200, "C": 300, REST: 1000}
    x = {"T": (1, 4), "B": (20, 200), "C": (30, 300), REST: (100, 1000)}
    y = {"T": (2, 4), "B": (100, 200), "C": (150, 300), REST: (500, 1000)}
    rows = table(indicator_rows("x", 2020, x), indicator_rows("y", 2020, y))
    published = apply_disclosure_control(rows)
    assert suppressed_areas(published, "x", 2020) == {"T", "B"}
    assert suppressed_areas(published, "y", 2020) == {"T", "B"}
    assert set(published["denominator_group"]) == {"x"}
    shown = published[~published["suppressed"] & (published["area_id"] != ALL)]
    assert set(shown["denominator"]) == {residents["C"], residents[REST]}


def test_a_hidden_denominator_is_hidden_in_every_indicator_of_its_population() -> None:
    # T (4 residents) is under k everywhere; y's C (3) is under k too. x hides T and its
    # smallest neighbour B; y already hides T and C (n_T + n_C = 5). But then the
    # residents of B are hidden in x only and of C in y only, and T's 4 residents follow
    # from the shown denominators: 1504 - 200 - 300 - 1000. So the smallest other area,
    # B, is hidden in y as well: T and B are then hidden in both indicators.
    x = {"T": (1, 4), "B": (20, 200), "C": (30, 300), REST: (100, 1000)}
    y = {"T": (2, 4), "B": (100, 200), "C": (3, 300), REST: (500, 1000)}
    rows = table(indicator_rows("x", 2020, x), indicator_rows("y", 2020, y))
    published = apply_disclosure_control(rows)
    assert suppressed_areas(published, "x", 2020) == {"T", "B"}
    assert suppressed_areas(published, "y", 2020) == {"T", "B", "C"}


def test_denominator_groups_can_be_given() -> None:
    # Without the mapping x and y have different denominators and are not linked.
    x = {"T": (1, 40), "B": (20, 200), "C": (30, 300), REST: (100, 1000)}
    y = {"T": (20, 41), "B": (100, 200), "C": (150, 300), REST: (500, 1000)}
    rows = table(indicator_rows("x", 2020, x), indicator_rows("y", 2020, y))
    published = apply_disclosure_control(rows, denominator_groups_of={"x": "x", "y": "y"})
    assert set(published["denominator_group"]) == {"x", "y"}
    assert suppressed_areas(published, "y", 2020) == set()
