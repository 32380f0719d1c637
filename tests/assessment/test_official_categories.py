"""The official categories of the published assessment: from the secure zone's values.

The ministry's lists are computed from the full values; a category computed from the
disclosure-controlled table would be too low wherever a criterion's cell was withheld.
Only the category and the 0/1 criteria flags are published.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from bosocdata.assessment.config import default_config
from bosocdata.assessment.published_assessment import criteria_input, official_categories

# An udsat area of 2022 (almenboligloven § 61 a, stk. 1: uden_tilknytning 45 % > 40 and
# indkomst 50 % < 55, 1,200 residents), non-Western 20 %.
UDSAT = {
    "krit_uden_tilknytning": 45.0,
    "krit_domme": 1.0,
    "krit_grundskole": 40.0,
    "krit_indkomst": 50.0,
    "krit_ikke_vestlige": 20.0,
}


def long(area: str, period: int, residents: int, values: dict[str, float], **extra: Any) -> list:
    """Indicator rows as the indicator table has them (the population's denominator)."""
    rows = [{"area_id": area, "period": period, "indicator_id": i, "value": v, "denominator": None}
            for i, v in {**values, **extra}.items()]  # fmt: skip
    rows.append(
        {
            "area_id": area,
            "period": period,
            "indicator_id": "boern_unge_under_18",
            "value": 20.0,
            "denominator": residents,
        }
    )
    return rows


def table(*parts: list) -> pd.DataFrame:
    return pd.DataFrame([row for part in parts for row in part])


def test_the_category_comes_from_the_secure_values_and_only_flags_are_published() -> None:
    secure = table(long("A", 2022, 1200, UDSAT))
    criteria, warnings = official_categories(secure)
    row = criteria.iloc[0]
    assert row["category"] == "udsat"
    assert row["crit_uden_tilknytning"] == 1 and row["crit_indkomst"] == 1
    values = [c for c in criteria.columns if c.endswith(("_pct", "_ratio")) and "crit_" not in c]
    assert not values and not [c for c in criteria.columns if c.startswith("dist_")]
    assert "population" not in criteria.columns
    assert warnings == []


def test_a_value_missing_in_the_secure_zone_is_warned_about_only_where_it_could_decide() -> None:
    # A: 1 criterion known, krit_domme missing: it decides udsat or none -> warning.
    # B: 800 residents: below § 61 a's 1,000, no value could place it -> no warning.
    # C: already udsat on 2 criteria, non-Western 20 %: domme cannot change it.
    one_short = {**UDSAT, "krit_indkomst": 80.0, "krit_domme": float("nan")}
    secure = table(
        long("A", 2022, 1200, one_short),
        long("B", 2022, 800, {k: float("nan") for k in UDSAT}),
        long("C", 2022, 1200, {**UDSAT, "krit_domme": float("nan")}),
    )
    criteria, warnings = official_categories(secure)
    assert list(criteria["category"]) == ["none", "none", "udsat"]
    assert len(warnings) == 1
    assert "area A, year 2022" in warnings[0] and "domme_ratio" in warnings[0]


def test_domme_pct_is_the_two_year_mean_of_the_convicted_share_for_the_2013_law() -> None:
    """§ 61 a, stk. 1, nr. 3 (2013 version, L 45 (2013-14)): convicted above 2.7 % of the
    residents 18+, "opgjort som gennemsnit over de seneste 2 år". 2.6 % in 2014 and
    2.9 % in 2015: the mean 2.75 % is above; with uden_tilknytning and indkomst that is 3
    of 5 criteria, a ghettoområde on the 2015 list."""
    secure = table(
        long("A", 2014, 1200, UDSAT, domme=2.6),
        long("A", 2015, 1200, UDSAT, domme=2.9),
    )
    criteria, _ = official_categories(secure)
    by_year = criteria.set_index("year")
    assert pd.isna(by_year.loc[2014, "crit_domme_pct"])  # 2013 is not computed: no mean
    assert by_year.loc[2015, "crit_domme_pct"] == 1
    assert by_year.loc[2015, "category"] == "ghettoomraade"


def test_the_published_lists_decide_the_earlier_years_of_a_hard_ghetto() -> None:
    """§ 61 a, stk. 3 (2018 version, the 5-year transitional rule of the 2018-2020
    lists): computed years 2019-2020, the ministry's lists of 2016-2018 given."""
    ghetto = {**UDSAT, "krit_ikke_vestlige": 60.0}
    secure = table(long("A", 2019, 1200, ghetto), long("A", 2020, 1200, ghetto))
    listed = ["ghettoomraade"] * 3
    lists = pd.DataFrame(
        {"area_id": ["A"] * 3, "year": [2016, 2017, 2018], "published_category": listed}
    )
    criteria, warnings = official_categories(secure, lists)
    assert len(warnings) == 1 and "year 2019" in warnings[0] and "2015" in warnings[0]
    assert list(criteria["year"]) == [2019, 2020]  # only the computed years are published
    assert list(criteria["category"]) == ["ghettoomraade", "haardt_ghettoomraade"]
    without, _ = official_categories(secure)
    assert list(without["category"]) == ["ghettoomraade", "ghettoomraade"]


def test_assess_published_reads_the_secure_zone_not_the_withheld_cell() -> None:
    """A withheld krit_indkomst cell: from the published table the area would meet 1
    criterion (none), from the secure values it meets 2 (udsat, § 61 a, stk. 1)."""
    from bosocdata.assessment.published_assessment import assess_published

    def full(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(
            area_name=frame["area_id"],
            unit="pct",
            direction="up_is_worse",
            numerator=None,
            benchmark=30.0,
            comparison=None,
            trend=None,
            ci_low=frame["value"],
            ci_high=frame["value"],
        )

    secure = full(table(long("A", 2022, 1200, UDSAT), long("__all__", 2022, 9000, UDSAT)))
    published = secure.assign(
        value=secure["value"].where(secure["indicator_id"] != "krit_indkomst")
    )
    themes = {i: "official_criteria" for i in UDSAT} | {"boern_unge_under_18": "demography"}
    result = assess_published(published, themes, secure=secure)
    assert list(result.tables["criteria"]["category"]) == ["udsat"]
    alone = assess_published(published, themes)
    assert list(alone.tables["criteria"]["category"]) == ["none"]


def test_the_population_and_conviction_indicators_come_from_the_configuration() -> None:
    rows = long("A", 2021, 1200, UDSAT, domme=2.0) + long("A", 2022, 1300, UDSAT, domme=3.0)
    rows += long("A", 2022, 1300, {"straffede": 5.0})
    built_in = criteria_input(table(rows))
    assert list(built_in["population"]) == [1200, 1300]
    assert built_in["domme_pct"].iloc[1] == 2.5  # the mean of domme in 2021 and 2022
    config = default_config().model_copy(update={"convicted_share_indicator": "straffede"})
    configured = criteria_input(table(rows), config)
    assert configured["domme_pct"].isna().all()  # straffede has no year before 2022
    config = config.model_copy(update={"population_indicator": "krit_domme"})
    assert criteria_input(table(rows), config)["population"].isna().all()  # no denominator
