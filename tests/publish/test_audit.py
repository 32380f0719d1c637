"""The disclosure audit: it finds what a reader could work out, and says which cell.

Intervals below are worked out by hand from the table's relations.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from test_disclosure_tables import ALL, REST, indicator_rows, table

from bosocdata.disclosure.audit import AuditCell, audit_disclosure, audit_published_zone
from bosocdata.disclosure.control import apply_disclosure_control
from bosocdata.errors import NotComputed

WITHHELD = ["numerator", "denominator", "value", "ci_low", "ci_high", "ci99_low", "ci99_high",
            "comparison", "trend", "trend_p", "funnel95_low", "funnel95_high"]  # fmt: skip


def hide_by_hand(secure: pd.DataFrame, areas: set[str]) -> pd.DataFrame:
    """Suppress exactly `areas` (every period and indicator), as a careless publisher would."""
    published = secure.copy()
    rows = published["area_id"].isin(areas)
    published["suppressed"] = rows
    published[WITHHELD] = published[WITHHELD].astype(object)
    published.loc[rows, WITHHELD] = None
    return published


SECURE = table(
    indicator_rows("x", 2020, {"A": (3, 100), "B": (20, 200), "C": (30, 300), REST: (47, 400)})
)


def test_a_single_hidden_area_is_caught_and_named() -> None:
    # Only primary suppression: A's 3 = 100 (all) - 20 - 30 - 47.
    report = audit_disclosure(hide_by_hand(SECURE, {"A"}), k=5)
    assert not report.passed
    found = {failure.cell: (failure.low, failure.high) for failure in report.failures}
    assert found[AuditCell(2020, "x", "A", "numerator")] == pytest.approx((3.0, 3.0))
    assert found[AuditCell(2020, "x", "A", "denominator")] == pytest.approx((100.0, 100.0))
    assert "x 2020 A: numerator lies in [3, 3]" in report.text()


def test_two_small_hidden_cells_still_give_a_narrow_interval() -> None:
    # A (3 of 10) and B (1 of 10) hidden: n_A + n_B = 4, so each lies in [0, 4], less
    # than 5 wide. Their denominators share 20 (d_A + d_B), so they lie in [0, 20], and
    # d - n in [0, 16]: wide enough.
    secure = table(
        indicator_rows("x", 2020, {"A": (3, 10), "B": (1, 10), "C": (30, 100), REST: (50, 200)})
    )
    report = audit_disclosure(hide_by_hand(secure, {"A", "B"}), k=5)
    found = {failure.cell: (failure.low, failure.high) for failure in report.failures}
    assert found == {
        AuditCell(2020, "x", "A", "numerator"): pytest.approx((0.0, 4.0)),
        AuditCell(2020, "x", "B", "numerator"): pytest.approx((0.0, 4.0)),
    }
    assert audit_disclosure(hide_by_hand(secure, {"A", "B"}), k=4).passed


def test_a_denominator_shown_by_another_indicator_is_used() -> None:
    # x hides A and B, y (same residents) hides only A. x's numerators stay wide
    # (n_A + n_B = 23), but y shows B's 200 residents, so A's residents are hidden
    # everywhere and yet follow: 1000 - 200 - 300 - 400 = 100; and y's A is given away
    # by y's own relation: 8 - 2 - 3 - 2 = 1.
    x = {"A": (3, 100), "B": (20, 200), "C": (30, 300), REST: (47, 400)}
    y = {"A": (1, 100), "B": (2, 200), "C": (3, 300), REST: (2, 400)}
    secure = table(indicator_rows("x", 2020, x), indicator_rows("y", 2020, y))
    published = hide_by_hand(secure, set())
    published.loc[published["area_id"].isin(["A", "B"]) & (published["indicator_id"] == "x"),
                  "suppressed"] = True  # fmt: skip
    published.loc[(published["area_id"] == "A") & (published["indicator_id"] == "y"),
                  "suppressed"] = True  # fmt: skip
    published[WITHHELD] = published[WITHHELD].astype(object)
    published.loc[published["suppressed"], WITHHELD] = None
    report = audit_disclosure(published, k=5, denominator_groups_of={"x": "pop", "y": "pop"})
    found = {failure.cell: (failure.low, failure.high) for failure in report.failures}
    cells = set(found)
    assert found[AuditCell(2020, "y", "A", "numerator")] == pytest.approx((1.0, 1.0))
    assert found[AuditCell(2020, "x,y", "A", "denominator")] == pytest.approx((100.0, 100.0))
    assert not any(c.indicator_id == "x" for c in cells)
    # the published y cells under k are named as well
    assert any("y 2020 B" in problem for problem in report.problems)


def test_disclosure_control_passes_where_primary_suppression_alone_fails() -> None:
    assert not audit_disclosure(hide_by_hand(SECURE, {"A"}), k=5).passed
    report = audit_disclosure(apply_disclosure_control(SECURE, k=5), k=5, secure=SECURE)
    assert report.passed, report.text()
    assert "PASSED" in report.text()


def test_nothing_suppressed_needs_no_programme() -> None:
    safe = table(indicator_rows("x", 2020, {"A": (30, 100), "B": (20, 200), REST: (47, 400)}))
    report = audit_disclosure(apply_disclosure_control(safe), k=5)
    assert report.passed and report.suppressed == 0 and report.programmes == 0


def test_a_number_left_on_a_suppressed_row_is_a_problem() -> None:
    published = apply_disclosure_control(SECURE, k=5)
    published.loc[published["area_id"] == "A", "ci_high"] = 7.5
    report = audit_disclosure(published, k=5)
    assert not report.passed
    assert any("ci_high" in problem and "x 2020 A" in problem for problem in report.problems)


def test_a_benchmark_of_a_suppressed_whole_municipality_is_a_problem() -> None:
    tiny = table(indicator_rows("x", 2020, {"A": (1, 100), "B": (1, 100), REST: (1, 100)}))
    published = apply_disclosure_control(tiny, k=5)
    published["benchmark"] = 1.0
    report = audit_disclosure(published, k=5)
    assert any("benchmark" in problem for problem in report.problems)


def test_a_published_cell_under_k_is_a_problem() -> None:
    report = audit_disclosure(hide_by_hand(SECURE, set()), k=5)
    assert report.problems == ["published cell breaks the threshold rule (k=5): x 2020 A"]


def test_the_secure_table_shows_relations_that_do_not_hold() -> None:
    # __all__ says 101, the areas and __rest__ add up to 100: the relation the audit
    # assumes is false for this table, and the audit says so rather than certify it.
    secure = SECURE.copy()
    secure.loc[secure["area_id"] == ALL, "numerator"] = 101.0
    published = apply_disclosure_control(secure, k=5)
    report = audit_disclosure(published, k=5, secure=secure)
    assert any("does not hold" in problem for problem in report.problems)


def test_audit_of_the_published_zone_file(tmp_path: Path) -> None:
    target = tmp_path / "published.duckdb"
    published = apply_disclosure_control(SECURE, k=5)
    con = duckdb.connect(str(target))
    con.register("frame", published)
    con.execute("CREATE TABLE indicator_table AS SELECT * FROM frame")
    con.close()
    before = target.stat().st_mtime_ns
    report = audit_published_zone(target, 5)
    assert report.passed and report.suppressed == 2
    assert target.stat().st_mtime_ns == before
    assert not audit_published_zone(target, 60).passed  # k=60: B's 20 is under it


def test_audit_of_a_missing_zone_says_compute_first(tmp_path: Path) -> None:
    with pytest.raises(NotComputed, match="bosoc compute"):
        audit_published_zone(tmp_path / "published.duckdb", 5)
