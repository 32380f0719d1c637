"""Early warning: what in an area deserves a look now.

Three kinds of alert, each one row of the alerts table:

- `red_red`: an indicator significantly worse than the municipality (`comparison` =
  worse) *and* significantly worsening (`trend` = worsening).
- `index_worsening`: the area's index rose, relative to the municipality's, by more than
  `alerts.index_worsening_sd` standard deviations of the areas' index over the dynamics lag.
- `criterion_near`: an official criterion not met, but within
  `alerts.criteria_near_persons` residents of being met (the criteria's `dist_*`).
- `target_not_met`: a target of the targets file (`targets.py`) whose value's whole
  interval is on the wrong side of it.

The table holds codes and numbers (`value`, `benchmark`, `unit`, `change`,
`from_period`, `direction`, `source`); the sentences are made from them in the
presentation layer (`bosocdata.presentation.alerts`). See docs/concepts/assessment.md.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from bosocdata.assessment.config import AssessmentConfig, default_config
from bosocdata.assessment.index import NOT_AREAS

KINDS: Final = ("red_red", "index_worsening", "criterion_near", "target_not_met")
# Codes and numbers only: the sentence a person reads is made from these in the
# presentation layer (bosocdata.presentation.alerts), with its vocabulary and numbers.
ALERT_COLUMNS: Final = (
    "area_id",
    "area_name",
    "period",
    "kind",
    "indicator_id",
    "criterion",
    "value",
    "benchmark",
    "unit",
    "change",
    "from_period",
    "direction",
    "source",
)


def red_red(table: pd.DataFrame) -> pd.DataFrame:
    """Indicators significantly worse than the municipality and significantly worsening."""
    if "comparison" not in table.columns or "trend" not in table.columns:
        return _empty()
    hits = table[
        (table["comparison"] == "worse")
        & (table["trend"] == "worsening")
        & ~table["area_id"].isin(NOT_AREAS)
    ]
    if hits.empty:
        return _empty()
    change = hits["trend_change"] if "trend_change" in hits else float("nan")
    return pd.DataFrame(
        {
            "area_id": hits["area_id"],
            "area_name": hits["area_name"],
            "period": hits["period"],
            "kind": "red_red",
            "indicator_id": hits["indicator_id"],
            "criterion": None,
            "value": hits["value"],
            "benchmark": hits["benchmark"],
            "unit": hits["unit"],
            "change": change,
            "from_period": None,
            "direction": None,
            "source": None,
        }
    )


def index_worsening(dynamics: pd.DataFrame, threshold_sd: float, lag: int) -> pd.DataFrame:
    """Areas whose index rose by more than `threshold_sd` SDs relative to the municipality."""
    hits = dynamics[dynamics["relative_change_sd"] > threshold_sd]
    if hits.empty:
        return _empty()
    return pd.DataFrame(
        {
            "area_id": hits["area_id"],
            "area_name": hits["area_name"],
            "period": hits["period"],
            "kind": "index_worsening",
            "indicator_id": None,
            "criterion": None,
            "value": hits["index"],
            "benchmark": hits["municipality_index"],
            "unit": None,
            "change": hits["relative_change_sd"],
            "from_period": (hits["period"] - lag).astype(int),
            "direction": None,
            "source": None,
        }
    )


def criteria_near(criteria: pd.DataFrame, names: pd.DataFrame, max_persons: int) -> pd.DataFrame:
    """Criteria not met (`crit_<id>` = 0) whose `dist_<id>` is at most `max_persons`.

    `criteria` is the criteria classification: area_id, `year` (or `period`), and the
    `crit_<id>` / `dist_<id>` column pairs. `names` maps area_id to area_name.
    """
    period_column = "period" if "period" in criteria.columns else "year"
    ids = [c.removeprefix("crit_") for c in criteria.columns if c.startswith("crit_")]
    ids = [i for i in ids if f"dist_{i}" in criteria.columns]
    if not ids:
        return _empty()
    long = criteria.melt(
        id_vars=["area_id", period_column],
        value_vars=[f"crit_{i}" for i in ids],
        var_name="criterion",
        value_name="met",
    )
    long["criterion"] = long["criterion"].str.removeprefix("crit_")
    dist = criteria.melt(
        id_vars=["area_id", period_column],
        value_vars=[f"dist_{i}" for i in ids],
        var_name="criterion",
        value_name="distance",
    )
    dist["criterion"] = dist["criterion"].str.removeprefix("dist_")
    long = long.merge(dist, on=["area_id", period_column, "criterion"])
    long = long.rename(columns={period_column: "period"})
    met = pd.to_numeric(long["met"], errors="coerce")
    distance = pd.to_numeric(long["distance"], errors="coerce")
    hits = long[(met == 0) & (distance <= max_persons)].copy()
    if hits.empty:
        return _empty()
    hits["distance"] = distance[hits.index]
    hits = hits.merge(names, on="area_id", how="left")
    hits["area_name"] = hits["area_name"].fillna(hits["area_id"])
    return pd.DataFrame(
        {
            "area_id": hits["area_id"],
            "area_name": hits["area_name"],
            "period": hits["period"].astype(int),
            "kind": "criterion_near",
            "indicator_id": None,
            "criterion": hits["criterion"],
            "value": hits["distance"].astype(float),
            "benchmark": float("nan"),
            "unit": None,
            "change": float("nan"),
            "from_period": None,
            "direction": None,
            "source": None,
        }
    )


def targets_not_met(status: pd.DataFrame) -> pd.DataFrame:
    """The targets whose status is `not_met` (see `targets.target_status`)."""
    hits = status[status["status"] == "not_met"]
    if hits.empty:
        return _empty()
    return pd.DataFrame(
        {
            "area_id": hits["area_id"],
            "area_name": hits["area_name"],
            "period": hits["period"].astype(int),
            "kind": "target_not_met",
            "indicator_id": hits["indicator_id"],
            "criterion": None,
            "value": hits["value"].astype(float),
            "benchmark": hits["target"].astype(float),
            "unit": hits["unit"],
            "change": float("nan"),
            "from_period": None,
            "direction": hits["direction"],
            "source": hits["source"],
        }
    )


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=_DTYPES.get(c, object)) for c in ALERT_COLUMNS})


_DTYPES: Final = {
    "period": "int64",
    "value": "float64",
    "benchmark": "float64",
    "change": "float64",
    "from_period": "Int64",
}


def build_alerts(
    table: pd.DataFrame,
    dynamics: pd.DataFrame,
    criteria: pd.DataFrame | None = None,
    config: AssessmentConfig | None = None,
    targets: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every alert, one row each, with ALERT_COLUMNS; sorted by period, area, kind.

    `targets`: the status against target (`targets.target_status`), where there is one."""
    config = config or default_config()
    parts = [
        red_red(table),
        index_worsening(dynamics, config.alerts.index_worsening_sd, config.dynamics.lag),
    ]
    if criteria is not None:
        names = table[["area_id", "area_name"]].drop_duplicates("area_id")
        parts.append(criteria_near(criteria, names, config.alerts.criteria_near_persons))
    if targets is not None and not targets.empty:
        parts.append(targets_not_met(targets))
    parts = [p for p in parts if not p.empty]
    if not parts:
        return _empty()
    alerts = pd.concat(parts, ignore_index=True)
    alerts["kind_order"] = alerts["kind"].map({k: i for i, k in enumerate(KINDS)})
    alerts = alerts.sort_values(
        ["period", "area_id", "kind_order", "indicator_id", "criterion"],
        ignore_index=True,
        na_position="first",
    )
    alerts["period"] = alerts["period"].astype("int64")
    alerts["change"] = alerts["change"].astype("float64")
    alerts["from_period"] = alerts["from_period"].astype("Int64")
    return alerts[list(ALERT_COLUMNS)]
