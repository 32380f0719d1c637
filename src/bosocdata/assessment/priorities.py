"""Prioritisation: rank the areas by the index and by need (excess persons).

Need is what an area would not have at the municipality's rate: observed minus expected,
expected = denominator x benchmark / multiplier (100 for `pct` and `per100hh`, 1,000
for `per1000`), turned by direction so that positive = more persons (or events) in the
worse state. An area's need is the sum of its positive excesses. Intervals: from the
95 % interval of the numerator (the value's interval times denominator / multiplier);
rank intervals of the index from the Monte-Carlo. See docs/concepts/assessment.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import pandas as pd

from bosocdata.assessment.config import AssessmentConfig, default_config
from bosocdata.assessment.index import NOT_AREAS, area_frame, direction_sign, select_indicators

MULTIPLIER: Final = {"pct": 100.0, "per100hh": 100.0, "per1000": 1000.0}

PRIORITY_COLUMNS: Final = (
    "area_id",
    "area_name",
    "period",
    "residents",
    "eligible",
    "index",
    "rank_index",
    "rank_index_median",
    "rank_index_low",
    "rank_index_high",
    "need",
    "need_low",
    "need_high",
    "n_need_indicators",
    "rank_need",
)
EXCESS_COLUMNS: Final = (
    "area_id",
    "period",
    "indicator_id",
    "observed",
    "expected",
    "excess",
    "excess_low",
    "excess_high",
)


def need_indicators(
    table: pd.DataFrame, themes: Mapping[str, str], config: AssessmentConfig
) -> list[str]:
    """The configured need indicators, else the index's, restricted to count units."""
    present = sorted(table["indicator_id"].unique())
    wanted = config.priorities.indicators or select_indicators(present, themes, config.index)
    units = table.drop_duplicates("indicator_id").set_index("indicator_id")["unit"]
    return [i for i in wanted if i in units.index and units[i] in config.priorities.units]


def excess_persons(rows: pd.DataFrame) -> pd.DataFrame:
    """Per row: observed, expected, and the direction-adjusted excess with its interval.

    `rows` needs unit, direction, numerator, denominator, benchmark, ci_low, ci_high.
    """
    multiplier = rows["unit"].map(MULTIPLIER).astype(float)
    scale = rows["denominator"].astype(float) / multiplier
    expected = scale * rows["benchmark"].astype(float)
    raw = rows["numerator"].astype(float) - expected
    raw_low = scale * rows["ci_low"].astype(float) - expected
    raw_high = scale * rows["ci_high"].astype(float) - expected
    sign = direction_sign(rows["direction"])
    up = sign > 0
    return pd.DataFrame(
        {
            "area_id": rows["area_id"],
            "period": rows["period"],
            "indicator_id": rows["indicator_id"],
            "observed": rows["numerator"].astype(float),
            "expected": expected,
            "excess": sign * raw,
            "excess_low": raw_low.where(up, -raw_high),
            "excess_high": raw_high.where(up, -raw_low),
        },
        index=rows.index,
    )


def _rank_descending(values: pd.Series, eligible: pd.Series, period: pd.Series) -> pd.Series:
    usable = values.where(eligible.astype(bool))
    return usable.groupby(period).rank(ascending=False, method="min")


def prioritise(
    table: pd.DataFrame,
    index: pd.DataFrame,
    themes: Mapping[str, str],
    config: AssessmentConfig | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(priorities, excess per indicator) for every real area and period.

    `index` is `compute_index(...).index`. Need sums the positive parts: need =
    sum max(0, excess), need_low = sum max(0, excess_low), need_high = sum max(0,
    excess_high), over the area's need indicators with an excess.
    """
    config = config or default_config()
    indicators = need_indicators(table, themes, config)
    rows = table[table["indicator_id"].isin(indicators) & ~table["area_id"].isin(NOT_AREAS)]
    excess = excess_persons(rows)
    excess = excess[excess["excess"].notna()].reset_index(drop=True)
    positive = excess.assign(
        need=excess["excess"].clip(lower=0),
        need_low=excess["excess_low"].clip(lower=0),
        need_high=excess["excess_high"].clip(lower=0),
    )
    need = positive.groupby(["area_id", "period"], as_index=False).agg(
        need=("need", "sum"),
        need_low=("need_low", "sum"),
        need_high=("need_high", "sum"),
        n_need_indicators=("need", "size"),
    )
    areas = area_frame(table, config)
    areas = areas[areas["is_area"]].drop(columns=["is_area"])
    ranks = index[["area_id", "period", "index", "rank", "rank_median", "rank_low", "rank_high"]]
    out = areas.merge(ranks, on=["area_id", "period"], how="left").merge(
        need, on=["area_id", "period"], how="left"
    )
    out = out.rename(
        columns={
            "rank": "rank_index",
            "rank_median": "rank_index_median",
            "rank_low": "rank_index_low",
            "rank_high": "rank_index_high",
        }
    )
    out["n_need_indicators"] = out["n_need_indicators"].fillna(0).astype(int)
    out["rank_need"] = _rank_descending(out["need"], out["eligible"], out["period"])
    result = out[list(PRIORITY_COLUMNS)].sort_values(["period", "area_id"], ignore_index=True)
    result["rank_need"] = result["rank_need"].astype(float)
    return result, excess[list(EXCESS_COLUMNS)]


def priority_order(priorities: pd.DataFrame, by: str = "index") -> pd.DataFrame:
    """The eligible areas of each period in priority order: by `index` or by `need`."""
    key = {"index": "rank_index", "need": "rank_need"}[by]
    ranked = priorities[priorities[key].notna()]
    return ranked.sort_values(["period", key, "area_id"], ignore_index=True)


__all__ = [
    "EXCESS_COLUMNS",
    "MULTIPLIER",
    "PRIORITY_COLUMNS",
    "excess_persons",
    "need_indicators",
    "prioritise",
    "priority_order",
]
