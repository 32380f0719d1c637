"""The dominance rule for sums (p% rule): a sum that one contribution dominates is hidden,
and the audit shows the range a reader is left with.

Incomes of fictitious persons; the totals, the largest contribution and the sum of the
two largest are worked out by hand from the lists below, not by the code under test.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_disclosure_tables import ALL, REST, cell, indicator_rows, table

from bosocdata.disclosure.audit import audit_disclosure
from bosocdata.disclosure.control import apply_disclosure_control
from bosocdata.disclosure.dominance import dominance_p

INCOMES = {
    # one income of 5,000,000 among five ordinary ones: the rest after the two largest,
    # 100,000 + 90,000 + 105,000 + 95,000 = 390,000, is under 10 % of 5,000,000
    "A": [5_000_000, 110_000, 100_000, 90_000, 105_000, 95_000],
    "B": [300_000, 310_000, 290_000, 305_000, 295_000, 320_000],
    "C": [250_000, 260_000, 240_000, 255_000, 245_000, 270_000],
    REST: [280_000] * 5 + [300_000] * 5,
}
TOTAL_A = 5_500_000
TOP1_A, TOP2_A = 5_000_000, 5_110_000


def secure_table() -> pd.DataFrame:
    counts = {area: (float(sum(v)), float(len(v))) for area, v in INCOMES.items()}
    rows = table(indicator_rows("indkomst", 2024, counts, unit="dkk"))
    everyone = [x for v in INCOMES.values() for x in v]
    tops = {area: sorted(v, reverse=True) for area, v in INCOMES.items()}
    tops[ALL] = sorted(everyone, reverse=True)
    rows["numerator_kind"] = "sum"
    rows["top1"] = rows["area_id"].map(lambda a: float(tops[a][0]))
    rows["top2"] = rows["area_id"].map(lambda a: float(tops[a][0] + tops[a][1]))
    return rows


def test_the_hand_worked_numbers() -> None:
    secure = secure_table()
    a = cell(secure, "indkomst", 2024, "A")
    assert (a["numerator"], a["top1"], a["top2"]) == (TOTAL_A, TOP1_A, TOP2_A)
    assert TOTAL_A - TOP2_A < 0.10 * TOP1_A  # dominated at p = 10
    b = cell(secure, "indkomst", 2024, "B")
    assert b["numerator"] - b["top2"] >= 0.10 * b["top1"]  # not dominated


def test_a_dominated_sum_is_hidden_with_a_partner_and_its_contributions_stay_secure() -> None:
    published = apply_disclosure_control(secure_table(), k=5, p=10)
    a = cell(published, "indkomst", 2024, "A")
    assert bool(a["suppressed"]) and pd.isna(a["numerator"]) and pd.isna(a["value"])
    hidden = set(published.loc[published["suppressed"].astype(bool), "area_id"])
    assert "A" in hidden and len(hidden) >= 2  # never one hidden cell in a sum relation
    assert not bool(cell(published, "indkomst", 2024, ALL)["suppressed"])
    assert "top1" not in published.columns and "top2" not in published.columns


def test_without_the_rule_the_sum_would_be_published() -> None:
    # p so small that no real rest falls under it: A is then a cell like any other.
    published = apply_disclosure_control(secure_table(), k=5, p=0.001)
    assert not published["suppressed"].astype(bool).any()


def test_the_audit_shows_the_range_kept_for_the_hidden_sum() -> None:
    secure = secure_table()
    published = apply_disclosure_control(secure, k=5, p=10)
    report = audit_disclosure(published, k=5, secure=secure, p=10)
    hidden = published[published["suppressed"].astype(bool)]
    shown_sum = float(
        published.loc[
            ~published["suppressed"].astype(bool) & (published["area_id"] != ALL), "numerator"
        ].sum()
    )
    all_sum = float(sum(x for v in INCOMES.values() for x in v))
    high = all_sum - shown_sum  # what the hidden cells share; each at least 0
    assert high >= TOTAL_A
    line = next(k for k in report.kept if "indkomst 2024 A" in k)
    assert f"[0, {high:.6g}]" in line and "at least 10 %" in line
    assert not [p for p in report.problems if "dominance" in p], report.text()
    assert len(hidden) >= 2
    assert "kept: dominance: indkomst 2024 A" in report.text()


def test_the_audit_finds_a_dominated_sum_that_was_published() -> None:
    secure = secure_table()
    careless = apply_disclosure_control(secure, k=5, p=0.001)  # the rule left out
    report = audit_disclosure(careless, k=5, secure=secure, p=10)
    assert any(
        "dominance rule (p=10 %) marks indkomst 2024 A, but it is published" in problem
        for problem in report.problems
    )
    assert not report.clean


def test_p_is_a_setting_with_a_documented_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOSOC_DOMINANCE_P", raising=False)
    assert dominance_p() == 10.0
    monkeypatch.setenv("BOSOC_DOMINANCE_P", "15")
    assert dominance_p() == 15.0
