"""`bosoc criteria IN_CSV [--out OUT_CSV]`: Danish CSV in, classified CSV out, exit codes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from bosocdata.assessment.criteria import classify_csv, read_criteria_csv
from bosocdata.cli import criteria_cmd
from bosocdata.errors import BosocError
from contract import criteria_input_columns

COLUMNS = tuple(criteria_input_columns())  # read from docs/reference/tables.md
HEADER = ";".join(COLUMNS)
# Two list years of one area that meets nothing, then an udsat one: no warnings.
CLEAN = f"""{HEADER}
Nordparken;2021;1.200;20,0;1,0;40,0;80,0;20,0
Nordparken;2022;1.200;20,0;1,0;40,0;80,0;20,0
Sydparken;2022;1.000;40,1;1,0;40,0;54,9;20,0
"""
# domme_ratio left blank where it decides udsat or none: a warning, exit code 1.
BLANK = f"""{HEADER}
Sydparken;2022;1.000;40,1;;40,0;80,0;20,0
"""


def write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------- reading


def test_semicolons_decimal_commas_and_thousands_dots_are_read_as_danish(tmp_path: Path) -> None:
    areas, dialect = read_criteria_csv(write(tmp_path, CLEAN))
    assert (dialect.delimiter, dialect.decimal) == (";", ",")
    assert list(areas["population"]) == [1200, 1200, 1000]
    assert areas.loc[2, "uden_tilknytning_pct"] == pytest.approx(40.1)
    assert areas.loc[2, "indkomst_pct"] == pytest.approx(54.9)


def test_comma_separated_files_with_decimal_points_and_a_bom(tmp_path: Path) -> None:
    text = "\ufeff" + ",".join([*COLUMNS, "note"]) + "\nX,2022,1000,40.1,1,40,54.9,20,hello\n"
    out = tmp_path / "out.csv"
    result = classify_csv(write(tmp_path, text), out, warnings_to=io.StringIO())
    written = pd.read_csv(out, dtype=str)
    assert written.loc[0, "category"] == "udsat"
    assert written.loc[0, "note"] == "hello"  # extra columns are repeated
    assert written.loc[0, "uden_tilknytning_pct"] == "40.1"
    assert not result.has_warnings


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "A;2022;1000;abc;1;40;80;20",
            "line 3, column `uden_tilknytning_pct`: 'abc' is not a number",
        ),
        ("A;2022;1000;20;1;140;80;20", "line 3, column `grundskole_pct`: '140' is above 100 %"),
        (
            "A;2022;1000,5;20;1;40;80;20",
            "line 3, column `population`: '1000,5' is not a whole number",
        ),
        ("A;2022;1000;20;-1;40;80;20", "line 3, column `domme_ratio`: '-1' is negative"),
        (";2022;1000;20;1;40;80;20", "line 3, column `area_id`: empty"),
        ("B;2022;1000;20;1;40;80;20", "lines 2 and 3: area B has two rows for year 2022"),
    ],
)
def test_a_bad_value_names_line_and_column(tmp_path: Path, row: str, message: str) -> None:
    path = write(tmp_path, f"{HEADER}\nB;2022;1000;20;1;40;80;20\n{row}\n")
    with pytest.raises(BosocError) as caught:
        read_criteria_csv(path)
    assert f"in.csv: {message}" in str(caught.value)


def test_a_decimal_comma_in_a_comma_separated_file_is_refused(tmp_path: Path) -> None:
    text = HEADER.replace(";", ",") + '\nA,2022,1000,"40,1",1,40,80,20\n'
    with pytest.raises(
        BosocError, match="line 2, column `uden_tilknytning_pct`: '40,1' has a comma"
    ):
        read_criteria_csv(write(tmp_path, text))


def test_a_missing_column_is_named_with_a_suggestion(tmp_path: Path) -> None:
    text = HEADER.replace("grundskole_pct", "grundskole") + "\nA;2022;1000;20;1;40;80;20\n"
    with pytest.raises(BosocError) as caught:
        read_criteria_csv(write(tmp_path, text))
    assert "column `grundskole_pct` is missing" in str(caught.value)
    assert caught.value.hint == "did you mean `grundskole`?"


# ------------------------------------------------------------------------- writing


def test_the_output_keeps_the_danish_dialect_and_adds_the_columns(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    classify_csv(write(tmp_path, CLEAN), out, warnings_to=io.StringIO())
    lines = out.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    assert header[:8] == HEADER.split(";")
    for column in ("crit_uden_tilknytning", "crit_forebyg_indkomst", "dist_population", "category"):
        assert column in header
    sydparken = dict(zip(header, lines[3].split(";"), strict=True))
    assert sydparken["uden_tilknytning_pct"] == "40,1"
    assert sydparken["category"] == "udsat"
    assert sydparken["crit_domme"] == "0"
    assert sydparken["dist_uden_tilknytning"] == "1"  # 401 of 1,000 -> 400


def test_without_out_the_csv_goes_to_stdout_and_warnings_elsewhere(tmp_path: Path) -> None:
    warnings = io.StringIO()
    result = classify_csv(write(tmp_path, BLANK), None, warnings_to=warnings)
    assert result.text().splitlines()[0].startswith(HEADER + ";")
    assert "Advarsel" not in result.text()
    assert "Advarsel: area Sydparken, year 2022: no value for domme_ratio" in warnings.getvalue()


def test_a_blank_that_cannot_change_the_category_is_not_warned_about(tmp_path: Path) -> None:
    # Vestparken is udsat on 2 criteria whatever domme_ratio is (ikke_vestlige 20 % keeps
    # it from parallelsamfund); Lilleparken has 999 residents: nothing can place it.
    text = f"""{HEADER}
Vestparken;2022;1.000;40,1;;40,0;54,9;20,0
Lilleparken;2022;999;60,0;;70,0;40,0;80,0
"""
    warnings = io.StringIO()
    result = classify_csv(write(tmp_path, text), None, warnings_to=warnings)
    assert list(result.table["category"]) == ["udsat", "none"]
    assert warnings.getvalue() == ""


def test_with_out_the_text_is_a_readable_table(tmp_path: Path) -> None:
    result = classify_csv(write(tmp_path, CLEAN), tmp_path / "out.csv", warnings_to=io.StringIO())
    lines = result.text().splitlines()
    assert lines[0].split() == ["area_id", "year", "population", "category", "criteria", "met"]
    assert lines[3].split() == [
        "Sydparken",
        "2022",
        "1000",
        "udsat",
        "uden_tilknytning,",
        "indkomst",
    ]
    assert "3 rows written to" in lines[-1]


# ----------------------------------------------------------------- the command line


def app_with_criteria() -> typer.Typer:
    app = typer.Typer()
    app.callback()(lambda: None)
    criteria_cmd.register(app)
    return app


def test_cli_exit_0_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        app_with_criteria(), ["criteria", str(write(tmp_path, CLEAN)), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.exists()
    assert "udsat" in result.stdout


def test_cli_exit_1_with_warnings_on_stderr(tmp_path: Path) -> None:
    result = CliRunner().invoke(app_with_criteria(), ["criteria", str(write(tmp_path, BLANK))])
    assert result.exit_code == 1
    assert result.stdout.startswith(HEADER + ";")  # stdout stays a clean CSV
    assert "no value for domme_ratio" in result.stderr


def run_bosoc(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bosocdata", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "BOSOC_HOME": str(cwd / "home")},
        timeout=120,
        check=False,
    )


def test_python_m_bosocdata_criteria_exit_0(tmp_path: Path) -> None:
    write(tmp_path, CLEAN)
    done = run_bosoc("criteria", "in.csv", "--out", "out.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert pd.read_csv(tmp_path / "out.csv", sep=";", dtype=str)["category"].tolist() == [
        "none",
        "none",
        "udsat",
    ]


def test_python_m_bosocdata_criteria_exit_2_for_a_bad_file(tmp_path: Path) -> None:
    write(tmp_path, f"{HEADER}\nA;2022;1000;abc;1;40;80;20\n")
    done = run_bosoc("criteria", "in.csv", "--out", "out.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert "line 2, column `uden_tilknytning_pct`" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.csv").exists()


def test_python_m_bosocdata_criteria_exit_1_with_warnings(tmp_path: Path) -> None:
    write(tmp_path, BLANK)
    done = run_bosoc("criteria", "in.csv", "--out", "out.csv", cwd=tmp_path)
    assert "no value for domme_ratio" in done.stderr
    assert done.returncode == 1
