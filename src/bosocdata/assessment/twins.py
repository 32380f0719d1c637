"""Twin areas: for each area the k most similar areas (statistical neighbours).

Landsbyggefonden's tvillingeværktøj and England's CIPFA nearest-neighbour model compare
an area with areas like it rather than with the whole municipality. Here, per period:

- the indicators of `twins.indicators` (default the five official criteria) and, with
  `twins.size`, the natural log of the residents (a size ratio counts, not a difference:
  1,000 against 2,000 residents is as far as 5,000 against 10,000);
- each divided by its standard deviation across the areas of the period (sample SD), so
  that a percentage and a log count weigh alike: the **standardised Euclidean distance**
  d(a, b) = sqrt(sum_i ((x_ai - x_bi) / s_i)^2);
- the k nearest areas, ties by area id. An area lacking a value of one of the
  dimensions (withheld, or not computed that year) neither gets twins nor is one.

The values are the published ones, so a twin tells nothing a withheld cell hides.
`twin_benchmarks` gives the twins' pooled value per indicator as a comparator the
analyst can choose instead of the municipality. See docs/concepts/assessment.md.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from bosocdata.assessment.config import AssessmentConfig, default_config
from bosocdata.assessment.index import NOT_AREAS

TWIN_COLUMNS: Final = ("area_id", "area_name", "period", "rank", "twin_id", "twin_name", "distance")
BENCHMARK_COLUMNS: Final = ("area_id", "period", "indicator_id", "benchmark", "comparison")
SIZE: Final = "__size__"


def dimensions(table: pd.DataFrame, config: AssessmentConfig) -> pd.DataFrame:
    """One row per area and period, one column per dimension (NaN where missing)."""
    areas = table[~table["area_id"].isin(NOT_AREAS)]
    wanted = areas[areas["indicator_id"].isin(config.twins.indicators)]
    wide = wanted.pivot_table(
        index=["area_id", "period"], columns="indicator_id", values="value", aggfunc="first"
    )
    wide = wide.reindex(columns=list(config.twins.indicators))
    if config.twins.size:
        population = areas[areas["indicator_id"] == config.population_indicator]
        residents = population.set_index(["area_id", "period"])["denominator"].astype(float)
        size = pd.Series(np.log(residents.where(residents > 0)), index=residents.index)
        wide = wide.join(size.rename(SIZE), how="outer")
    return wide.sort_index()


def nearest(values: pd.DataFrame, k: int) -> list[tuple[str, int, str, float]]:
    """(area, rank, twin, distance) of one period's complete rows (index: area_id)."""
    complete = values.dropna().sort_index()
    if len(complete) < 2:
        return []
    sd = complete.std(ddof=1).replace(0.0, np.nan)
    scaled = (complete / sd).fillna(0.0).to_numpy()  # a constant dimension says nothing
    ids = list(complete.index)
    found = []
    for i, area in enumerate(ids):
        distance = np.sqrt(((scaled - scaled[i]) ** 2).sum(axis=1))
        order = sorted((float(distance[j]), ids[j]) for j in range(len(ids)) if j != i)
        found += [(area, rank, twin, d) for rank, (d, twin) in enumerate(order[:k], start=1)]
    return found


def twin_areas(table: pd.DataFrame, config: AssessmentConfig | None = None) -> pd.DataFrame:
    """The `twins` table (TWIN_COLUMNS): k rows per area and period, nearest first."""
    config = config or default_config()
    wide = dimensions(table, config)
    rows = []
    for period, values in wide.groupby(level="period"):
        for area, rank, twin, distance in nearest(values.droplevel("period"), config.twins.k):
            rows.append((area, int(str(period)), rank, twin, distance))
    frame = pd.DataFrame(rows, columns=["area_id", "period", "rank", "twin_id", "distance"])
    names = table.drop_duplicates("area_id").set_index("area_id")["area_name"]
    frame["area_name"] = frame["area_id"].map(names)
    frame["twin_name"] = frame["twin_id"].map(names)
    return frame.astype({"period": "int64", "rank": "int64", "distance": "float64"})[
        list(TWIN_COLUMNS)
    ]


def twin_benchmarks(table: pd.DataFrame, twins: pd.DataFrame) -> pd.DataFrame:
    """Per area, period and indicator: the twins' pooled value and the comparison with it.

    Pooled as the municipality is: the twins' values weighted by their denominators (the
    rate of all their persons together); without denominators (a `ratio`), the plain
    mean. Missing where a twin's value is missing. `comparison` as in the indicator
    table: the area's 95 % interval wholly beyond the comparator, honouring direction.
    """
    if twins.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in BENCHMARK_COLUMNS})
    cells = table[["area_id", "period", "indicator_id", "value", "denominator"]]
    pairs = twins[["area_id", "period", "twin_id"]].merge(
        cells.rename(columns={"area_id": "twin_id"}), on=["twin_id", "period"]
    )
    weight = pairs["denominator"].astype(float)
    pairs = pairs.assign(
        weight=weight.where(weight > 0, 1.0),
        weighted=pairs["value"].astype(float) * weight.where(weight > 0, 1.0),
        missing=pairs["value"].isna(),
    )
    keys = ["area_id", "period", "indicator_id"]
    pooled = pairs.groupby(keys, as_index=False).agg(
        weighted=("weighted", "sum"), weight=("weight", "sum"), missing=("missing", "any")
    )
    pooled["benchmark"] = (pooled["weighted"] / pooled["weight"]).where(~pooled["missing"])
    own = table[[*keys, "ci_low", "ci_high", "direction"]]
    merged = pooled.merge(own, on=keys, how="left")
    merged["comparison"] = [
        _compare(lo, hi, b, d)
        for lo, hi, b, d in zip(
            merged["ci_low"], merged["ci_high"], merged["benchmark"], merged["direction"],
            strict=True,
        )
    ]  # fmt: skip
    return merged[list(BENCHMARK_COLUMNS)].sort_values(keys, ignore_index=True)


def _compare(low: float, high: float, benchmark: float, direction: object) -> str | None:
    if any(pd.isna(x) for x in (low, high, benchmark)):
        return None
    if low <= benchmark <= high:
        return "similar"
    higher = low > benchmark
    return "worse" if higher == (direction != "down_is_worse") else "better"
