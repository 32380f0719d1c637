"""`bosoc audit-disclosure` audits the population table too, where the zone has one."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from test_audit import SECURE
from test_disclosure_population import population
from typer.testing import CliRunner

from bosocdata.cli.audit_disclosure_cmd import run_audits
from bosocdata.cli.main import app
from bosocdata.disclosure.control import apply_disclosure_control
from bosocdata.disclosure.population import protect_population
from bosocdata.settings import Paths

# 12 counts per area (0-5 M, 0-5 F, 6-17 M, ..., 65+ F); A has 2 men of 65+.
ROWS = {
    "A": [10, 12, 30, 28, 20, 22, 25, 27, 15, 14, 2, 9],
    "B": [11, 13, 31, 29, 21, 23, 26, 28, 16, 15, 8, 10],
    "__rest__": [100, 110, 300, 280, 200, 220, 250, 270, 150, 140, 80, 90],
}


def zone(home: Path, population_table: pd.DataFrame | None) -> Paths:
    paths = Paths(home)
    paths.published.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(paths.published))
    con.register("indicators", apply_disclosure_control(SECURE, k=5))
    con.execute("CREATE TABLE indicator_table AS SELECT * FROM indicators")
    if population_table is not None:
        con.register("pop", population_table)
        con.execute("CREATE TABLE population AS SELECT * FROM pop")
    con.close()
    return paths


def published_as_is(table: pd.DataFrame) -> pd.DataFrame:
    """The population table with nothing suppressed, as a careless publisher would."""
    return table.assign(suppressed=False)[
        ["area_id", "period", "age_band", "sex", "residents", "suppressed"]
    ]


def test_a_population_table_showing_a_count_under_k_fails_the_audit(tmp_path: Path) -> None:
    passed, texts = run_audits(zone(tmp_path, published_as_is(population(ROWS))), k=5)
    assert not passed
    assert "PASSED" in texts[0]  # the indicator table is fine
    assert "population" in texts[1] and "FAILED" in texts[1]


def test_a_protected_population_table_passes(tmp_path: Path) -> None:
    protected = protect_population(population(ROWS), k=5)
    passed, texts = run_audits(zone(tmp_path, protected), k=5)
    assert passed, "\n".join(texts)
    assert len(texts) == 3 and texts[-1] == "Disclosure audit PASSED: no findings"


def test_a_zone_without_a_population_table_audits_the_indicator_table(tmp_path: Path) -> None:
    passed, texts = run_audits(zone(tmp_path, None), k=5)
    assert passed and len(texts) == 2


def _listed(output: str) -> int:
    """The findings the report lists, counted by their lines."""
    marks = ("  narrow: ", "  problem: ", "  indicator table: ")
    return sum(line.startswith(marks) for line in output.splitlines())


def test_the_exit_code_and_the_summary_agree_with_the_findings_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    failing = zone(tmp_path / "failing", published_as_is(population(ROWS)))
    monkeypatch.setenv("BOSOC_HOME", str(failing.home))
    result = runner.invoke(app, ["audit-disclosure", "--k", "5"])
    listed = _listed(result.output)
    assert listed > 0
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith(f"Disclosure audit FAILED: {listed} finding")

    clean = zone(tmp_path / "clean", protect_population(population(ROWS), k=5))
    monkeypatch.setenv("BOSOC_HOME", str(clean.home))
    result = runner.invoke(app, ["audit-disclosure", "--k", "5"])
    assert _listed(result.output) == 0
    assert result.exit_code == 0
    assert result.output.strip().splitlines()[-1] == "Disclosure audit PASSED: no findings"
