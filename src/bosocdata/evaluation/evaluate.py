"""`bosoc evaluate`: the interventions of the store, evaluated on the stored indicators.

- `did`: per intervention and target indicator, Callaway & Sant'Anna on the area-year
  panel. Treated: the intervention's areas, cohort = the first year it is in force on
  1 January. Controls: the areas under no intervention at all (areas under another
  intervention are left out of the panel).
- `synth`: per intervention, area and target indicator, a synthetic control from the
  same control areas, fitted on the pre-period outcome.
- `decompose`: every person indicator (or those of `--indicator`: an indicator of
  places, households or a criterion ratio has no population of residents to split, and
  is refused with `--method decompose`, left out with a note with `all`), every area,
  for the pairs of periods of `default_pairs` (or the one `--years` pair).

The warnings are per zone: those of the published zone are said of the published
estimates (a p-value of the secure zone is not warned of when no published estimate
shows it).

For the published zone the area panels are the published values (a suppressed cell is
missing; such an area is left out as a control, and a treated area with one is not
estimated), and the decomposition goes through `protect.protect_decomposition`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
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
from bosocdata.evaluation.persons_sql import is_person_indicator
from bosocdata.evaluation.protect import protect_decomposition
from bosocdata.evaluation.stored import Scope
from bosocdata.evaluation.synth import synthetic_control
from bosocdata.evaluation.table import evaluation_frame
from bosocdata.evaluation.twfe import twfe_baseline
from bosocdata.indicators.catalogue import Catalogue

METHODS = ("did", "synth", "decompose")
ZONES = ("secure", "published")


@dataclass
class EvaluateRequest:
    intervention_id: str | None = None
    indicators: list[str] = field(default_factory=list)
    method: str = "all"
    years: tuple[int, int] | None = None
    k: int = 5


@dataclass
class Evaluation:
    """The secure table (every number) and the published one (disclosure-controlled),
    each with the warnings that hold for it, and what was recomputed (`scope`)."""

    secure: pd.DataFrame
    published: pd.DataFrame
    secure_warnings: list[str] = field(default_factory=list)
    published_warnings: list[str] = field(default_factory=list)
    flows_secure: pd.DataFrame = field(default_factory=pd.DataFrame)
    flows_published: pd.DataFrame = field(default_factory=pd.DataFrame)
    scope: Scope = field(default_factory=Scope)

    def table(self, zone: str) -> pd.DataFrame:
        return self.published if zone == "published" else self.secure

    def warnings(self, zone: str) -> list[str]:
        return self.published_warnings if zone == "published" else self.secure_warnings


#: Per zone, the estimated tables and the warnings said of them.
Parts = dict[str, tuple[list[pd.DataFrame], list[str]]]


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
    notes: list[str] = []  # said of both zones
    decomposed = _decomposed(catalogue, request, notes) if "decompose" in methods else []
    results = {zone: read_results(con, zone) for zone in ZONES}
    everything = read_interventions(con)
    chosen = choose(everything, request.intervention_id)
    # a bad --years is refused before the work
    pairs = _pairs(results["secure"], request, chosen) if decomposed != [] else ([], [])
    parts: Parts = {zone: ([], list(notes)) for zone in ZONES}
    scope = Scope(interventions={i.intervention_id for i in everything})
    estimated = tuple(m for m in methods if m in ("did", "synth"))
    if estimated:
        _check_register(chosen, request, parts)
        treated_anywhere = {a for i in everything for a in i.areas}
        for intervention in chosen:
            _estimate_one(
                intervention, request, catalogue, results, treated_anywhere, estimated, parts, scope
            )
    flows = (evaluation_frame([]), evaluation_frame([]))
    if decomposed != []:
        scope.indicators = None if decomposed is None else set(decomposed)
        scope.pairs = {(p.before, p.after) for p in pairs[0]}
        scope.flow_years = {p.after for p in pairs[1]}
        table, flow_rows = _decompose(con, catalogue, decomposed, *pairs, everything)
        parts["secure"][0].append(table)
        parts["published"][0].append(_protect(table, catalogue, results["published"], request.k))
        flows = (flow_rows, _protect(flow_rows, catalogue, results["published"], request.k))
    return Evaluation(
        _concat(parts["secure"][0]),
        _concat(parts["published"][0]),
        parts["secure"][1],
        parts["published"][1],
        flows_table(flows[0]),
        flows_table(flows[1]),
        scope,
    )


def _estimate_one(
    intervention: Intervention,
    request: EvaluateRequest,
    catalogue: Catalogue,
    results: dict[str, pd.DataFrame],
    treated_anywhere: set[str],
    methods: tuple[str, ...],
    parts: Parts,
    scope: Scope,
) -> None:
    """did and/or synth of one intervention's indicators, added to `parts` and `scope`."""
    said: list[str] = []
    indicators = _indicators(intervention, request, catalogue, said)
    for _, warnings in parts.values():
        warnings.extend(said)
    for indicator in indicators:
        scope.triples |= {(intervention.intervention_id, m, indicator) for m in methods}
        block = _estimate(intervention, indicator, results, treated_anywhere, methods)
        for zone, (frames, warnings) in block.items():
            parts[zone][0].extend(frames)
            parts[zone][1].extend(warnings)


def _check_register(chosen: list[Intervention], request: EvaluateRequest, parts: Parts) -> None:
    """did and synth need interventions: refused without, or skipped with a note (all)."""
    if chosen:
        return
    if request.method in ("did", "synth"):
        raise BosocError(
            "no interventions to evaluate: the interventions register was not delivered",
            hint="deliver interventions.csv (docs/reference/registers.md) and ingest again",
        )
    for _, warnings in parts.values():
        warnings.append(
            "Ingen indsatser i registeret interventions: did og synth springes over "
            "(no interventions delivered)."
        )


def _decomposed(
    catalogue: Catalogue, request: EvaluateRequest, notes: list[str]
) -> list[str] | None:
    """The indicators to decompose (None: every person-level one).

    The decomposition splits a population of residents; an `--indicator` of places,
    households or a criterion ratio has none. It is refused with `--method decompose`
    and, with `all`, left out of the decomposition with a note.
    """
    if not request.indicators:
        return None
    persons = [d.id for d in catalogue if is_person_indicator(d)]
    others = [i for i in request.indicators if i not in persons]
    if others and request.method == "decompose":
        raise BosocError(
            f"--indicator {', '.join(others)}: the stayers/movers decomposition needs a "
            "person-level indicator (a rate or mean over residents)",
            hint=f"the person-level indicators: {', '.join(persons)}",
        )
    notes += [
        f"{other} er ikke en personindikator og indgår ikke i dekompositionen "
        "(not a person-level indicator: left out of the decomposition)."
        for other in others
    ]
    return [i for i in request.indicators if i in persons]


def _estimate(
    intervention: Intervention,
    indicator: str,
    results: dict[str, pd.DataFrame],
    treated_anywhere: set[str],
    methods: tuple[str, ...],
) -> Parts:
    """did and/or synth of one intervention and indicator, per zone with its warnings;
    the published zone's are the secure zone's where its panel is the same."""
    ids = {"intervention_id": intervention.intervention_id, "indicator_id": indicator}
    panels = {zone: area_panel(frame, indicator) for zone, frame in results.items()}
    out: Parts = {}
    for zone in ZONES:
        if zone == "published" and panels["published"].equals(panels["secure"]):
            out[zone] = out["secure"]
            continue
        panel = panels[zone]
        controls = panel[~panel["unit"].isin(treated_anywhere)]
        treated = panel[panel["unit"].isin(intervention.areas)]
        frames: list[pd.DataFrame] = []
        warnings: list[str] = []
        if "did" in methods:
            frames.append(_did(intervention, treated, controls, ids, warnings))
        if "synth" in methods:
            frames.append(_synth(intervention, treated, controls, ids, warnings))
        out[zone] = (frames, warnings)
    return out


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


def _pairs(
    results: pd.DataFrame, request: EvaluateRequest, chosen: list[Intervention]
) -> tuple[list[Pair], list[Pair]]:
    """The pairs of periods of the decomposition, and those of the flows (consecutive
    years; only with the default pairs, not for one `--years` pair)."""
    periods = sorted(int(p) for p in results["period"].unique())
    if not periods:
        return [], []
    if request.years is None:
        return default_pairs(periods[-1], periods[0], chosen), consecutive_pairs(periods)
    before, after = request.years
    if before not in periods or after not in periods or before >= after:
        raise BosocError(
            f"--years {before}-{after}: both must be computed years, the first before the second",
            hint=f"the indicators are computed for {periods[0]}-{periods[-1]}",
        )
    return [Pair(before, after)], []


def _decompose(
    con: duckdb.DuckDBPyConnection,
    catalogue: Catalogue,
    indicators: list[str] | None,
    pairs: list[Pair],
    flow_pairs: list[Pair],
    everything: list[Intervention],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The decomposition for the pairs, and for the flows: one query per indicator."""
    if not pairs and not flow_pairs:
        return evaluation_frame([]), evaluation_frame([])
    both = decompose(con, catalogue, [*pairs, *flow_pairs], indicators)
    key = list(zip(both["base_period"], both["period"], strict=True))
    asked = {(p.before, p.after) for p in pairs}
    flowing = {(p.before, p.after) for p in flow_pairs}
    in_pairs = np.array([k in asked for k in key], dtype=bool)
    in_flows = np.array([k in flowing for k in key], dtype=bool)
    table = _mark_interventions(both.loc[in_pairs].reset_index(drop=True), everything)
    return table, both.loc[in_flows].reset_index(drop=True)


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
