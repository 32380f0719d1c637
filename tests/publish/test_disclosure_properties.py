"""Properties of disclosure control on random small tables (Hypothesis).

The tables are fictitious: a few areas and `__rest__` adding up to `__all__`, one or two
populations with one or two indicators each (so denominators are shared), small counts
so that much is under k. Whatever they hold, after `apply_disclosure_control`

- every cell under the threshold rule is suppressed (checked here from the counts);
- no hidden count follows by subtraction: each relation hides 0 or at least 2 cells;
- the linear-programming audit passes, against the true table too.
"""

from __future__ import annotations

import os

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_disclosure_tables import ALL, REST, indicator_rows

from bosocdata.disclosure.audit import audit_disclosure
from bosocdata.disclosure.control import apply_disclosure_control


@st.composite
def secure_tables(draw: st.DrawFn) -> pd.DataFrame:
    areas = [f"A{i}" for i in range(draw(st.integers(1, 4)))] + [REST]
    periods = list(range(2020, 2020 + draw(st.integers(1, 2))))
    parts = []
    for group in range(draw(st.integers(1, 2))):
        indicators = [
            (f"g{group}i{i}", draw(st.sampled_from(["pct", "pct", "per1000", "dkk"])))
            for i in range(draw(st.integers(1, 2)))
        ]
        for period in periods:
            population = {a: draw(st.integers(1, 40)) for a in areas}
            for indicator, unit in indicators:
                counts = {}
                for area, d in population.items():
                    if unit == "pct":
                        n = draw(st.integers(0, d))
                    elif unit == "per1000":
                        n = draw(st.integers(0, 30))
                    else:
                        n = d * draw(st.integers(0, 500))
                    counts[area] = (n, d)
                parts.append(indicator_rows(indicator, period, counts, unit=unit))
    return pd.DataFrame([row for part in parts for row in part])


def breaks_threshold_rule(row: pd.Series, k: int) -> bool:
    n, d = row["numerator"], row["denominator"]
    if row["unit"] == "pct":
        return n < k or d < k or d - n < k
    if row["unit"] == "per1000":
        return n < k or d < k
    return d < k


def group_of(indicator: str) -> str:
    return indicator.split("i")[0]


def protect(secure: pd.DataFrame, k: int) -> pd.DataFrame:
    """Disclosure control, told which indicators share a population (as the test knows)."""
    groups = {i: group_of(i) for i in secure["indicator_id"].unique()}
    return apply_disclosure_control(secure, k=k, denominator_groups_of=groups)


pytestmark = pytest.mark.slow  # 60 random tables each, a few seconds per test

SETTINGS = settings(
    max_examples=int(os.environ.get("BOSOC_DISCLOSURE_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(secure=secure_tables(), k=st.integers(1, 6))
def test_every_cell_under_the_threshold_is_suppressed(secure: pd.DataFrame, k: int) -> None:
    published = protect(secure, k)
    for (_, row), suppressed in zip(secure.iterrows(), published["suppressed"], strict=True):
        if breaks_threshold_rule(row, k):
            assert suppressed, (row["indicator_id"], row["period"], row["area_id"])
    hidden = published[published["suppressed"]]
    assert hidden["numerator"].isna().all() and hidden["value"].isna().all()


@SETTINGS
@given(secure=secure_tables(), k=st.integers(1, 6))
def test_no_hidden_count_follows_by_subtraction(secure: pd.DataFrame, k: int) -> None:
    published = protect(secure, k)
    areas = published[published["area_id"] != ALL]
    totals = published[published["area_id"] == ALL].set_index(["period", "indicator_id"])
    # numerators, per period and indicator: one hidden area alone would be __all__ minus
    # the shown ones
    for (period, indicator), rows in areas.groupby(["period", "indicator_id"]):
        if not totals.loc[(period, indicator), "suppressed"]:
            assert rows["suppressed"].sum() != 1, (period, indicator)
    # denominators, per period and population: an area's denominator is hidden only if
    # every indicator of the population hides it
    published["population"] = published["indicator_id"].map(group_of)
    hidden_everywhere = published.groupby(["period", "population", "area_id"])["suppressed"].all()
    for (_, _), per_area in hidden_everywhere.groupby(level=[0, 1]):
        by_area = per_area.droplevel([0, 1])
        if not by_area[ALL]:
            assert by_area.drop(ALL).sum() != 1


@SETTINGS
@given(secure=secure_tables(), k=st.integers(1, 6))
def test_the_audit_passes_after_disclosure_control(secure: pd.DataFrame, k: int) -> None:
    published = protect(secure, k)
    report = audit_disclosure(published, k=k, secure=secure)
    assert report.passed, report.text()
