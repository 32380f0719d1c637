"""Definition files: every problem reported at once with file:line, explain, sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlglot
from typer.testing import CliRunner

from bosocdata.indicators import load_catalogue
from bosocdata.indicators.catalogue import collect_problems
from bosocdata.indicators.cli import indicators_app
from bosocdata.indicators.compiler import compile_indicator, to_dialect
from bosocdata.indicators.loader import DefinitionError
from bosocdata.indicators.sentence import sentence_da

BROKEN = """\
id: broken_one
name_da: Brudt
name_en: Broken
description_da: x
description_en: x
theme: children_youth
unit: pct
direction: up_is_worse
registers: [notifcations]
source: test
population:
  where:
    - agee: {min: 0, max: 17}
numerator:
  where:
    - event_in_window: {register: notifications, where: {kinds: [a]}}
"""

ALSO_BROKEN = """\
id: also_broken
name_da: Også brudt
name_en: Also broken
description_da: x
description_en: x
theme: nowhere
unit: pct
direction: up_is_worse
registers: []
source: test
population: {}
numerator:
  where:
    - status_at: {register: labour_market, status_set: OUTSIDEE}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_reports_every_problem_in_every_file_with_line(tmp_path: Path) -> None:
    write(tmp_path, "broken_one.yaml", BROKEN)
    write(tmp_path, "also_broken.yaml", ALSO_BROKEN)
    problems = [str(p) for p in collect_problems(tmp_path)]
    text = "\n".join(problems)
    # unknown register on line 9, with a hint
    assert (
        f"{tmp_path / 'broken_one.yaml'}:9: unknown register `notifcations`; did you mean "
        "`notifications`?" in text
    )
    # unknown building block on line 13
    assert "broken_one.yaml:13: unknown building block `agee`; did you mean `age`?" in text
    # unknown column on line 16
    assert "broken_one.yaml:16: unknown column `kinds` of `notifications`" in text
    # the second file's problems in the same run
    assert "also_broken.yaml:6: theme:" in text
    assert "also_broken.yaml:14: unknown status set `OUTSIDEE`; did you mean `OUTSIDE`?" in text


def test_cli_validate_exits_2_and_prints_all(tmp_path: Path) -> None:
    write(tmp_path, "broken_one.yaml", BROKEN)
    result = CliRunner().invoke(indicators_app, ["validate", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.count("broken_one.yaml:") >= 3


def test_cli_validate_of_the_builtin_catalogue_is_clean() -> None:
    result = CliRunner().invoke(indicators_app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "29 definitions" in result.output


def test_invalid_extra_folder_refuses_the_catalogue(tmp_path: Path) -> None:
    write(tmp_path, "broken_one.yaml", BROKEN)
    with pytest.raises(DefinitionError) as caught:
        load_catalogue(tmp_path)
    assert "broken_one.yaml:" in str(caught.value)
    assert caught.value.hint is not None


def test_show_prints_a_danish_sentence() -> None:
    result = CliRunner().invoke(indicators_app, ["show", "voksne_uden_for_arbejdsmarkedet"])
    assert result.exit_code == 0
    assert "Andelen af beboere på 18-64 år, der på referencedatoen 1. januar" in result.output
    assert "kontanthjaelp" in result.output


def test_show_unknown_id_suggests_the_closest() -> None:
    from bosocdata.errors import BosocError

    with pytest.raises(BosocError, match="did you mean `domme`"):
        load_catalogue().get("dome")


def test_explain_names_the_blocks() -> None:
    result = CliRunner().invoke(indicators_app, ["explain", "underretninger_boern_unge"])
    assert result.exit_code == 0
    assert "-- block: age" in result.output
    assert "-- block: event_in_window" in result.output
    assert "GROUPING SETS" in result.output


@pytest.mark.parametrize("indicator", load_catalogue().ids())
def test_every_definition_compiles_to_sql_that_sqlglot_carries_to_spark(indicator: str) -> None:
    definition = load_catalogue().get(indicator)
    sql = compile_indicator(definition)
    sqlglot.parse_one(sql, read="duckdb")
    assert "SELECT" in to_dialect(sql, "spark")
    assert sentence_da(definition).endswith(".")
