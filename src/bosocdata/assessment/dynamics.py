"""Status and dynamics, the way Berlin's Monitoring Soziale Stadtentwicklung does it.

Status: the index as standard deviations from the municipality, in four classes (`hoej`,
`middel`, `lav`, `meget_lav`). Dynamics: the index's change over `lag` periods minus the
municipality's change, as standard deviations of the areas' changes, in three classes
(`positiv`, `stabil`, `negativ`). Together the 12-cell typology, and the areas needing
attention: low or very low status, or middle status with negative dynamics.
See docs/concepts/assessment.md.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from bosocdata.assessment.config import (
    AssessmentConfig,
    DynamicsConfig,
    StatusConfig,
    default_config,
)
from bosocdata.assessment.index import ALL

STATUSES: Final = ("hoej", "middel", "lav", "meget_lav")
DYNAMICS: Final = ("positiv", "stabil", "negativ")
TOO_SMALL: Final = "for_lille"
UNKNOWN: Final = "ukendt"

DYNAMICS_COLUMNS: Final = (
    "area_id",
    "area_name",
    "period",
    "residents",
    "index",
    "municipality_index",
    "status_score",
    "status",
    "index_change",
    "municipality_change",
    "relative_change",
    "relative_change_sd",
    "dynamics_score",
    "dynamics",
    "typology",
    "attention",
    "attention_reason",
)


def _sd(values: pd.Series, groups: pd.Series) -> pd.Series:
    """Sample standard deviation (ddof 1) of `values` within each group, per row."""
    return values.groupby(groups).transform(lambda s: s.std(ddof=1))


def status_class(score: pd.Series, cutoffs: list[float]) -> pd.Series:
    """hoej below cutoffs[0]; middel up to cutoffs[1]; lav up to cutoffs[2]; meget_lav above."""
    s = score.to_numpy(dtype=float)
    low, mid, high = cutoffs
    labels = np.select([s < low, s <= mid, s <= high, s > high], list(STATUSES), default=UNKNOWN)
    return pd.Series(labels, index=score.index, dtype=object)


def dynamics_class(score: pd.Series, cutoff: float) -> pd.Series:
    """positiv below -cutoff (less vulnerable), negativ above +cutoff, stabil between."""
    s = score.to_numpy(dtype=float)
    labels = np.select([s < -cutoff, s > cutoff, s == s], ["positiv", "negativ", "stabil"], UNKNOWN)
    return pd.Series(labels, index=score.index, dtype=object)


def status_scores(index: pd.DataFrame, config: StatusConfig) -> pd.DataFrame:
    """`index` (one period's or several) with municipality_index, spread and status_score."""
    frame = index.copy()
    municipality = frame.loc[frame["area_id"] == ALL, ["period", "index"]].rename(
        columns={"index": "municipality_index"}
    )
    frame = frame.merge(municipality, on="period", how="left")
    usable = frame["eligible"].astype(bool) & frame["index"].notna()
    ref = frame["index"].where(usable)
    spread = _sd(ref, frame["period"]) if config.scale == "sd" else pd.Series(1.0, frame.index)
    if config.centre == "areas":
        centre = ref.groupby(frame["period"]).transform("mean")
    else:
        centre = frame["municipality_index"]
    frame["spread"] = spread
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["status_score"] = ((frame["index"] - centre) / spread).where(usable & (spread > 0))
    return frame


def dynamics_scores(frame: pd.DataFrame, config: DynamicsConfig) -> pd.DataFrame:
    """Adds index_change, municipality_change, relative_change(_sd) and dynamics_score."""
    # `lag` counts periods in order, so quarterly codes (20234, 20241) work as years do
    order = {p: i for i, p in enumerate(sorted(frame["period"].unique()))}
    frame = frame.assign(period_order=frame["period"].map(order))
    earlier = frame[["area_id", "period_order", "index"]].copy()
    earlier["period_order"] = earlier["period_order"] + config.lag
    earlier = earlier.rename(columns={"index": "index_before"})
    frame = frame.merge(earlier, on=["area_id", "period_order"], how="left")
    frame["index_change"] = frame["index"] - frame["index_before"]
    all_change = frame.loc[frame["area_id"] == ALL, ["period", "index_change"]].rename(
        columns={"index_change": "municipality_change"}
    )
    frame = frame.merge(all_change, on="period", how="left")
    frame["relative_change"] = frame["index_change"] - frame["municipality_change"]
    usable = frame["eligible"].astype(bool) & frame["relative_change"].notna()
    ref = frame["relative_change"].where(usable)
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["relative_change_sd"] = (frame["relative_change"] / frame["spread"]).where(usable)
        if config.scale == "sd":
            spread = _sd(ref, frame["period"])
            score = (ref / spread).where(spread > 0, 0.0 * ref)
        else:
            score = ref
    frame["dynamics_score"] = score.where(usable)
    return frame


CHANGE_COLUMNS: Final = (
    "index_change",
    "municipality_change",
    "relative_change",
    "relative_change_sd",
    "dynamics_score",
)


def status_and_dynamics(
    index: pd.DataFrame,
    config: AssessmentConfig | None = None,
    *,
    dynamics_index: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per real area and period with DYNAMICS_COLUMNS, from `compute_index`'s table.

    Status comes from `index`; dynamics from the change of `dynamics_index` (an index of
    the same areas built with `config.dynamics.normalisation`), or of `index` itself.
    """
    config = config or default_config()
    frame = status_scores(index, config.status)
    source = frame if dynamics_index is None else status_scores(dynamics_index, config.status)
    changes = dynamics_scores(source, config.dynamics)
    frame = frame.merge(
        changes[["area_id", "period", *CHANGE_COLUMNS]], on=["area_id", "period"], how="left"
    )
    status = status_class(frame["status_score"], config.status.cutoffs)
    status = status.where(frame["status_score"].notna(), UNKNOWN)
    too_small = frame["is_area"] & ~frame["eligible"].astype(bool)
    frame["status"] = status.where(~too_small, TOO_SMALL)
    dynamics = dynamics_class(frame["dynamics_score"], config.dynamics.cutoff)
    frame["dynamics"] = dynamics.where(frame["dynamics_score"].notna(), UNKNOWN)
    known = frame["status"].isin(STATUSES) & frame["dynamics"].isin(DYNAMICS)
    frame["typology"] = (frame["status"] + "/" + frame["dynamics"]).where(known)
    middle_falling = (frame["status"] == "middel") & (frame["dynamics"] == "negativ")
    low = frame["status"].isin(["lav", "meget_lav"])
    frame["attention"] = low | middle_falling
    reason = pd.Series(None, index=frame.index, dtype=object)
    reason = reason.mask(middle_falling, "middel_negativ")
    frame["attention_reason"] = reason.mask(low, "status_" + frame["status"].astype(str))
    frame = frame[frame["is_area"].astype(bool)]
    return frame[list(DYNAMICS_COLUMNS)].sort_values(["period", "area_id"], ignore_index=True)
