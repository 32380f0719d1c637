"""Disclosure control of the population table: hand-made cases with worked-out answers.

Each table is fictitious: one period, a few areas, `__rest__`, and `__all__` as their
sum, written as 12 counts per area (band-major: 0-5 M, 0-5 F, 6-17 M, ..., 65+ F).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bosocdata.disclosure.population import protect_population, published_residents_counts
from bosocdata.disclosure.population_audit import audit_population
from bosocdata.errors import BosocError
from bosocdata.indicators.population import AGE_BAND_LABELS, SEXES

ALL, REST = "__all__", "__rest__"
CELLS = [(band, sex) for band in AGE_BAND_LABELS for sex in SEXES]
PERIOD = 2023


def population(rows: dict[str, list[int]]) -> pd.DataFrame:
    """The table of `rows` (area -> 12 counts) plus `__all__` as their sum."""
    total = np.sum([counts for counts in rows.values()], axis=0).tolist()
    records = [
        {"area_id": area, "period": PERIOD, "age_band": band, "sex": sex, "residents": n}
        for area, counts in [*rows.items(), (ALL, total)]
        for (band, sex), n in zip(CELLS, counts, strict=True)
    ]
    return pd.DataFrame(records)


def totals(table: pd.DataFrame, hidden: tuple[str, ...] = (), ages: str = "all") -> pd.DataFrame:
    """The residents count per area (the indicator table's margin), NaN where `hidden`."""
    summed = table.groupby("area_id", sort=True)["residents"].sum()
    return pd.DataFrame(
        {
            "area_id": summed.index,
            "period": PERIOD,
            "ages": ages,
            "residents": [np.nan if a in hidden else float(v) for a, v in summed.items()],
        }
    )


def primary_only(table: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """What publishing with the threshold rule alone would show."""
    small = (table["residents"] > 0) & (table["residents"] < k)
    published = table.assign(suppressed=small)
    published["residents"] = published["residents"].astype("Int64").mask(small)
    return published


def hidden_cells(published: pd.DataFrame) -> set[tuple[str, str, str]]:
    rows = published[published["suppressed"]]
    return set(zip(rows.area_id, rows.age_band, rows.sex, strict=True))


BIG = [20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]


def test_a_single_small_cell_in_a_row_is_recovered_by_subtraction_without_secondary() -> None:
    # A's 65+ F is 3; A's total (all residents, 323) is published in the indicator table,
    # so 323 minus A's eleven other cells gives 3 back.
    table = population({"A": [*BIG[:11], 3], "B": BIG, REST: BIG})
    report = audit_population(primary_only(table), totals(table), k=5)
    assert not report.passed
    narrow = {(f.cell.area_id, f.cell.what): (f.low, f.high) for f in report.failures}
    assert narrow[("A", "65+ F")] == (3.0, 3.0)


def test_protection_hides_a_complement_in_the_row_and_in_the_column() -> None:
    table = population({"A": [*BIG[:11], 3], "B": BIG, REST: BIG})
    published = protect_population(table, k=5, published_totals=totals(table))
    hidden = hidden_cells(published)
    assert ("A", "65+", "F") in hidden
    assert any(area == "A" and cell != ("65+", "F") for area, *cell in hidden), "row"
    assert any(area != "A" and (band, sex) == ("65+", "F") for area, band, sex in hidden), "col"
    # the classical rule: no relation with a known sum hides exactly one cell
    assert sum(1 for area, _, _ in hidden if area == "A") >= 2
    report = audit_population(published, totals(table), k=5)
    assert report.passed, report.text()


def test_a_single_small_cell_in_a_column_is_recovered_without_secondary() -> None:
    # no published totals: only the column relation (areas + __rest__ = __all__)
    table = population({"A": [*BIG[:11], 2], "B": BIG, REST: BIG})
    report = audit_population(primary_only(table), None, k=5)
    assert [(f.cell.area_id, f.cell.what, f.low, f.high) for f in report.failures] == [
        ("A", "65+ F", 2.0, 2.0)
    ]
    published = protect_population(table, k=5, published_totals=None)
    # the smallest other cell of the column that lifts the hidden sum to k: B's 31 and
    # __rest__'s 31 tie, and the area ids decide (B before __rest__)
    assert hidden_cells(published) == {("A", "65+", "F"), ("B", "65+", "F")}
    assert audit_population(published, None, k=5).passed


def test_zero_is_published_and_small_counts_are_not() -> None:
    table = population({"A": [0, *BIG[1:11], 4], "B": BIG, REST: BIG})
    published = protect_population(table, k=5, published_totals=totals(table))
    a = published[published.area_id == "A"].set_index(["age_band", "sex"])
    assert not a.loc[("0-5", "M"), "suppressed"]
    assert a.loc[("0-5", "M"), "residents"] == 0
    assert a.loc[("65+", "F"), "suppressed"]
    assert pd.isna(a.loc[("65+", "F"), "residents"])


def test_output_has_exactly_the_published_columns_and_blanks_suppressed_counts() -> None:
    table = population({"A": [*BIG[:11], 1], "B": BIG, REST: BIG})
    published = protect_population(table, k=5, published_totals=totals(table))
    assert list(published.columns) == [
        "area_id",
        "period",
        "age_band",
        "sex",
        "residents",
        "suppressed",
    ]
    assert published.loc[published.suppressed, "residents"].isna().all()
    assert published.loc[~published.suppressed, "residents"].notna().all()
    assert (published[["area_id", "age_band", "sex"]] == table[["area_id", "age_band", "sex"]]).all(
        axis=None
    )


def test_a_total_the_indicator_table_hides_stays_hidden() -> None:
    # No cell is small, but the indicator table withholds the totals of A and B (only
    # their sum is known, through __all__ and __rest__). Showing every cell would give
    # A's total back as the sum of its row; protection must hide enough of A and B.
    table = population({"A": BIG, "B": BIG, REST: BIG})
    margins = totals(table, hidden=("A", "B"))
    naive = table.assign(suppressed=False)
    report = audit_population(naive, margins, k=5)
    assert {(f.cell.area_id, f.cell.what) for f in report.failures} == {
        ("A", "residents all"),
        ("B", "residents all"),
    }
    published = protect_population(table, k=5, published_totals=margins)
    assert published.suppressed.any()
    report = audit_population(published, margins, k=5)
    assert report.passed, report.text()


def test_a_count_that_published_age_margins_pin_down_is_protected() -> None:
    # all, 0-17 and 18-64 are published, so 65+ (M + F) = all - 0-17 - 18-64 is known:
    # A's 65+ M (3) must not be shown next to a shown 65+ F.
    table = population({"A": [*BIG[:10], 3, 12], "B": BIG, REST: BIG})
    margins = pd.concat(
        [totals(table), *(_age_totals(table, ages) for ages in ("0-17", "18-64"))],
        ignore_index=True,
    )
    assert not audit_population(primary_only(table), margins, k=5).passed
    published = protect_population(table, k=5, published_totals=margins)
    hidden = hidden_cells(published)
    assert {("A", "65+", "M"), ("A", "65+", "F")} <= hidden
    assert audit_population(published, margins, k=5).passed


def _age_totals(table: pd.DataFrame, ages: str) -> pd.DataFrame:
    bands = {"0-17": ("0-5", "6-17"), "18-64": ("18-29", "30-49", "50-64")}[ages]
    part = table[table.age_band.isin(bands)]
    summed = part.groupby("area_id")["residents"].sum()
    return pd.DataFrame(
        {"area_id": summed.index, "period": PERIOD, "ages": ages, "residents": summed.values}
    )


def test_a_count_the_indicator_table_gives_away_itself_is_reported_apart() -> None:
    # 65+ of A is 1 + 2 = 3, and all - 0-17 - 18-64 shows it: no hiding in the
    # population table can help, so it is listed for the indicator table.
    table = population({"A": [*BIG[:10], 1, 2], "B": BIG, REST: BIG})
    margins = pd.concat(
        [totals(table), *(_age_totals(table, ages) for ages in ("0-17", "18-64"))],
        ignore_index=True,
    )
    published = protect_population(table, k=5, published_totals=margins)
    report = audit_population(published, margins, k=5)
    assert report.passed  # the population table itself is protected
    assert any("A 65+ M" in p for p in report.indicator_table_problems)
    # ... but the count is given away, so the report is no pass: listed is failed.
    assert report.findings == len(report.indicator_table_problems)
    assert not report.clean
    assert "FAILED" in report.text().splitlines()[0]


def test_a_total_that_disagrees_with_the_table_is_refused() -> None:
    table = population({"A": BIG, REST: BIG})
    wrong = totals(table)
    wrong.loc[wrong.area_id == "A", "residents"] += 1
    with pytest.raises(BosocError, match="indicator table publishes"):
        protect_population(table, k=5, published_totals=wrong)


def test_ages_off_the_band_edges_are_refused() -> None:
    table = population({"A": BIG, REST: BIG})
    with pytest.raises(BosocError, match="not a sum of whole age bands"):
        protect_population(table, k=5, published_totals=totals(table, ages="15-17"))


def test_the_audit_reports_a_small_count_that_is_shown() -> None:
    table = population({"A": [*BIG[:11], 3], "B": BIG, REST: BIG})
    report = audit_population(table.assign(suppressed=False), None, k=5)
    assert any("from 1 to 4" in problem for problem in report.problems)


def test_published_residents_counts_come_from_age_only_populations() -> None:
    from bosocdata.indicators import load_catalogue

    rows = []
    for indicator, numerator, denominator, suppressed in [
        ("boern_unge_under_18", 30.0, 100.0, False),  # all = 100, 0-17 = 30
        ("voksne_uden_for_arbejdsmarkedet", None, None, True),  # 18-64 hidden here ...
        ("helbredsbetinget_overfoersel", 7.0, 60.0, False),  # ... and shown here
        ("sigtede_voksne", None, None, True),  # 18+: hidden everywhere
        ("sigtede_unge", 1.0, 6.0, False),  # 15-17: no sum of whole bands
    ]:
        rows.append(
            {
                "area_id": "A",
                "period": PERIOD,
                "indicator_id": indicator,
                "numerator": numerator,
                "denominator": denominator,
                "suppressed": suppressed,
            }
        )
    counts = published_residents_counts(pd.DataFrame(rows), load_catalogue())
    got = dict(zip(counts.ages, counts.residents, strict=True))
    assert got["all"] == 100.0
    assert got["0-17"] == 30.0
    assert got["18-64"] == 60.0
    # 18+ is hidden by every indicator of that population, but boern_unge_under_18
    # shows 30 of 100 residents aged 0-17: the other 100 - 30 = 70 are 18+, plainly
    assert got["18+"] == 70.0
    assert "15-17" not in got


def test_a_withheld_18_plus_shown_as_a_complement_is_no_finding() -> None:
    """Hand-worked: all 100 and 0-17 = 30 shown by one row make 18+ = 70 a shown count.

    Before, 18+ counted as withheld (every 18+ indicator hidden) and the audit listed
    "its residents counts alone narrow A residents 18+ to [70, 70]": a count of 70 that
    the indicator table publishes as 100 - 30 is no hidden count a reader narrows."""
    from bosocdata.indicators import load_catalogue

    rows = []
    for area, shown in [("A", (30.0, 100.0)), ("B", (40.0, 100.0)), (REST, (40.0, 100.0))]:
        for indicator, numerator, denominator, suppressed in [
            ("boern_unge_under_18", *shown, False),
            ("sigtede_voksne", None, None, True),
        ]:
            rows.append(
                {
                    "area_id": area,
                    "period": PERIOD,
                    "indicator_id": indicator,
                    "numerator": numerator,
                    "denominator": denominator,
                    "suppressed": suppressed,
                }
            )
    counts = published_residents_counts(pd.DataFrame(rows), load_catalogue())
    adults = counts[counts.ages == "18+"].set_index("area_id").residents
    assert adults.to_dict() == {"A": 70.0, "B": 60.0, REST: 60.0}
    # the pyramid behind them (0-5, 6-17, 18-29, 30-49, 50-64, 65+; M, F): A has
    # 30 children and 70 adults, B and the rest 40 and 60; no count under 5
    table = population(
        {
            "A": [5, 5, 10, 10, 10, 10, 10, 10, 10, 10, 5, 5],
            "B": [10, 10, 10, 10, 10, 10, 10, 10, 5, 5, 5, 5],
            REST: [10, 10, 10, 10, 10, 10, 10, 10, 5, 5, 5, 5],
        }
    )
    report = audit_population(primary_only(table), counts, k=5)
    assert report.findings == 0, report.text()
