"""Staggered difference-in-differences: Callaway & Sant'Anna (2021) ATT(g,t).

Estimated with `csdid` (the Python port of the R `did` package), unconditional
(no covariates), outcome regression, analytic standard errors from the influence
functions (no bootstrap, so the result is reproducible), "varying" base period as the
R package's default. Controls: never-treated units, or never- and not-yet-treated.
Aggregations as `did::aggte`: simple, group and dynamic (event time). The pre-trend
test is the Wald test of all pre-treatment ATT(g,t) being zero (R `did`'s `Wpval`).
See docs/concepts/evaluation.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from bosocdata.errors import BosocError
from bosocdata.evaluation.panel import Panel, require_balanced
from bosocdata.evaluation.quiet import quietly
from bosocdata.evaluation.table import row, with_interval

Control = Literal["never", "notyet"]

#: Fewer treated units than this and the intervals rest on very little: say so.
FEW_TREATED = 5
#: Fewer pre-periods than this and parallel trends cannot be checked: say so.
SHORT_PRE = 3
#: The smallest control group csdid (and R `did`) accepts without covariates.
MIN_GROUP = 5


@dataclass
class DidResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_design(panel: Panel) -> list[str]:
    """Warnings about few treated units and short pre-periods (Danish; English after)."""
    cohorts = panel.cohorts()
    first = panel.times[0]
    out: list[str] = []
    if not cohorts:
        raise BosocError(
            "no unit is ever treated in the panel",
            hint="the cohort column gives each treated unit its first treated period",
        )
    if panel.n_never() == 0:
        out.append(
            "Ingen områder er aldrig behandlet: kun ikke-endnu-behandlede kan bruges som "
            "kontrol (no never-treated units)."
        )
    treated = sum(cohorts.values())
    if treated < FEW_TREATED:
        out.append(
            f"Kun {treated} behandlede enhed(er): intervallerne hviler på meget lidt; "
            f"læs dem med forsigtighed (only {treated} treated unit(s))."
        )
    for g in cohorts:
        pre = g - first
        if pre < SHORT_PRE:
            out.append(
                f"Kohorte {g} har kun {max(pre, 0)} førperiode(r): parallelle tendenser kan "
                f"{'ikke' if pre < 2 else 'kun svagt'} efterprøves "
                f"(cohort {g}: {max(pre, 0)} pre-period(s))."
            )
    return out


def callaway_santanna(panel: Panel, control: Control = "never") -> DidResult:
    """ATT(g,t), its aggregations and the pre-trend test, as evaluation-table rows."""
    require_balanced(panel)
    result = DidResult(warnings=check_design(panel))
    data = panel.data
    first = panel.times[0]
    early = sorted({g for g in panel.cohorts() if g <= first})
    if early:
        result.warnings.append(
            f"Enheder behandlet fra første periode ({early[0]}) har ingen førperiode og "
            f"udelades (units treated from the first period are left out)."
        )
        data = data[~data["cohort"].isin(early)]
    never = int((data.groupby("unit")["cohort"].first() == 0).sum())
    if control == "never" and never < MIN_GROUP:
        raise BosocError(
            f"{never} never-treated unit(s) to compare with; at least {MIN_GROUP} are needed",
            hint="use not-yet-treated controls (--control notyet) or add untreated units",
        )
    codes = {u: i + 1 for i, u in enumerate(sorted(data["unit"].unique()))}
    frame = pd.DataFrame(
        {
            "id": data["unit"].map(codes).astype("int64"),
            "t": data["time"].astype("int64"),
            "y": data["y"].astype(float),
            "g": data["cohort"].astype("int64"),
        }
    )
    from csdid.att_gt import ATTgt

    try:
        with quietly():
            model = ATTgt(
                yname="y",
                tname="t",
                idname="id",
                gname="g",
                data=frame,
                control_group=["nevertreated" if control == "never" else "notyettreated"],
            ).fit(est_method="reg", base_period="varying", bstrap=False)
    except ValueError as error:  # csdid refuses a design it cannot estimate
        raise BosocError(
            f"Callaway & Sant'Anna cannot be estimated: {str(error).splitlines()[0]}",
            hint="see the design warnings",
        ) from None
    sizes = frame.groupby("id")["g"].first().value_counts()
    res = model.results
    for g, t, att, se in zip(res["group"], res["year"], res["att"], res["se"], strict=True):
        g, t = int(g), int(t)
        result.rows.append(
            row(
                estimand="att_gt",
                group=g,
                period=t,
                n_treated=int(sizes.get(g, 0)),
                n_control=_n_control(sizes, g, t, control),
                **with_interval(float(att), _finite(se)),
            )
        )
    result.rows += _aggregations(model, sizes)
    if sum(panel.cohorts().values()) < FEW_TREATED:
        for detrend in (False, True):
            placebo = placebo_interval(Panel(data), detrend=detrend)
            if placebo is not None:
                result.rows.append(placebo)
    wpval = model.MP.get("Wpval")
    result.rows.append(row(estimand="pretrend_p", estimate=None if wpval is None else float(wpval)))
    if wpval is not None and float(wpval) < 0.05:
        result.warnings.append(
            f"Testen for parallelle tendenser før indsatsen afviser (p = {float(wpval):.3f}): "
            "forskellen efter start kan skyldes forskellige udviklinger før "
            "(the pre-trend test rejects)."
        )
    return result


def _n_control(sizes: pd.Series, g: int, t: int, control: Control) -> int:
    never = int(sizes.get(0, 0))
    if control == "never":
        return never
    later = max(t, g - 1)
    return never + int(sum(n for c, n in sizes.items() if int(str(c)) > later))


def _finite(value: Any) -> float | None:
    x = float(value)
    return x if np.isfinite(x) else None


def _aggregations(model: Any, sizes: pd.Series) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    treated = int(sizes[sizes.index > 0].sum())
    never = int(sizes.get(0, 0))
    for kind in ("simple", "group", "dynamic"):
        with quietly():
            model.aggte(typec=kind, bstrap=False)
        agg = model.atte
        overall = with_interval(float(agg["overall_att"]), _finite(agg["overall_se"]))
        if kind == "simple":
            rows.append(row(estimand="att_simple", n_treated=treated, n_control=never, **overall))
            continue
        estimand = "att_group" if kind == "group" else "att_dynamic"
        # the overall of group/dynamic: one row without group or period
        rows.append(row(estimand=estimand, n_treated=treated, n_control=never, **overall))
        for key, att, se in zip(agg["egt"], agg["att_egt"], agg["se_egt"], strict=True):
            place = {"group": int(key)} if kind == "group" else {"period": int(key)}
            n = int(sizes.get(int(key), 0)) if kind == "group" else treated
            rows.append(
                row(
                    estimand=estimand,
                    n_treated=n,
                    n_control=never,
                    **place,
                    **with_interval(float(att), _finite(se)),
                )
            )
    return rows


def placebo_interval(panel: Panel, *, detrend: bool = False) -> dict[str, Any] | None:
    """`att_placebo` (or `att_trend`): the simple ATT with a placebo-area interval.

    With one or a few treated areas the analytic standard error rests on the treated
    areas' own variation, which one area does not have, and differences in the areas'
    own trends are not in it either. Here each control area in turn is treated as if it
    had the intervention (from the same year, against the other controls); the spread
    of those placebo effects is the spread of the estimate under no effect (Conley &
    Taber 2011). Interval: [att - q(97.5 %), att - q(2.5 %)] of the placebo effects;
    `se` their standard deviation.

    `detrend`: first take each area's own linear trend, fitted on the pre-period, off
    its series (difference-in-differences with area-specific linear trends; Angrist &
    Pischke 2009, section 5.2): for areas whose trends differ, which the pre-trend test
    shows. Needs 3 pre-periods.

    One cohort only; None otherwise, or with fewer than 5 controls.
    """
    cohorts = panel.cohorts()
    if len(cohorts) != 1:
        return None
    (g,) = cohorts
    wide = panel.data.pivot(index="time", columns="unit", values="y").sort_index()
    per_unit = panel.data.groupby("unit")["cohort"].first()
    treated = [u for u in wide.columns if per_unit[u] == g]
    controls = [u for u in wide.columns if per_unit[u] == 0]
    pre = wide.index[wide.index < g]
    if len(controls) < MIN_GROUP or (g - 1) not in wide.index:
        return None
    if detrend:
        if len(pre) < SHORT_PRE:
            return None
        post = wide.index[wide.index >= g]
        t_pre = pre.to_numpy(float)
        slope, level = np.polyfit(t_pre, wide.loc[pre].to_numpy(float), 1)
        fitted = np.outer(post.to_numpy(float), slope) + level
        change = wide.loc[post] - fitted  # the departure from the area's own trend
    else:
        change = wide.loc[wide.index >= g] - wide.loc[g - 1]  # Y_t - Y_{g-1}, t >= g

    def effect(units: list[str], against: list[str]) -> float:
        return float((change[units].mean(axis=1) - change[against].mean(axis=1)).mean())

    att = effect(treated, controls)
    placebo = np.array([effect([c], [d for d in controls if d != c]) for c in controls])
    low, high = np.quantile(placebo, [0.025, 0.975])
    return row(
        estimand="att_trend" if detrend else "att_placebo",
        estimate=att,
        se=float(placebo.std(ddof=1)),
        ci_low=att - float(high),
        ci_high=att - float(low),
        n_treated=len(treated),
        n_control=len(controls),
    )
