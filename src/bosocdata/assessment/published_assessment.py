"""The assessment as published.

Every assessment that weighs indicator values (points model, index, dynamics, alerts,
priorities) is computed from the published indicator table, after disclosure control:
what is hidden there is simply missing here, so no index, rank or alert can give a
suppressed value away.

The official categories are the exception: the ministry's lists are computed from the
full values, so a category computed from disclosure-controlled values would be wrong
(too low) wherever a criterion's cell was withheld. They are computed from the secure
zone's values, and only the category and the 0/1 criteria flags are published, never
the values or the distances in persons behind them (docs/concepts/official-criteria.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from bosocdata.assessment.assess import assess
from bosocdata.assessment.classify import PUBLISHED, classify
from bosocdata.assessment.config import AssessmentConfig, default_config
from bosocdata.assessment.rulesets import criteria_indicators
from bosocdata.assessment.targets import target_status
from bosocdata.assessment.twins import twin_areas, twin_benchmarks

BENCHMARK_ROWS = ("__all__", "__rest__")
PUBLISHED_CRITERIA_KEYS = ("area_id", "year", "rule_set")


@dataclass
class PublishedAssessment:
    tables: dict[str, pd.DataFrame]
    warnings: list[str] = field(default_factory=list)


def _two_year_mean(areas: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """area_id, year, the mean of the indicator's value in years Y and Y-1 (both needed)."""
    rows = areas[areas["indicator_id"] == indicator_id][["area_id", "period", "value"]]
    rows = rows.assign(period=rows["period"].astype(int))
    earlier = rows.assign(period=rows["period"] + 1).rename(columns={"value": "before"})
    both = rows.merge(earlier, on=["area_id", "period"], how="left")
    mean = (both["value"].astype(float) + both["before"].astype(float)) / 2
    return pd.DataFrame({"area_id": both["area_id"], "year": both["period"], "domme_pct": mean})


def criteria_input(table: pd.DataFrame, config: AssessmentConfig | None = None) -> pd.DataFrame:
    """The area-level criteria table (INTERFACE.md) from an indicator table.

    The list year is the period; population is every resident at its reference date (the
    denominator of the configuration's `population_indicator`); `domme_pct` is the
    two-year mean of the configuration's `convicted_share_indicator` where that indicator
    is computed. A missing value stays missing (the criterion is not met).
    """
    config = config or default_config()
    population_indicator = config.population_indicator
    convicted_indicator = config.convicted_share_indicator
    # The official criteria's indicators and the input columns of `bosoc criteria` they
    # supply, as the rule sets name them (each criterion's `indicator`).
    criteria_columns = criteria_indicators()
    areas = table[~table["area_id"].isin(BENCHMARK_ROWS)]
    wanted = areas[areas["indicator_id"].isin([*criteria_columns, population_indicator])]
    values = wanted.assign(
        column=wanted["indicator_id"].map({**criteria_columns, population_indicator: "population"}),
        cell=np.where(
            wanted["indicator_id"] == population_indicator, wanted["denominator"], wanted["value"]
        ),
    )
    wide = values.pivot_table(
        index=["area_id", "period"], columns="column", values="cell", aggfunc="first", dropna=False
    ).reset_index()
    wide = wide.rename(columns={"period": "year"})
    columns = ["area_id", "year", "population", *criteria_columns.values()]
    for name in columns:
        if name not in wide.columns:
            wide[name] = np.nan
    wide = wide[columns].assign(year=wide["year"].astype(int))
    if convicted_indicator in set(areas["indicator_id"]):
        wide = wide.merge(
            _two_year_mean(areas, convicted_indicator), on=["area_id", "year"], how="left"
        )
    return wide.sort_values(["area_id", "year"]).reset_index(drop=True)


def _with_published(wide: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Add `published_category`, and history rows for listed years not computed here."""
    listed = published[["area_id", "year", PUBLISHED]].assign(
        area_id=published["area_id"].astype(str), year=published["year"].astype(int)
    )
    known = set(wide["area_id"].astype(str))
    listed = listed[listed["area_id"].isin(known)]
    return wide.merge(listed, on=["area_id", "year"], how="outer")


def official_categories(
    secure: pd.DataFrame,
    published_categories: pd.DataFrame | None = None,
    config: AssessmentConfig | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """The published `criteria` table from the secure zone's values, and its warnings.

    `published_categories` (area_id, year, published_category): the ministry's lists,
    which consecutive-year rules read instead of re-deriving those years.

    Columns: area_id, year, rule_set, `crit_<id>` (1 met, 0 not, empty: no value),
    category, and `published_category` where the ministry's lists were given. Rows only
    for the years computed here (history rows serve the consecutive-year rules).
    """
    computed = criteria_input(secure, config)
    computed = computed[computed["population"].notna()]
    if computed.empty:
        return pd.DataFrame(columns=[*PUBLISHED_CRITERIA_KEYS, "category"]), []
    source = computed
    if published_categories is not None and not published_categories.empty:
        source = _with_published(computed, published_categories)
    classification = classify(source)
    keys = pd.MultiIndex.from_frame(computed[["area_id", "year"]])
    table = classification.table
    table = table[pd.MultiIndex.from_frame(table[["area_id", "year"]]).isin(keys)]
    keep = [c for c in table.columns if c in PUBLISHED_CRITERIA_KEYS or c.startswith("crit_")]
    keep += ["category"] + ([PUBLISHED] if PUBLISHED in table.columns else [])
    return table[keep].reset_index(drop=True), classification.warnings


def assess_published(
    published: pd.DataFrame,
    themes: Mapping[str, str],
    *,
    secure: pd.DataFrame | None = None,
    published_categories: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    group_rows: pd.DataFrame | None = None,
    official_criteria: bool = True,
    config: AssessmentConfig | None = None,
) -> PublishedAssessment:
    """The published assessment tables, plus `criteria` (the official categories).

    `secure`: the indicator table before disclosure control, from which the official
    categories are computed (without it, from `published`: a test or a rebuild from the
    published zone alone). `targets` (the targets file, `targets.read_targets`) gives
    the table `targets`: status against target, from the published values.
    `official_criteria=False` leaves the categories out (quarterly periods: the
    official lists are yearly). `config`: the assessment configuration (default: the
    built-in one), whose `population_indicator` and `convicted_share_indicator` name the
    indicators the criteria table is built from.
    """
    warnings: list[str] = []
    criteria_table: pd.DataFrame | None = None
    near: pd.DataFrame | None = None
    wanted = official_criteria and set(criteria_indicators()) <= set(published["indicator_id"])
    if wanted:
        criteria_table, warnings = official_categories(
            secure if secure is not None else published, published_categories, config
        )
        # Distances in persons only from what is published: a withheld value gives none.
        visible = criteria_input(published, config)
        visible = visible[visible["population"].notna()]
        near = classify(visible).table if not visible.empty else None
    # a target may be a group's: its rows (`group_rows`, published) are read too
    with_groups = published if group_rows is None else pd.concat([published, group_rows])
    status = target_status(with_groups, targets) if targets is not None else None
    tables = assess(published, dict(themes), config=config, criteria=near, targets=status)
    if criteria_table is not None:
        tables["criteria"] = criteria_table
    if status is not None:
        tables["targets"] = status
    tables["twins"] = twin_areas(published, config)
    tables["twin_benchmarks"] = twin_benchmarks(published, tables["twins"])
    return PublishedAssessment(tables=tables, warnings=warnings)
