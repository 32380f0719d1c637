"""A group of areas is protected as the sum of its areas.

Areas A (3 of 100), B (20 of 200), C (30 of 300) and __rest__ (47 of 400); the group
G = A + B, computed from the same persons, shows 23 of 300. A's 3 is below k = 5. Were
G shown with B, A would be G - B = 3 exactly: the audit's linear programmes must find
that, and disclosure control that knows the group must hide enough that they cannot.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from test_audit import hide_by_hand
from test_disclosure_tables import REST, indicator_rows, table

from bosocdata.disclosure.audit import AuditCell, audit_disclosure, audit_published_zone
from bosocdata.disclosure.control import apply_disclosure_control

GROUPS = {"G": ("A", "B")}
AREAS = {"A": (3, 100), "B": (20, 200), "C": (30, 300), REST: (47, 400)}


def with_group(period: int = 2020, indicator: str = "x") -> pd.DataFrame:
    rows = indicator_rows(indicator, period, AREAS)
    group = [r for r in indicator_rows(indicator, period, {"G": (23, 300)}) if r["area_id"] == "G"]
    return table(rows, group)


def test_the_audit_reads_a_hidden_area_back_from_its_group() -> None:
    # A careless publisher hides A, and the complement C in the municipality's relation,
    # but shows G and B: A = 23 - 20 = 3.
    published = hide_by_hand(with_group(), {"A", "C"})
    report = audit_disclosure(published, k=5, area_groups=GROUPS)
    found = {f.cell: (f.low, f.high) for f in report.failures}
    assert found[AuditCell(2020, "x", "A", "numerator")] == pytest.approx((3.0, 3.0))
    # without the group relation the same table looks safe: the relation is the point
    areas_only = published[published["area_id"] != "G"]
    assert audit_disclosure(areas_only, k=5).passed


def test_disclosure_control_hides_enough_that_no_area_cell_can_be_recovered() -> None:
    secure = with_group()
    published = apply_disclosure_control(secure, k=5, area_groups=GROUPS)
    hidden = set(published.loc[published["suppressed"], "area_id"])
    assert "A" in hidden
    assert hidden & {"B", "G"}  # one more cell of the group's relation
    report = audit_disclosure(published, k=5, secure=secure, area_groups=GROUPS)
    assert report.passed, report.text()


def test_the_group_counts_in_no_municipality_total() -> None:
    # __all__ is still A + B + C + __rest__ (100 of 1,000), not + G
    published = apply_disclosure_control(with_group(), k=5, area_groups=GROUPS)
    total = published[published["area_id"] == "__all__"].iloc[0]
    assert (total["numerator"], total["denominator"]) == (100.0, 1000.0)
    assert audit_disclosure(published, k=5, area_groups=GROUPS).problems == []


def test_a_group_and_the_age_relations_agree() -> None:
    """Residents 0-17 of all residents: the age intervals of G add up over A and B, not
    into the municipality's sum a second time (else the relations contradict each
    other and the audit cannot bound anything)."""
    from bosocdata.disclosure.audit import default_age_structure

    indicator = "boern_unge_under_18"
    secure = with_group(indicator=indicator)
    ages = default_age_structure()
    published = apply_disclosure_control(secure, k=5, area_groups=GROUPS, ages_of=ages)
    report = audit_disclosure(published, k=5, secure=secure, area_groups=GROUPS, ages_of=ages)
    assert report.problems == [] and report.passed, report.text()


def test_the_audit_of_the_published_zone_reads_its_groups(tmp_path: Path) -> None:
    """`bosoc audit-disclosure` audits the groups' rows (table `groups`) with their
    relations (`area_groups`): A = G - B is found there too."""
    published = hide_by_hand(with_group(), {"A", "C"})
    is_group = published["area_id"] == "G"
    tables = {
        "indicator_table": published[~is_group],
        "groups": published[is_group],
        "area_groups": pd.DataFrame({"group_id": "G", "group_name": "G", "area_id": ["A", "B"]}),
    }
    path = tmp_path / "published.duckdb"
    con = duckdb.connect(str(path))
    for name, frame in tables.items():
        con.register("frame", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
        con.unregister("frame")
    con.close()
    report = audit_published_zone(path, k=5, ages_of={})
    assert AuditCell(2020, "x", "A", "numerator") in {f.cell for f in report.failures}


def test_a_partner_read_back_from_its_group_is_no_partner() -> None:
    """Hand-worked: areas A 3 of 100, B 20 of 150, C 30 of 300, D 25 of 250 and
    __rest__ 47 of 400 (all: 125 of 1,200); the group H = B + C shows 50 of 450.

    Per relation, hiding A, B and C looks safe: in the municipality's A + B + C = 53,
    in the group's B + C = 50, and each relation alone leaves A anywhere in [0, 53].
    Together they give A = 125 - 25 - 47 - 50 = 3 exactly. Disclosure control must
    leave no such pattern (here it hides D as well; where the closed form, one relation
    at a time, misses one, the audit's programmes check every component with a hidden
    cell once there are groups, docs/concepts/disclosure-control.md, section 3)."""
    groups = {"H": ("B", "C")}
    areas = {"A": (3, 100), "B": (20, 150), "C": (30, 300), "D": (25, 250), REST: (47, 400)}
    rows = indicator_rows("x", 2020, areas)
    group = [r for r in indicator_rows("x", 2020, {"H": (50, 450)}) if r["area_id"] == "H"]
    secure = table(rows, group)

    careless = hide_by_hand(secure, {"A", "B", "C"})
    found = {
        f.cell: (f.low, f.high)
        for f in audit_disclosure(careless, k=5, area_groups=groups).failures
    }
    assert found[AuditCell(2020, "x", "A", "numerator")] == pytest.approx((3.0, 3.0))

    published = apply_disclosure_control(secure, k=5, area_groups=groups)
    report = audit_disclosure(published, k=5, secure=secure, area_groups=groups)
    assert report.passed and report.findings == 0, report.text()
