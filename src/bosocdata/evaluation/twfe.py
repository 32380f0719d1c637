"""The two-way fixed effects baseline beside Callaway & Sant'Anna (pyfixest).

- `twfe_att`: y = unit + time + beta x treated, errors clustered by unit. Under
  staggered timing with effects that change over time this mixes already-treated
  units into the controls (Goodman-Bacon 2021); it is shown as the baseline the
  literature compares with, not as the answer.
- `twfe_event`: the event study y = unit + time + sum_e beta_e 1[t - g = e], the
  period before the start (e = -1) as reference, never-treated units in the reference.
- `did2s_att`: Gardner's (2021) two-stage estimator. pyfixest's `did2s` fails when a
  cohort has a single pre-period (nothing to estimate its unit effect from besides one
  year); that case is skipped with a warning instead of an error.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from bosocdata.evaluation.did import DidResult
from bosocdata.evaluation.panel import Panel
from bosocdata.evaluation.quiet import quietly
from bosocdata.evaluation.table import row

NEVER = -1  # event time given to never-treated units: the reference category


def _frame(panel: Panel) -> pd.DataFrame:
    data = panel.data
    g = data["cohort"].astype("int64")
    treated = (g > 0) & (data["time"] >= g)
    return pd.DataFrame(
        {
            "unit": data["unit"].astype(str),
            "time": data["time"].astype("int64"),
            "y": data["y"].astype(float),
            "treat": treated.astype("int64"),
            "rel": np.where(g > 0, data["time"] - g, NEVER).astype(float),
            "g": g,
        }
    )


def twfe_baseline(panel: Panel) -> DidResult:
    """TWFE static and event-study rows (and did2s where it can run)."""
    import pyfixest as pf

    frame = _frame(panel)
    result = DidResult()
    n_treated = int(frame.loc[frame["g"] > 0, "unit"].nunique())
    n_control = int(frame.loc[frame["g"] == 0, "unit"].nunique())
    counts = {"n_treated": n_treated, "n_control": n_control}
    with quietly():
        static = pf.feols("y ~ treat | unit + time", data=frame, vcov={"CRV1": "unit"})
        events = pf.feols(
            f"y ~ i(rel, ref={float(NEVER)}) | unit + time", data=frame, vcov={"CRV1": "unit"}
        )
    result.rows.append(_coefficient_row(static.tidy().loc["treat"], "twfe_att", counts))
    for name, coef in events.tidy().iterrows():
        e = int(float(str(name).split("::")[1]))
        result.rows.append(_coefficient_row(coef, "twfe_event", {**counts, "period": e}))
    first = int(frame["time"].min())
    single = sorted(int(g) for g in frame.loc[frame["g"] > 0, "g"].unique() if g - first <= 1)
    if single:
        result.warnings.append(
            f"Gardners to-trins-estimator (did2s) er udeladt: kohorte {single[0]} har kun én "
            "førperiode (did2s skipped: a cohort has a single pre-period)."
        )
        return result
    with quietly():
        two_stage = pf.did2s(
            frame,
            yname="y",
            first_stage="~ 0 | unit + time",
            second_stage="~ treat",
            treatment="treat",
            cluster="unit",
        )
    result.rows.append(_coefficient_row(two_stage.tidy().loc["treat"], "did2s_att", counts))
    return result


def _coefficient_row(coef: pd.Series, estimand: str, extra: dict[str, Any]) -> dict[str, Any]:
    return row(
        estimand=estimand,
        estimate=float(coef["Estimate"]),
        se=float(coef["Std. Error"]),
        ci_low=float(coef["2.5%"]),
        ci_high=float(coef["97.5%"]),
        **extra,
    )
