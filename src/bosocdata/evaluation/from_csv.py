"""`bosoc evaluate-panel`: the estimators on any unit-time panel from a CSV file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bosocdata.errors import BosocError
from bosocdata.evaluation.did import Control, callaway_santanna
from bosocdata.evaluation.panel import Panel, make_panel
from bosocdata.evaluation.synth import Optimizer, Predictor, synthetic_control
from bosocdata.evaluation.table import evaluation_frame
from bosocdata.evaluation.twfe import twfe_baseline


@dataclass
class PanelRequest:
    csv: Path
    unit: str
    time: str
    outcome: str
    method: str
    treated: str | None = None
    start: int | None = None
    cohort: str | None = None
    predictors: list[str] = field(default_factory=list)
    control: Control = "never"
    placebo: bool = True
    optimizer: Optimizer = "global"


@dataclass
class PanelEvaluation:
    table: pd.DataFrame
    warnings: list[str]


def read_panel_csv(path: Path) -> pd.DataFrame:
    """A CSV with `,` or `;` as delimiter (detected), UTF-8 with or without BOM."""
    if not path.is_file():
        raise BosocError(f"{path}: no such file", hint="give the path of the panel CSV")
    try:
        return pd.read_csv(path, sep=None, engine="python", encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise BosocError(f"{path}: cannot be read as CSV ({first})", hint="UTF-8 CSV") from None


def evaluate_panel(request: PanelRequest) -> PanelEvaluation:
    """The evaluation table of one panel (intervention_id empty, indicator = outcome)."""
    if (request.treated is None) == (request.cohort is None):
        raise BosocError(
            "give either --treated UNIT with --start T, or --cohort COL",
            hint="--cohort names the column with each unit's first treated period",
        )
    if request.treated is not None and request.start is None:
        raise BosocError("--treated needs --start T (the first treated period)")
    frame = read_panel_csv(request.csv)
    predictors = [Predictor.parse(p) for p in request.predictors]
    if predictors and request.method != "synth":
        raise BosocError("--predictor applies to --method synth only")
    keep = tuple(sorted({p.column for p in predictors} - {request.outcome}))
    panel = make_panel(
        frame,
        unit=request.unit,
        time=request.time,
        outcome=request.outcome,
        cohort=request.cohort,
        keep=keep,
    )
    if request.treated is not None:
        if request.treated not in set(panel.data["unit"]):
            raise BosocError(
                f"--treated {request.treated}: no such unit in column {request.unit}",
                hint="give a value of the unit column exactly as written",
            )
        panel.data["cohort"] = (panel.data["unit"] == request.treated) * int(request.start or 0)
    base = {"indicator_id": request.outcome}
    if request.method == "did":
        result = callaway_santanna(panel, request.control)
        baseline = twfe_baseline(panel)
        rows = [{**r, "method": "did"} for r in result.rows + baseline.rows]
        return PanelEvaluation(evaluation_frame(rows, base), result.warnings + baseline.warnings)
    if request.method == "synth":
        treated, start = _single_treated(panel, request)
        synth = synthetic_control(
            panel,
            treated,
            start,
            predictors=predictors,
            placebo=request.placebo,
            optimizer=request.optimizer,
        )
        rows = [{**r, "method": "synth", "area_id": treated} for r in synth.rows]
        return PanelEvaluation(evaluation_frame(rows, base), synth.warnings)
    raise BosocError(f"unknown --method {request.method}", hint="use did or synth")


def _single_treated(panel: Panel, request: PanelRequest) -> tuple[str, int]:
    if request.treated is not None and request.start is not None:
        return request.treated, int(request.start)
    data = panel.data
    treated = data.loc[data["cohort"] > 0, ["unit", "cohort"]].drop_duplicates()
    if len(treated) != 1:
        raise BosocError(
            f"synthetic control needs exactly one treated unit, the cohort column has "
            f"{len(treated)}",
            hint="use --treated UNIT --start T, or --method did for several",
        )
    return str(treated["unit"].iloc[0]), int(treated["cohort"].iloc[0])
