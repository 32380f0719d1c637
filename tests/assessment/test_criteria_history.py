"""The law's whole history: the lists of 2010-2012, 2013-2017 and 2018-2020.

Every expected category is read off the law's text for the list year (each test names
the paragraph and version), not off the code. The areas are fictitious.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from bosocdata.assessment.criteria import classify, classify_csv
from bosocdata.errors import BosocError

# Meets no criterion of any law version.
QUIET: dict[str, Any] = {
    "population": 1500,
    "uden_tilknytning_pct": 20.0,
    "domme_ratio": 1.0,
    "grundskole_pct": 40.0,
    "indkomst_pct": 80.0,
    "ikke_vestlige_pct": 20.0,
    "domme_pct": 1.0,
}
# A ghettoområde under every law version: 2010 (ikke_vestlige, uden_tilknytning),
# 2013 (those and indkomst: 3 of 5), 2018 (udsat on uden_tilknytning and indkomst, and
# ikke_vestlige over 50 %).
GHETTO = {**QUIET, "uden_tilknytning_pct": 45.0, "indkomst_pct": 50.0, "ikke_vestlige_pct": 60.0}


def areas(*rows: dict[str, Any]) -> pd.DataFrame:
    frame = pd.DataFrame([{"area_id": "A", **row} for row in rows])
    frame["year"] = frame["year"].astype("int64")
    frame["population"] = frame["population"].astype("Int64")
    return frame


def one(year: int, **values: Any) -> pd.Series:
    return classify(areas({**QUIET, "year": year, **values})).table.iloc[0]


def by_year(*rows: dict[str, Any]) -> dict[int, str]:
    table = classify(areas(*rows)).table
    return dict(zip(table["year"].astype(int), table["category"], strict=True))


# ---------------------------------------------------- 2010-2012: 2 of 3 criteria


def test_2010_the_absolute_conviction_share_is_more_than_270_per_10000() -> None:
    """The 2010 criteria (the government's strategy "Ghettoen tilbage til samfundet",
    October 2010, codified as almenboligloven § 61 a in December 2010): "antallet af
    dømte ... overstiger 270 pr. 10.000 beboere over 18 år" - 2.70 % is not more."""
    assert one(2011, domme_pct=2.70)["crit_domme_pct"] == 0
    assert one(2011, domme_pct=2.71)["crit_domme_pct"] == 1
    # the ratio to the national share was not a criterion then
    assert pd.isna(one(2011, domme_ratio=5.0)["crit_domme"])


def test_2010_two_of_three_criteria_and_1000_residents_make_a_ghetto() -> None:
    """§ 61 a (2010 version): at least 1,000 residents and at least 2 of: non-Western
    immigrants and descendants over 50 %, 18-64 outside labour market and education over
    40 %, convicted over 270 per 10,000 residents 18+."""
    assert one(2010, ikke_vestlige_pct=50.1, domme_pct=2.71)["category"] == "ghettoomraade"
    assert one(2012, uden_tilknytning_pct=40.1, domme_pct=2.71)["category"] == "ghettoomraade"
    assert one(2012, uden_tilknytning_pct=40.1)["category"] == "none"  # only 1 of 3
    assert one(2012, **{**GHETTO, "population": 999})["category"] == "none"


def test_2010_education_and_income_were_no_criteria() -> None:
    """§ 61 a (2010 version) had three criteria: basic schooling and income came in 2013.
    The same values make an udsat boligområde under § 61 a, stk. 1 of 2018."""
    values = {"uden_tilknytning_pct": 45.0, "grundskole_pct": 70.0, "indkomst_pct": 40.0}
    row = one(2011, **values)
    assert row["category"] == "none"
    assert pd.isna(row["crit_grundskole"]) and pd.isna(row["crit_indkomst"])
    assert row["rule_set"] == "almenboligloven-2010"
    assert one(2018, **values)["category"] == "udsat"


# ---------------------------------------------------- 2013-2017: 3 of 5 criteria


def test_2013_three_of_five_criteria_without_the_non_western_share() -> None:
    """§ 61 a, stk. 1, nr. 1-5 as worded by L 45 (2013-14), "Ny definition af
    ghettoområder": 1,000 residents and at least 3 of 5; none of them is required, so an
    area with few non-Western residents can be a ghettoområde."""
    three = {"uden_tilknytning_pct": 40.1, "domme_pct": 2.71, "indkomst_pct": 54.9}
    assert one(2015, **three)["category"] == "ghettoomraade"
    assert one(2015, **{**three, "indkomst_pct": 55.0})["category"] == "none"  # 2 of 5
    assert one(2015, **{**three, "population": 999})["category"] == "none"


def test_2013_basic_schooling_over_50_pct_not_60() -> None:
    """§ 61 a, stk. 1, nr. 4 (2013 version): "alene har en grundskoleuddannelse,
    overstiger 50 pct." - 60 % from 2018 (§ 61 a, stk. 1, nr. 3 of L 38 (2018-19))."""
    assert one(2014, grundskole_pct=50.0)["crit_grundskole"] == 0
    assert one(2014, grundskole_pct=50.1)["crit_grundskole"] == 1
    assert one(2018, grundskole_pct=55.0)["crit_grundskole"] == 0


def test_2013_conviction_share_2_7_pct_of_the_residents_18_plus() -> None:
    """§ 61 a, stk. 1, nr. 3 (2013 version): "overstiger 2,7 pct. af antallet af beboere
    på 18 år og derover" (the absolute share, input column `domme_pct`)."""
    assert one(2017, domme_pct=2.7)["crit_domme_pct"] == 0
    assert one(2017, domme_pct=2.8)["crit_domme_pct"] == 1


def test_a_missing_domme_pct_is_warned_about_only_where_it_could_decide() -> None:
    """An input without the column `domme_pct` (it is optional): for a 2015 row with 2 of
    the other 4 criteria, the conviction share decides; with 3 of them it cannot."""
    two = {**QUIET, "uden_tilknytning_pct": 45.0, "indkomst_pct": 50.0}
    rows = areas({**two, "year": 2015}, {**GHETTO, "area_id": "B", "year": 2015})
    result = classify(rows.drop(columns=["domme_pct"]))
    assert list(result.table["category"]) == ["none", "ghettoomraade"]
    assert [w for w in result.warnings if "domme_pct" in w and "area A" in w]
    assert not [w for w in result.warnings if "area B" in w]


# -------------------------------------- 2018-2020: hårdt ghettoområde after 5 years


def test_4_consecutive_ghetto_years_are_not_yet_a_hard_ghetto_in_2019() -> None:
    """§ 61 a, stk. 3 (L 38 (2018-19)) as applied by the lists of 2018-2020 under the
    transitional rule: a hårdt ghettoområde is a ghettoområde on the list of each of the
    last 5 years (the earlier ones under the 2013 law). An area on the lists of 2016-2019
    only (Skovgårdsparken's pattern in 2019) is a ghettoområde, not hårdt."""
    rows = [{**QUIET, "year": 2015}] + [{**GHETTO, "year": y} for y in range(2016, 2020)]
    assert by_year(*rows)[2019] == "ghettoomraade"
    rows = [{**GHETTO, "year": y} for y in range(2015, 2020)]
    assert by_year(*rows)[2019] == "haardt_ghettoomraade"


# --------------------------------------------------------------- published_category


def test_published_categories_are_read_instead_of_re_derived() -> None:
    """INDICATORS.md (rule sets): where the input carries the `published_category` of a
    year, consecutive-year rules read it. History rows without values (2014-2017: only
    the list's category) count for the 5 years of § 61 a, stk. 3 (2018 version)."""
    history = [
        {"year": y, "population": None, "published_category": "ghettoomraade"}
        for y in range(2014, 2018)
    ]
    rows = [*history, {**GHETTO, "year": 2018}]
    result = classify(areas(*rows))
    categories = dict(zip(result.table["year"], result.table["category"], strict=True))
    assert categories[2018] == "haardt_ghettoomraade"
    # the history rows tell nothing new: no warning about their missing values
    assert result.warnings == []


def test_a_published_none_breaks_the_years_that_the_values_would_make() -> None:
    """The published list is the fact: an area the ministry did not list in 2017 was not a
    ghettoområde that year, whatever its values say (§ 61 a, stk. 3, 2018 version)."""
    rows = [{**GHETTO, "year": y} for y in range(2016, 2021)]
    rows[1] = {**rows[1], "published_category": "none"}  # 2017
    result = classify(areas(*rows))
    categories = dict(zip(result.table["year"], result.table["category"], strict=True))
    assert categories[2017] == "ghettoomraade"  # the values' own category is still shown
    assert categories[2020] == "ghettoomraade"  # not hårdt: 2017 was not on the list
    said = [w for w in result.warnings if "area A, year 2017" in w]
    assert said and "the published list says none" in said[0]


def test_a_published_hard_ghetto_counts_as_a_ghetto_for_the_omdannelsesomraade() -> None:
    """§ 61 a, stk. 4 (L 23 (2021-22)): an omdannelsesområde has been a parallelsamfund in
    each of the last 5 years; list years under the 2018 rules count as ghettoområde, and
    a published hårdt ghettoområde was a ghettoområde that year."""
    rows = [
        {"year": y, "population": None, "published_category": "haardt_ghettoomraade"}
        for y in (2017, 2018, 2019, 2020)
    ]
    rows[0]["published_category"] = "ghettoomraade"  # 2017: the 2013 law's only category
    rows.append({**GHETTO, "year": 2021})
    assert by_year(*rows)[2021] == "omdannelsesomraade"


def test_a_published_category_of_another_law_is_refused() -> None:
    """Parallelsamfund is a term of L 23 (2021-22); a 2015 list cannot carry it."""
    rows = areas({**GHETTO, "year": 2015, "published_category": "parallelsamfund"})
    with pytest.raises(BosocError, match="area A, year 2015: published_category"):
        classify(rows)


def test_the_csv_reads_published_category_and_names_a_bad_one(tmp_path: Path) -> None:
    header = "area_id;year;population;uden_tilknytning_pct;domme_ratio;grundskole_pct;"
    header += "indkomst_pct;ikke_vestlige_pct;domme_pct;published_category"
    good = tmp_path / "good.csv"
    good.write_text(
        f"{header}\nA;2012;;;;;;;;Ghettoomraade\nA;2013;1.500;45,0;;40,0;50,0;60,0;1,0;\n",
        encoding="utf-8",
    )
    result = classify_csv(good, tmp_path / "out.csv")
    assert list(result.table["category"]) == ["none", "ghettoomraade"]
    assert result.table.loc[0, "published_category"] == "ghettoomraade"
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{header}\nA;2012;;;;;;;;ghetto\n", encoding="utf-8")
    with pytest.raises(BosocError, match=r"line 2, column `published_category`: 'ghetto'"):
        classify_csv(bad, None)


def test_compute_reads_the_published_lists_from_a_file(tmp_path: Path) -> None:
    """BOSOC_PUBLISHED_CATEGORIES: area_id, year, published_category, either dialect."""
    from bosocdata.assessment.classify import category_ids, default_rule_sets
    from bosocdata.assessment.criteria_csv import read_published_categories

    path = tmp_path / "published_categories.csv"
    path.write_text(
        "area_id;year;published_category\nA;2016;ghettoomraade\nA;2017;none\n", encoding="utf-8"
    )
    known = category_ids(default_rule_sets())
    lists = read_published_categories(path, known)
    assert list(zip(lists["year"], lists["published_category"], strict=True)) == [
        (2016, "ghettoomraade"),
        (2017, "none"),
    ]
    path.write_text("area_id;year;published_category\nA;2016;hard ghetto\n", encoding="utf-8")
    with pytest.raises(BosocError, match="line 2, column `published_category`"):
        read_published_categories(path, known)
