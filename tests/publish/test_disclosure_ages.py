"""Residents counts of different ages give each other away (relation 5).

Each table below is protected per denominator group only (as before relation 5) and
leaks a count through the ages; the audit told about the ages names it, and disclosure
control told about them protects it. Intervals are worked out by hand in the comments.

Indicators (fictitious, like the catalogue's): `beboere` counts events per 1000 of all
residents; `u18` is the share 0-17 of all residents (like boern_unge_under_18: its
numerator is the 0-17 count); `boern` a share of residents 0-17, `voksne` of 18+,
`arbejde` of 18-64.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_disclosure_tables import REST, indicator_rows, table

from bosocdata.disclosure.ages import IndicatorAges, age_atoms
from bosocdata.disclosure.audit import AuditCell, audit_disclosure
from bosocdata.disclosure.catalogue import age_structure
from bosocdata.disclosure.control import apply_disclosure_control
from bosocdata.indicators import load_catalogue

AGES = {
    "beboere": IndicatorAges((0, None)),
    "u18": IndicatorAges((0, None), (0, 17)),
    "boern": IndicatorAges((0, 17)),
    "voksne": IndicatorAges((18, None)),
    "arbejde": IndicatorAges((18, 64)),
}
GROUPS = {"beboere": "all", "u18": "all", "boern": "0-17", "voksne": "18+", "arbejde": "18-64"}


def residents(all_: int, under_18: int) -> tuple[int, int]:
    return all_, under_18


def per_group(secure: pd.DataFrame) -> pd.DataFrame:
    groups = {i: GROUPS[i] for i in secure["indicator_id"].unique()}
    return apply_disclosure_control(secure, k=5, denominator_groups_of=groups)


def with_ages(secure: pd.DataFrame) -> pd.DataFrame:
    groups = {i: GROUPS[i] for i in secure["indicator_id"].unique()}
    return apply_disclosure_control(secure, k=5, denominator_groups_of=groups, ages_of=AGES)


def narrow(published: pd.DataFrame, secure: pd.DataFrame) -> dict[AuditCell, tuple[float, float]]:
    report = audit_disclosure(published, k=5, secure=secure, ages_of=AGES)
    assert not report.problems, report.text()
    return {f.cell: (f.low, f.high) for f in report.failures}


def passes(published: pd.DataFrame, secure: pd.DataFrame) -> bool:
    report = audit_disclosure(published, k=5, secure=secure, ages_of=AGES)
    return report.passed


# Residents per area: all, 0-17 (18+ is the difference).
POPULATION = {"A": (30, 27), "B": (200, 50), "C": (300, 100), REST: (1000, 300)}


def test_18_plus_is_all_residents_minus_0_17() -> None:
    # A has 3 residents of 18+: voksne hides A (and B with it). beboere shows A's 30
    # residents and boern A's 27 children, so 18+ = 30 - 27 = 3 exactly.
    secure = table(
        indicator_rows("beboere", 2020, {a: (10, t) for a, (t, _) in POPULATION.items()},
                       unit="per1000"),
        indicator_rows("boern", 2020, {"A": (10, 27), "B": (20, 50), "C": (30, 100),
                                       REST: (100, 300)}),
        indicator_rows("voksne", 2020, {"A": (1, 3), "B": (20, 150), "C": (30, 200),
                                        REST: (100, 700)}),
    )  # fmt: skip
    published = per_group(secure)
    assert audit_disclosure(published, k=5, secure=secure).passed  # blind to the ages
    found = narrow(published, secure)
    assert found[AuditCell(2020, "voksne", "A", "denominator")] == pytest.approx((3.0, 3.0))
    assert passes(with_ages(secure), secure)


def test_the_numerator_of_u18_is_the_0_17_denominator() -> None:
    # u18 hides A (30 - 27 = 3 adults) and B. beboere shows A's 30 residents; the per-
    # group reading leaves u18's numerator of A anywhere in [0, 30]. But boern shows
    # A's 27 children as its denominator, and that is u18's numerator: the 3 adults
    # follow.
    secure = table(
        indicator_rows("beboere", 2020, {a: (10, t) for a, (t, _) in POPULATION.items()},
                       unit="per1000"),
        indicator_rows("u18", 2020, {a: (c, t) for a, (t, c) in POPULATION.items()}),
        indicator_rows("boern", 2020, {"A": (10, 27), "B": (20, 50), "C": (30, 100),
                                       REST: (100, 300)}),
    )  # fmt: skip
    published = per_group(secure)
    assert audit_disclosure(published, k=5, secure=secure).passed  # blind to the ages
    found = narrow(published, secure)
    assert found[AuditCell(2020, "u18", "A", "denominator - numerator")] == pytest.approx(
        (3.0, 3.0)
    )
    assert passes(with_ages(secure), secure)


def test_65_plus_is_all_minus_0_17_minus_18_64() -> None:
    # Every cell is safe and shown, yet A has 40 residents, 20 of 0-17 and 17 of 18-64:
    # 3 of 65+, a count no indicator shows.
    secure = table(
        indicator_rows("beboere", 2020, {"A": (10, 40), "B": (20, 200), "C": (30, 300),
                                         REST: (100, 1000)}, unit="per1000"),
        indicator_rows("boern", 2020, {"A": (10, 20), "B": (20, 50), "C": (30, 100),
                                       REST: (100, 300)}),
        indicator_rows("arbejde", 2020, {"A": (6, 17), "B": (20, 120), "C": (30, 150),
                                         REST: (100, 500)}),
    )  # fmt: skip
    published = per_group(secure)
    assert not published["suppressed"].any()
    found = narrow(published, secure)
    assert found == {AuditCell(2020, "residents 65+", "A", "residents"): (3.0, 3.0)}
    protected = with_ages(secure)
    assert passes(protected, secure)
    assert protected["suppressed"].any()


def test_an_exact_zero_of_an_age_is_no_disclosure() -> None:
    # A has nobody of 65+ (40 = 20 + 20): an empty cell, as the population table shows.
    secure = table(
        indicator_rows("beboere", 2020, {"A": (10, 40), "B": (20, 200), REST: (100, 1000)},
                       unit="per1000"),
        indicator_rows("boern", 2020, {"A": (10, 20), "B": (20, 50), REST: (100, 300)}),
        indicator_rows("arbejde", 2020, {"A": (6, 20), "B": (20, 120), REST: (100, 500)}),
    )  # fmt: skip
    assert passes(per_group(secure), secure)


def test_elementary_intervals_cut_the_age_axis_at_every_boundary() -> None:
    ranges = [(0, None), (0, 17), (18, None), (18, 64), (15, 17), (10, 17), (24, 24)]
    assert age_atoms(ranges) == [
        (0, 9), (10, 14), (15, 17), (18, 23), (24, 24), (25, 64), (65, None)
    ]  # fmt: skip


def test_the_catalogue_says_which_counts_are_ages() -> None:
    ages = age_structure(load_catalogue())
    assert ages["boern_unge_under_18"] == IndicatorAges((0, None), (0, 17))
    assert ages["sigtede_voksne"] == IndicatorAges((18, None))
    assert ages["voksne_uden_for_arbejdsmarkedet"] == IndicatorAges((18, 64))
    assert ages["unge_24_uden_ungdomsuddannelse"] == IndicatorAges((24, 24))
    # a population with another condition than age, and households, are not ages
    assert "boern_overvaegt" not in ages and "fraflyttede_husstande" not in ages


def test_a_count_shown_in_another_year_does_not_hide_this_years() -> None:
    # As above for 2020 (A's 3 adults follow from u18 and boern), and in 2019 voksne
    # shows A's 40 adults. That is another year's number: 2020's is still found.
    secure = table(
        indicator_rows("voksne", 2019, {"A": (10, 40), "B": (20, 150), "C": (30, 200),
                                        REST: (100, 700)}),
        indicator_rows("beboere", 2020, {a: (10, t) for a, (t, _) in POPULATION.items()},
                       unit="per1000"),
        indicator_rows("u18", 2020, {a: (c, t) for a, (t, c) in POPULATION.items()}),
        indicator_rows("boern", 2020, {"A": (10, 27), "B": (20, 50), "C": (30, 100),
                                       REST: (100, 300)}),
    )  # fmt: skip
    found = narrow(per_group(secure), secure)
    assert found[AuditCell(2020, "u18", "A", "denominator - numerator")] == pytest.approx(
        (3.0, 3.0)
    )
    assert passes(with_ages(secure), secure)
