"""BoSocData's points model (Aarhus, since 2013): points per indicator, summed, four classes.

Each indicator of the configured set gives an area 0 to 3 points by how far its value
lies beyond the municipality's, as a multiple of it (direction-adjusted); the sum puts the
area in `saerligt_udsat`, `udsat`, `risiko` or `uden_for_risiko`. Areas below the
minimum size are `for_lille`. The published Aarhus model does not give its point scale
in detail: the defaults are our reconstruction, to be set by the municipality.
See docs/concepts/assessment.md.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from bosocdata.assessment.config import AssessmentConfig, CategorisationConfig, default_config
from bosocdata.assessment.index import area_frame, check_table

CLASSES: Final = ("saerligt_udsat", "udsat", "risiko", "uden_for_risiko")
TOO_SMALL: Final = "for_lille"
UNKNOWN: Final = "ukendt"

CATEGORISATION_COLUMNS: Final = (
    "area_id",
    "area_name",
    "period",
    "residents",
    "points",
    "n_scored",
    "n_indicators",
    "max_points",
    "score",
    "category",
)


def ratio_to_municipality(
    value: pd.Series, benchmark: pd.Series, direction: pd.Series
) -> pd.Series:
    """value / benchmark (up_is_worse) or benchmark / value (down_is_worse): above 1 = worse.

    Equal values give 1 (also 0 and 0); a zero below a positive value gives infinity;
    a missing value or benchmark gives NaN (the indicator is not scored).
    """
    v = value.to_numpy(dtype=float)
    b = benchmark.to_numpy(dtype=float)
    down = direction.to_numpy() == "down_is_worse"
    top, bottom = np.where(down, b, v), np.where(down, v, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = top / bottom
    ratio = np.where(v == b, 1.0, ratio)
    ratio = np.where(np.isnan(top) | np.isnan(bottom) | (top < 0) | (bottom < 0), np.nan, ratio)
    return pd.Series(ratio, index=value.index, dtype="float64")


def indicator_points(rows: pd.DataFrame, config: CategorisationConfig) -> pd.DataFrame:
    """`rows` with `ratio`, `points` (0..len(thresholds); NaN where not scored) and `max_points`.

    One point for every threshold the ratio lies strictly beyond. With
    `require_significant`, points only where `comparison` is `worse`.
    """
    rows = rows.copy()
    rows["ratio"] = ratio_to_municipality(rows["value"], rows["benchmark"], rows["direction"])
    points = np.zeros(len(rows))
    max_points = np.zeros(len(rows))
    for indicator, thresholds in _threshold_groups(rows["indicator_id"], config):
        mine = (rows["indicator_id"] == indicator).to_numpy()
        limits = np.asarray(thresholds, dtype=float)
        ratio = rows.loc[mine, "ratio"].to_numpy()
        points[mine] = (ratio[:, None] > limits[None, :]).sum(axis=1)
        max_points[mine] = len(limits)
    if config.require_significant:
        worse = rows["comparison"].eq("worse").to_numpy() if "comparison" in rows else False
        points = np.where(worse, points, 0.0)
    rows["points"] = np.where(rows["ratio"].isna(), np.nan, points)
    rows["max_points"] = max_points
    return rows


def _threshold_groups(
    indicator_ids: pd.Series, config: CategorisationConfig
) -> list[tuple[str, list[float]]]:
    return [(i, config.thresholds_for(i)) for i in sorted(indicator_ids.unique())]


def classify_points(score: pd.Series, config: CategorisationConfig) -> pd.Series:
    """The class of each score: the first class whose minimum it reaches, highest first."""
    s = score.to_numpy(dtype=float)
    conditions = [s >= config.cutoffs[c] for c in CLASSES[:-1]]
    labels = np.select(conditions, list(CLASSES[:-1]), default=CLASSES[-1])
    return pd.Series(labels, index=score.index, dtype=object)


def categorise(
    table: pd.DataFrame, config: AssessmentConfig | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(categorisation, points per indicator) for every real area and period.

    `categorisation` has CATEGORISATION_COLUMNS; the second table has area_id, period,
    indicator_id, ratio and points, for the contributions table.
    """
    config = config or default_config()
    check_table(table)
    cat = config.categorisation
    areas = area_frame(table, config)
    areas = areas[areas["is_area"]]
    wanted = table[
        table["indicator_id"].isin(cat.indicators) & ~table["area_id"].isin(["__all__", "__rest__"])
    ]
    columns = ["area_id", "period", "indicator_id", "value", "benchmark", "direction"]
    if "comparison" in wanted.columns:
        columns.append("comparison")
    scored = indicator_points(wanted[columns], cat)

    full_max = float(sum(len(cat.thresholds_for(i)) for i in cat.indicators))
    sums = (
        scored.assign(scored=scored["points"].notna())
        .groupby(["area_id", "period"], as_index=False)
        .agg(points=("points", "sum"), n_scored=("scored", "sum"))
    )
    scored_max = (
        scored[scored["points"].notna()]
        .groupby(["area_id", "period"], as_index=False)
        .agg(scored_max=("max_points", "sum"))
    )
    out = areas.merge(sums, on=["area_id", "period"], how="left").merge(
        scored_max, on=["area_id", "period"], how="left"
    )
    out["n_scored"] = out["n_scored"].fillna(0).astype(int)
    out["points"] = out["points"].where(out["n_scored"] > 0)
    out["n_indicators"] = len(cat.indicators)
    out["max_points"] = full_max
    if cat.missing == "rescale":
        out["score"] = out["points"] * full_max / out["scored_max"]
    else:
        out["score"] = out["points"]
    category = classify_points(out["score"].fillna(0.0), cat)
    category = category.where(out["n_scored"] > 0, UNKNOWN)
    if config.min_residents > 0:
        category = category.where(out["residents"].notna(), UNKNOWN)
        category = category.where(
            out["residents"].isna() | (out["residents"] >= config.min_residents), TOO_SMALL
        )
    out["category"] = category
    result = out[list(CATEGORISATION_COLUMNS)].sort_values(["period", "area_id"], ignore_index=True)
    points = scored[["area_id", "period", "indicator_id", "ratio", "points"]].reset_index(drop=True)
    return result, points
