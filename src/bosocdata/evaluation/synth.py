"""Synthetic control for one treated unit (Abadie, Diamond & Hainmueller 2010).

Donor weights on the simplex, by one of two optimisers:

- `global` (default): `mlsynth`'s `VanillaSC`. Without predictors the weights minimise
  the pre-period outcome fit (a convex problem with one answer); with predictors, the
  predictor weights V are searched by differential evolution (the MSCMT backend,
  Becker & Klößner 2018) with a fixed seed, so the same input gives the same weights.
- `classic`: the nested Nelder-Mead search of R's `Synth` (`synth_local.py`), which
  reproduces results published with that software where a global search finds another
  optimum (Abadie & Gardeazabal's Basque weights).

The gap is the treated unit's outcome minus the weighted donors'. Inference is Abadie's
placebo in space: every donor is treated in turn (the treated unit left out of the
donors), and the p-value is the rank of the treated unit's post/pre RMSPE ratio among
all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from bosocdata.errors import BosocError
from bosocdata.evaluation.panel import Panel, require_balanced
from bosocdata.evaluation.quiet import quietly
from bosocdata.evaluation.synth_local import fit_local, simplex_weights
from bosocdata.evaluation.table import row

#: The seed of the predictor-weight search: the result is reproducible.
SEED = 0
#: Fewer pre-periods than this and a good pre-period fit means little: say so.
SHORT_PRE = 5

#: Fewer donors than this and there is nothing to weigh.
MIN_DONORS = 2

Optimizer = Literal["global", "classic"]


@dataclass(frozen=True)
class Predictor:
    """A predictor column averaged over [start, end] (whole pre-period when None); a
    window must end before the start of the treatment (`synthetic_control` refuses
    another: matching on periods after it would fit the effect away)."""

    column: str
    start: int | None = None
    end: int | None = None

    @classmethod
    def parse(cls, text: str) -> Predictor:
        """`COL` or `COL:FROM-TO` (FROM-TO inclusive; `COL:Y` is the single year Y)."""
        column, _, window = text.partition(":")
        if not window:
            return cls(column)
        first, _, last = window.partition("-")
        try:
            start = int(first)
            end = int(last) if last else start
        except ValueError:
            raise BosocError(
                f"--predictor {text}: the window must be FROM-TO in whole periods",
                hint="e.g. --predictor cigsale:1975-1975 or --predictor lnincome:1980-1988",
            ) from None
        if end < start:
            raise BosocError(
                f"--predictor {text}: the window ends before it begins",
                hint=f"e.g. --predictor {column}:{end}-{start}",
            )
        return cls(column, start, end)


@dataclass
class SynthResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)


def synthetic_control(
    panel: Panel,
    treated: str,
    start: int,
    *,
    predictors: list[Predictor] | None = None,
    placebo: bool = True,
    optimizer: Optimizer = "global",
) -> SynthResult:
    """Weights, gap per period, post-period effect, pre-period RMSPE and placebo p.

    The predictor columns are the panel's `x:NAME` columns (`make_panel(keep=...)`);
    the outcome itself may be named as a predictor with a window.
    """
    require_balanced(panel)
    data = panel.data
    units = sorted(set(data["unit"]))
    if treated not in units:
        raise BosocError(
            f"the treated unit {treated!r} is not in the panel",
            hint="--treated names a value of the --unit column",
        )
    pre = [t for t in panel.times if t < start]
    post = [t for t in panel.times if t >= start]
    if not pre or not post:
        raise BosocError(
            f"the start {start} leaves no period before or no period after it",
            hint=f"the panel covers {panel.times[0]}-{panel.times[-1]}",
        )
    result = SynthResult()
    if len(pre) < SHORT_PRE:
        result.warnings.append(
            f"Kun {len(pre)} førperioder: en god tilpasning før indsatsen siger lidt "
            f"(only {len(pre)} pre-periods)."
        )
    _check_windows(predictors or [], start, pre)
    outcome = data.pivot(index="time", columns="unit", values="y").sort_index()
    features = _features(data, predictors or [], panel.outcome, pre)
    donors = [u for u in units if u != treated]
    if len(donors) < MIN_DONORS:
        raise BosocError(
            f"{len(donors)} donor unit(s); a synthetic control needs at least {MIN_DONORS}",
            hint="untreated units with a value in every period are the donors",
        )
    weights = _fit(outcome, features, treated, donors, start, optimizer)
    result.weights = dict(zip(donors, weights.tolist(), strict=True))
    gap = outcome[treated] - outcome[donors].to_numpy() @ weights
    n = {"n_treated": 1, "n_control": len(donors)}
    for donor, weight in result.weights.items():
        result.rows.append(row(estimand="weight", unit=donor, estimate=weight, **n))
    for t, value in gap.items():
        result.rows.append(row(estimand="gap", period=int(t), estimate=float(value), **n))
    pre_gap, post_gap = gap.loc[pre].to_numpy(), gap.loc[post].to_numpy()
    att = float(post_gap.mean())
    result.rows.append(row(estimand="att_post", period=post[0], estimate=att, **n))
    result.rows.append(row(estimand="rmspe_pre", estimate=_rmspe(pre_gap), **n))
    if placebo:
        p = _placebo_p(outcome, features, treated, donors, start, optimizer, gap)
        result.rows.append(row(estimand="placebo_p", estimate=p, **n))
        if len(donors) < 19:
            result.warnings.append(
                f"Kun {len(donors)} donorer: placebo-p-værdien kan ikke blive under "
                f"{1 / (len(donors) + 1):.2f} (only {len(donors)} donors)."
            )
    return result


def _rmspe(gaps: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.asarray(gaps, dtype=float) ** 2)))


def _check_windows(predictors: list[Predictor], start: int, pre: list[int]) -> None:
    """Refuse a predictor window reaching the start or after: matching the donors on
    periods after the start would fit the effect itself away."""
    for p in predictors:
        if p.end is not None and p.end >= start:
            raise BosocError(
                f"--predictor {p.column}:{p.start}-{p.end}: a predictor window must end "
                f"before the start {start}",
                hint=f"a pre-period window, e.g. --predictor {p.column}:{pre[0]}-{pre[-1]}",
            )


def _features(
    data: pd.DataFrame, predictors: list[Predictor], outcome: str, pre: list[int]
) -> pd.DataFrame | None:
    """One row per predictor (its mean over its window), one column per unit."""
    if not predictors:
        return None
    rows = {}
    for i, p in enumerate(predictors):
        column = "y" if p.column == outcome else f"x:{p.column}"
        if column not in data.columns:
            raise BosocError(
                f"--predictor {p.column}: no such column in the panel",
                hint="name a column of the panel CSV",
            )
        first = p.start if p.start is not None else pre[0]
        last = p.end if p.end is not None else pre[-1]
        window = data[(data["time"] >= first) & (data["time"] <= last)]
        means = window.groupby("unit")[column].mean()
        if means.isna().any():
            raise BosocError(
                f"--predictor {p.column}: unit {means[means.isna()].index[0]} has no value "
                f"in {first}-{last}",
                hint="choose a window where every unit has a value",
            )
        rows[f"{i}:{p.column}"] = means
    return pd.DataFrame(rows).T


def _fit(
    outcome: pd.DataFrame,
    features: pd.DataFrame | None,
    treated: str,
    donors: list[str],
    start: int,
    optimizer: Optimizer,
) -> np.ndarray:
    """Donor weights (in the order of `donors`)."""
    pre = outcome.loc[outcome.index < start]
    z1, z0 = pre[treated].to_numpy(float), pre[donors].to_numpy(float)
    if optimizer == "classic":
        if features is None:
            return simplex_weights(z1, z0, np.ones(len(z1)))
        x1, x0 = features[treated].to_numpy(float), features[donors].to_numpy(float)
        return fit_local(x1, x0, z1, z0)[0]
    return _fit_mlsynth(outcome, features, treated, donors, start)


def _fit_mlsynth(
    outcome: pd.DataFrame,
    features: pd.DataFrame | None,
    treated: str,
    donors: list[str],
    start: int,
) -> np.ndarray:
    long = outcome[[treated, *donors]].stack().reset_index()
    long.columns = pd.Index(["time", "unit", "y"])
    long["treated"] = ((long["unit"] == treated) & (long["time"] >= start)).astype(int)
    config: dict[str, Any] = {}
    if features is not None:
        # a predictor is a constant column per unit, averaged over the whole pre-period
        names = [f"p{i}" for i in range(len(features))]
        for name, (_, values) in zip(names, features.iterrows(), strict=True):
            long[name] = long["unit"].map(values).astype(float)
        config = {"covariates": names, "backend": "mscmt"}
    with quietly():  # mlsynth's import raises pydantic deprecation warnings
        from mlsynth import VanillaSC
        from mlsynth.exceptions import (
            MlsynthConfigError,
            MlsynthDataError,
            MlsynthEstimationError,
        )

    try:
        with quietly():
            fitted = VanillaSC(
                {
                    "df": long,
                    "outcome": "y",
                    "treat": "treated",
                    "unitid": "unit",
                    "time": "time",
                    "seed": SEED,
                    "inference": False,
                    "display_graphs": False,
                    **config,
                }
            ).fit()
    except (MlsynthConfigError, MlsynthDataError, MlsynthEstimationError) as error:
        raise BosocError(f"the synthetic control cannot be fitted: {error}") from None
    found = fitted.weights.donor_weights or {}
    return np.array([float(found.get(d, 0.0)) for d in donors])


def _placebo_p(
    outcome: pd.DataFrame,
    features: pd.DataFrame | None,
    treated: str,
    donors: list[str],
    start: int,
    optimizer: Optimizer,
    gap: pd.Series,
) -> float:
    """Share of units (treated included) whose post/pre RMSPE ratio is at least the treated's."""
    pre_mask = gap.index < start

    def ratio(g: pd.Series) -> float:
        before = _rmspe(g[pre_mask].to_numpy())
        return _rmspe(g[~pre_mask].to_numpy()) / before if before > 0 else np.inf

    own = ratio(gap)
    ratios = [own]
    for donor in donors:
        others = [d for d in donors if d != donor]
        w = _fit(outcome, features, donor, others, start, optimizer)
        ratios.append(ratio(outcome[donor] - outcome[others].to_numpy() @ w))
    return float(np.mean(np.array(ratios) >= own))
