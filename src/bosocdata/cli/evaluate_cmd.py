"""`bosoc evaluate` and `bosoc evaluate-panel` (INTERFACE.md)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from bosocdata.errors import BosocError
from bosocdata.formulas import neutralise_frame


class PanelMethod(StrEnum):
    synth = "synth"
    did = "did"


class SynthOptimizer(StrEnum):
    global_ = "global"
    classic = "classic"


class EvaluateMethod(StrEnum):
    did = "did"
    synth = "synth"
    decompose = "decompose"
    all = "all"


class Zone(StrEnum):
    published = "published"
    secure = "secure"


class ControlGroup(StrEnum):
    never = "never"
    notyet = "notyet"


def register(app: typer.Typer) -> None:
    @app.command("evaluate")
    def evaluate(
        intervention_id: str | None = typer.Argument(
            None, help="One intervention of the interventions register (default: all)."
        ),
        indicator: list[str] = typer.Option(
            [], "--indicator", help="Evaluate this indicator (repeatable; default: the targets)."
        ),
        method: EvaluateMethod = typer.Option(
            EvaluateMethod.all, "--method", help="did, synth, decompose or all."
        ),
        years: str | None = typer.Option(
            None, "--years", help="Y0-Y1: the pair of periods of the decomposition."
        ),
        zone: Zone = typer.Option(Zone.published, "--zone", help="published or secure."),
        out: Path | None = typer.Option(
            None, "--out", help="Also write the table here (.csv, .xlsx, .parquet)."
        ),
    ) -> None:
        """Evaluate the interventions: difference-in-differences, synthetic control and
        the stayers/movers decomposition."""
        from bosocdata.cli.evaluate_run import run_evaluate
        from bosocdata.cli.options import parse_years

        warnings = run_evaluate(
            intervention_id=intervention_id,
            indicators=list(indicator),
            method=method.value,
            years=parse_years(years) if years else None,
            zone=zone.value,
            out=out,
        )
        for warning in warnings:
            typer.echo(f"Advarsel: {warning}", err=True)
        if warnings:
            raise typer.Exit(1)

    @app.command("evaluate-panel")
    def evaluate_panel(
        panel_csv: Path = typer.Argument(..., help="One row per unit and time (CSV)."),
        unit: str = typer.Option(..., "--unit", help="The column naming the unit."),
        time: str = typer.Option(..., "--time", help="The column of the period (whole numbers)."),
        outcome: str = typer.Option(..., "--outcome", help="The outcome column."),
        method: PanelMethod = typer.Option(..., "--method", help="synth or did."),
        treated: str | None = typer.Option(None, "--treated", help="The one treated unit."),
        start: int | None = typer.Option(None, "--start", help="Its first treated period."),
        cohort: str | None = typer.Option(
            None, "--cohort", help="Column with each unit's first treated period (empty/0: never)."
        ),
        predictor: list[str] = typer.Option(
            [], "--predictor", help="COL or COL:FROM-TO, a synth predictor (repeatable)."
        ),
        control: ControlGroup = typer.Option(
            ControlGroup.never, "--control", help="did controls: never or notyet treated."
        ),
        optimizer: SynthOptimizer = typer.Option(
            SynthOptimizer.global_,
            "--optimizer",
            help="synth weights: global (mlsynth) or classic (R Synth's local search).",
        ),
        placebo: bool = typer.Option(
            True, "--placebo/--no-placebo", help="synth: placebo-in-space p-value."
        ),
        out: Path | None = typer.Option(None, "--out", help="Write the evaluation table here."),
    ) -> None:
        """Evaluate any panel with difference-in-differences or synthetic control."""
        from bosocdata.evaluation.from_csv import PanelRequest
        from bosocdata.evaluation.from_csv import evaluate_panel as run

        result = run(
            PanelRequest(
                csv=panel_csv,
                unit=unit,
                time=time,
                outcome=outcome,
                method=method.value,
                treated=treated,
                start=start,
                cohort=cohort,
                predictors=list(predictor),
                control="never" if control is ControlGroup.never else "notyet",
                placebo=placebo,
                optimizer="classic" if optimizer is SynthOptimizer.classic else "global",
            )
        )
        _write(result.table, out)
        for warning in result.warnings:
            typer.echo(f"Advarsel: {warning}", err=True)
        if result.warnings:
            raise typer.Exit(1)


def _write(table: object, out: Path | None) -> None:
    import pandas as pd

    assert isinstance(table, pd.DataFrame)
    if out is None:
        typer.echo(neutralise_frame(table).to_csv(index=False), nl=False)
        return
    if out.suffix.lower() != ".csv":
        raise BosocError(f"{out}: write the evaluation table as .csv", hint="--out result.csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    neutralise_frame(table).to_csv(tmp, index=False)
    tmp.replace(out)
    typer.echo(f"Skrev {len(table)} rækker til {out}", err=True)
