"""`bosoc evaluate`: the interventions of the store, evaluated on the stored indicators.

- `did`: per intervention and target indicator, Callaway & Sant'Anna on the area-year
  panel. Treated: the intervention's areas, cohort = the first year it is in force on
  1 January. Controls: the areas under no intervention at all (areas under another
  intervention are left out of the panel).
- `synth`: per intervention, area and target indicator, a synthetic control from the
  same control areas, fitted on the pre-period outcome.
- `decompose`: every person indicator (or `--indicator`), every area, for the pairs of
  periods of `default_pairs` (or the one `--years` pair).

For the published zone the area panels are the published values (a suppressed cell is
missing; such an area is left out as a control, and a treated area with one is not
estimated), and the decomposition goes through `protect.protect_decomposition`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from bosocdata.errors import BosocError
from bosocdata.evaluation.decompose import Pair, decompose
from bosocdata.evaluation.did import callaway_santanna
from bosocdata.evaluation.flows import consecutive_pairs, flows_table
from bosocdata.evaluation.interventions import (
    Intervention,
    area_panel,
    choose,
    read_interventions,
    read_results,
)
from bosocdata.evaluation.panel import Panel
from bosocdata.evaluation.protect import protect_decomposition
from bosocdata.evaluation.synth import synthetic_control
from bosocdata.evaluation.table import evaluation_frame
from bosocdata.evaluation.twfe import twfe_baseline
from bosocdata.indicators.catalogue import Catalogue

METHODS = ("did", "synth", "decompose")


@dataclass
class EvaluateRequest:
    intervention_id: str | None = None
    indicators: list[str] = field(default_factory=list)
    method: str = "all"
    years: tuple[int, int] | None = None
    k: int = 5


@dataclass
class Evaluation:
    """The secure table (every number) and the published one (disclosure-controlled)."""

    secure: pd.DataFrame
    published: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    flows_secure: pd.DataFrame = field(default_factory=pd.DataFrame)
    flows_published: pd.DataFrame = field(default_factory=pd.DataFrame)

    def table(self, zone: str) -> pd.DataFrame:
        return self.published if zone == "published" else self.secure


def default_pairs(latest: int, first: int, interventions: list[Intervention]) -> list[Pair]:
    """The latest year against one and five years before, and each intervention's first
    year against the latest (within the years computed)."""
    pairs = {Pair(y, latest) for y in (latest - 1, latest - 5) if y >= first}
    pairs |= {Pair(i.first_year, latest) for i in interventions if first <= i.first_year < latest}
    return sorted(pairs, key=lambda p: (p.before, p.after))


def evaluate(
    con: duckdb.DuckDBPyConnection, catalogue: Catalogue, request: EvaluateRequest
) -> Evaluation:
    """The evaluation table of the request, for the secure and the published zone.

    did and synth run on the secure values, and again on the published ones only where
    the publication withholds a cell of the panel; the decomposition runs once and is
    then disclosure-controlled.
    """
    methods = METHODS if request.method == "all" else (request.method,)
    for wanted in request.indicators:
        catalogue.get(wanted)  # an unknown id is refused with a hint
    secure_results = read_results(con, "secure")
    published_results = read_results(con, "published")
    everything = read_interventions(con)
    chosen = choose(everything, request.intervention_id)
    warnings: list[str] = []
    secure: list[pd.DataFrame] = []
    published: list[pd.DataFrame] = []
    if ("did" in methods or "synth" in methods) and not chosen:
        if request.method in ("did", "synth"):
            raise BosocError(
                "no interventions to evaluate: the interventions register was not delivered",
                hint="deliver interventions.csv (REGISTERS.md) and ingest again",
            )
        warnings.append(
            "Ingen indsatser i registeret interventions: did og synth springes over "
            "(no interventions delivered)."
        )
    treated_anywhere = {a for i in everything for a in i.areas}
    for intervention in chosen:
        for indicator in _indicators(intervention, request, catalogue, warnings):
            ids = {"intervention_id": intervention.intervention_id, "indicator_id": indicator}
            panels = {
                zone: area_panel(results, indicator)
                for zone, results in (("secure", secure_results), ("published", published_results))
            }
            same = panels["secure"].equals(panels["published"])
            for zone, target in (("secure", secure), ("published", published)):
                if zone == "published" and same:
                    published += secure[-_count(methods) :]
                    continue
                panel = panels[zone]
                controls = panel[~panel["unit"].isin(treated_anywhere)]
                treated = panel[panel["unit"].isin(intervention.areas)]
                notes = warnings if zone == "secure" else []
                if "did" in methods:
                    target.append(_did(intervention, treated, controls, ids, notes))
                if "synth" in methods:
                    target.append(_synth(intervention, treated, controls, ids, notes))
    flows = (evaluation_frame([]), evaluation_frame([]))
    if "decompose" in methods:
        table, flow_rows = _decompose(con, catalogue, request, secure_results, everything, chosen)
        secure.append(table)
        published.append(_protect(table, catalogue, published_results, request.k))
        flows = (flow_rows, _protect(flow_rows, catalogue, published_results, request.k))
    return Evaluation(
        _concat(secure),
        _concat(published),
        warnings,
        flows_table(flows[0]),
        flows_table(flows[1]),
    )


def _count(methods: tuple[str, ...]) -> int:
    return int("did" in methods) + int("synth" in methods)


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [p for p in parts if not p.empty]
    return pd.concat(frames, ignore_index=True) if frames else evaluation_frame([])


def _indicators(
    intervention: Intervention,
    request: EvaluateRequest,
    catalogue: Catalogue,
    warnings: list[str],
) -> list[str]:
    if request.indicators:
        return list(request.indicators)
    known = [t for t in intervention.targets if t in catalogue]
    for unknown in sorted(set(intervention.targets) - set(known)):
        warnings.append(
            f"Indsats {intervention.intervention_id}: {unknown} er ikke en kendt indikator "
            f"og springes over (unknown target indicator)."
        )
    if not known:
        warnings.append(
            f"Indsats {intervention.intervention_id} har ingen målindikatorer: giv --indicator "
            "(no target indicators)."
        )
    return known


def _complete_series(frame: pd.DataFrame) -> pd.DataFrame:
    """Units with a value in every year of the panel (published zone: none suppressed)."""
    years = frame["time"].nunique()
    ok = frame.dropna(subset=["y"]).groupby("unit")["time"].nunique()
    return frame[frame["unit"].isin(ok[ok == years].index)]


def _did(
    intervention: Intervention,
    treated: pd.DataFrame,
    controls: pd.DataFrame,
    ids: dict[str, Any],
    warnings: list[str],
) -> pd.DataFrame:
    complete_treated = _complete_series(treated)
    missing = sorted(set(treated["unit"]) - set(complete_treated["unit"]))
    rows: list[dict[str, Any]] = []
    if missing:
        rows += [{"area_id": a, "estimand": "att_simple", "suppressed": True} for a in missing]
    if complete_treated.empty:
        return evaluation_frame(rows, {**ids, "method": "did"})
    data = pd.concat(
        [
            complete_treated.assign(cohort=intervention.first_year),
            _complete_series(controls).assign(cohort=0),
        ],
        ignore_index=True,
    )
    panel = Panel(data)
    label = f"Indsats {intervention.intervention_id}, {ids['indicator_id']}: "
    try:
        result = callaway_santanna(panel, "never")
        baseline = twfe_baseline(panel)
    except BosocError as error:
        warnings.append(label + f"difference-in-differences ikke mulig ({error.message}).")
        return evaluation_frame(rows, {**ids, "method": "did"})
    warnings += [label + w for w in result.warnings + baseline.warnings]
    single = intervention.areas[0] if len(intervention.areas) == 1 else None
    rows += [{**r, "area_id": single} for r in result.rows + baseline.rows]
    return evaluation_frame(rows, {**ids, "method": "did"})


def _synth(
    intervention: Intervention,
    treated: pd.DataFrame,
    controls: pd.DataFrame,
    ids: dict[str, Any],
    warnings: list[str],
) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    donors = _complete_series(controls)
    for area in intervention.areas:
        series = _complete_series(treated[treated["unit"] == area])
        if series.empty:
            rows.append({"area_id": area, "estimand": "att_post", "suppressed": True})
            continue
        panel = Panel(pd.concat([series, donors], ignore_index=True).assign(cohort=0))
        label = f"Indsats {intervention.intervention_id}, {area}, {ids['indicator_id']}: "
        try:
            result = synthetic_control(panel, area, intervention.first_year)
        except BosocError as error:
            warnings.append(label + f"syntetisk kontrol ikke mulig ({error.message}).")
            continue
        warnings += [label + w for w in result.warnings]
        rows += [{**r, "area_id": area} for r in result.rows]
    return evaluation_frame(rows, {**ids, "method": "synth"})


def _decompose(
    con: duckdb.DuckDBPyConnection,
    catalogue: Catalogue,
    request: EvaluateRequest,
    results: pd.DataFrame,
    everything: list[Intervention],
    chosen: list[Intervention],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The decomposition for the requested pairs, and for the flows (consecutive years).

    Both come from one query per indicator (`decompose`); the flows are only computed
    with the default pairs (not for one `--years` pair).
    """
    periods = sorted(int(p) for p in results["period"].unique())
    if not periods:
        return evaluation_frame([]), evaluation_frame([])
    if request.years is not None:
        before, after = request.years
        if before not in periods or after not in periods or before >= after:
            raise BosocError(
                f"--years {before}-{after}: both must be computed years, the first before "
                "the second",
                hint=f"the indicators are computed for {periods[0]}-{periods[-1]}",
            )
        pairs = [Pair(before, after)]
    else:
        pairs = default_pairs(periods[-1], periods[0], chosen)
    flow_pairs = consecutive_pairs(periods) if request.years is None else []
    wanted = request.indicators or None
    both = decompose(con, catalogue, [*pairs, *flow_pairs], wanted)
    key = list(zip(both["base_period"], both["period"], strict=True))
    asked = {(p.before, p.after) for p in pairs}
    in_pairs = pd.Series([k in asked for k in key], index=both.index)
    in_flows = pd.Series([k in set((p.before, p.after) for p in flow_pairs) for k in key],
                         index=both.index)  # fmt: skip
    table = _mark_interventions(both[in_pairs].reset_index(drop=True), everything)
    return table, both[in_flows].reset_index(drop=True)


def _protect(
    table: pd.DataFrame, catalogue: Catalogue, results: pd.DataFrame, k: int
) -> pd.DataFrame:
    units = {d.id: d.unit.value for d in catalogue}
    hidden = results[results["suppressed"].fillna(True).astype(bool)]
    periods = hidden["period"].astype(int)
    cells = set(zip(hidden["indicator_id"], hidden["area_id"], periods, strict=True))
    return protect_decomposition(table, k=k, units=units, suppressed_cells=cells)


def _mark_interventions(table: pd.DataFrame, interventions: list[Intervention]) -> pd.DataFrame:
    """A decomposition from an intervention's first year, in one of its areas, is its own."""
    if table.empty:
        return table
    table = table.copy()
    for i in interventions:
        mine = table["area_id"].isin(i.areas) & (table["base_period"] == i.first_year)
        table.loc[mine, "intervention_id"] = i.intervention_id
    return table
