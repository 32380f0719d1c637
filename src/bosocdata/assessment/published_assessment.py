"""The assessment as published: computed from the disclosure-controlled table only.

Every assessment (official categories, points model, index, dynamics, alerts,
priorities) is computed from the published indicator table, after disclosure control.
What is hidden there is simply missing here, so no index, rank, alert or category can
give a suppressed value away: the assessment can only know what anyone may know.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from bosocdata.assessment.assess import assess
from bosocdata.assessment.criteria import classify

# The official criteria of INDICATORS.md and the input columns of `bosoc criteria`.
CRITERIA_COLUMNS: Mapping[str, str] = {
    "krit_uden_tilknytning": "uden_tilknytning_pct",
    "krit_domme": "domme_ratio",
    "krit_grundskole": "grundskole_pct",
    "krit_indkomst": "indkomst_pct",
    "krit_ikke_vestlige": "ikke_vestlige_pct",
}
POPULATION_INDICATOR = "boern_unge_under_18"  # its denominator is every resident
BENCHMARK_ROWS = ("__all__", "__rest__")


@dataclass
class PublishedAssessment:
    tables: dict[str, pd.DataFrame]
    warnings: list[str] = field(default_factory=list)


def criteria_input(published: pd.DataFrame) -> pd.DataFrame:
    """The area-level criteria table (INTERFACE.md) from the indicator table.

    The list year is the period; population is every resident at its reference date.
    A value withheld by disclosure control stays missing (the criterion is not met).
    """
    areas = published[~published["area_id"].isin(BENCHMARK_ROWS)]
    wanted = areas[areas["indicator_id"].isin([*CRITERIA_COLUMNS, POPULATION_INDICATOR])]
    values = wanted.assign(
        column=wanted["indicator_id"].map({**CRITERIA_COLUMNS, POPULATION_INDICATOR: "population"}),
        cell=np.where(
            wanted["indicator_id"] == POPULATION_INDICATOR, wanted["denominator"], wanted["value"]
        ),
    )
    wide = values.pivot_table(
        index=["area_id", "period"], columns="column", values="cell", aggfunc="first", dropna=False
    ).reset_index()
    wide = wide.rename(columns={"period": "year"})
    columns = ["area_id", "year", "population", *CRITERIA_COLUMNS.values()]
    for name in columns:
        if name not in wide.columns:
            wide[name] = np.nan
    return wide[columns].sort_values(["area_id", "year"]).reset_index(drop=True)


def assess_published(
    published: pd.DataFrame, themes: Mapping[str, str], *, official_criteria: bool = True
) -> PublishedAssessment:
    """The published assessment tables, plus `criteria` (the official categories).

    `official_criteria=False` leaves the categories out (quarterly periods: the
    official lists are yearly).
    """
    warnings: list[str] = []
    criteria_table: pd.DataFrame | None = None
    source = criteria_input(published)
    source = source[source["population"].notna()]
    wanted = official_criteria and set(CRITERIA_COLUMNS) <= set(published["indicator_id"])
    if wanted and not source.empty:
        classification = classify(source)
        criteria_table = classification.table
        warnings += classification.warnings
    tables = assess(published, dict(themes), criteria=criteria_table)
    if criteria_table is not None:
        tables["criteria"] = criteria_table
    return PublishedAssessment(tables=tables, warnings=warnings)
