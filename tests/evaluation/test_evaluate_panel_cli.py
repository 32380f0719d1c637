"""`bosoc evaluate-panel` as INTERFACE.md describes it: columns, arguments, exit codes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from bosocdata.cli.main import app
from bosocdata.errors import BosocError
from contract import evaluation_table_columns

DATA = Path(__file__).resolve().parents[1] / "data" / "evaluation"

# docs/reference/tables.md, "The evaluation table", in its order
CONTRACT_COLUMNS = evaluation_table_columns()


def test_did_on_mpdta_writes_the_evaluation_table(tmp_path: Path) -> None:
    out = tmp_path / "did.csv"
    args = ["evaluate-panel", str(DATA / "mpdta.csv"), "--unit", "countyreal", "--time", "year"]
    args += ["--outcome", "lemp", "--method", "did", "--cohort", "first.treat", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    # cohort 2004 has one pre-period: a warning worth reading, exit code 1
    assert result.exit_code == 1, result.output
    table = pd.read_csv(out)
    assert list(table.columns[: len(CONTRACT_COLUMNS)]) == CONTRACT_COLUMNS
    att = table[(table["estimand"] == "att_gt") & (table["group"] == 2004)]
    assert round(float(att.loc[att["period"] == 2006, "estimate"].iloc[0]), 4) == -0.1373
    assert set(table["method"]) == {"did"}
    assert set(table["indicator_id"]) == {"lemp"}
    assert table["intervention_id"].isna().all()


def test_synth_with_treated_and_start(tmp_path: Path) -> None:
    out = tmp_path / "synth.csv"
    args = ["evaluate-panel", str(DATA / "smoking_adh2010.csv"), "--unit", "state"]
    args += ["--time", "year", "--outcome", "cigsale", "--method", "synth"]
    args += ["--treated", "California", "--start", "1989", "--no-placebo", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, (result.output, repr(result.exception))
    table = pd.read_csv(out)
    weights = table[table["estimand"] == "weight"]
    assert len(weights) == 38  # one row per donor state
    assert set(table["area_id"]) == {"California"}
    assert len(table[table["estimand"] == "gap"]) == 31  # 1970-2000


def test_neither_treated_nor_cohort_is_refused_with_exit_2(tmp_path: Path) -> None:
    args = ["evaluate-panel", str(DATA / "mpdta.csv"), "--unit", "countyreal", "--time", "year"]
    args += ["--outcome", "lemp", "--method", "did"]
    result = CliRunner().invoke(app, args)
    # a BosocError: `bosoc` prints its one line and exits with code 2 (cli.main.run)
    assert isinstance(result.exception, BosocError)
    assert result.exception.exit_code == 2


def test_an_unknown_column_names_the_column(tmp_path: Path) -> None:
    args = ["evaluate-panel", str(DATA / "mpdta.csv"), "--unit", "county", "--time", "year"]
    args += ["--outcome", "lemp", "--method", "did", "--cohort", "first.treat"]
    result = CliRunner().invoke(app, args)
    # a BosocError: `bosoc` prints its one line and exits with code 2 (cli.main.run)
    assert isinstance(result.exception, BosocError)
    assert result.exception.exit_code == 2
    assert "county" in str(result.exception)


def test_a_predictor_window_after_the_start_is_refused(tmp_path: Path) -> None:
    # matching on outcomes after the start would fit the effect away
    for window in ("cigsale:1985-1995", "cigsale:1989", "lnincome:1980-1990"):
        args = ["evaluate-panel", str(DATA / "smoking_adh2010.csv"), "--unit", "state"]
        args += ["--time", "year", "--outcome", "cigsale", "--method", "synth"]
        args += ["--treated", "California", "--start", "1989", "--no-placebo"]
        args += ["--predictor", window, "--out", str(tmp_path / "synth.csv")]
        result = CliRunner().invoke(app, args)
        assert isinstance(result.exception, BosocError), window
        assert result.exception.exit_code == 2
        assert "before" in str(result.exception) and "1989" in str(result.exception)
        assert not (tmp_path / "synth.csv").exists()
