"""Flows per area and year: who moved in and out, and how they differ from the stayers.

The composition behind the decomposition: for each year Y, the decomposition of the
change from Y-1 to Y gives the number of stayers, in-movers and out-movers of each
person indicator's population and each group's rate. One row per area, year and
indicator; the rates are in the indicator's unit (percent for `pct`).
"""

from __future__ import annotations

import itertools
from typing import Final

import pandas as pd

from bosocdata.evaluation.decompose import Pair

FLOW_COLUMNS: Final = (
    "area_id",
    "period",
    "indicator_id",
    "stayers",
    "in_movers",
    "out_movers",
    "deaths",
    "rate_stayers",
    "rate_in_movers",
    "rate_out_movers",
    "suppressed",
)
_FROM = {
    "n_stayers": "stayers",
    "n_in_movers": "in_movers",
    "n_out_movers": "out_movers",
    "n_deaths": "deaths",
    "rate_stayers_after": "rate_stayers",
    "rate_in_movers": "rate_in_movers",
    "rate_out_movers": "rate_out_movers",
}


#: The flows cover the latest years (each against the one before): enough to see the
#: recent composition, and bounded work on a large municipality.
FLOW_YEARS = 5


def consecutive_pairs(periods: list[int], years: int = FLOW_YEARS) -> list[Pair]:
    """Each of the latest `years` years against the year before."""
    ordered = sorted(set(periods))
    pairs = [Pair(a, b) for a, b in itertools.pairwise(ordered) if b == a + 1]
    return pairs[-years:]


def flows_table(decomposition: pd.DataFrame) -> pd.DataFrame:
    """The flows from the decomposition rows of consecutive years (disclosure as they are)."""
    rows = decomposition[
        (decomposition["method"] == "decompose")
        & (decomposition["period"] - decomposition["base_period"] == 1)
        & decomposition["estimand"].isin(list(_FROM))
    ]
    if rows.empty:
        return pd.DataFrame(columns=list(FLOW_COLUMNS))
    keys = ["area_id", "period", "indicator_id"]
    wide = rows.pivot_table(
        index=keys, columns="estimand", values="estimate", aggfunc="first", dropna=False
    ).rename(columns=_FROM)
    hidden = rows.groupby(keys)["suppressed"].any()
    wide["suppressed"] = hidden.reindex(wide.index).fillna(False).astype(bool)
    for column in FLOW_COLUMNS:
        if column not in wide.reset_index().columns:
            wide[column] = pd.NA
    out = wide.reset_index()[list(FLOW_COLUMNS)]
    out["period"] = out["period"].astype("int64")
    return out.sort_values(keys).reset_index(drop=True)
