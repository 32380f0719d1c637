"""BOSOC_INDICATORS_DIR: every file an analyst saves there is read or reported, never
silently dropped, and a file saved in the wrong encoding is a definition problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from bosocdata.indicators import load_catalogue
from bosocdata.indicators.catalogue import builtin_dir, collect_problems
from bosocdata.indicators.loader import DefinitionError
from cli_run import run_in_process

BUILTIN_COUNT = 29


def own_definition(folder: Path, indicator_id: str, name: str, encoding: str = "utf-8") -> Path:
    """A copy of a built-in definition under a new id; its Danish name has an ø."""
    text = (builtin_dir() / "underretninger_boern_unge.yaml").read_text(encoding="utf-8")
    text = text.replace("id: underretninger_boern_unge", f"id: {indicator_id}")
    assert "name_da: Børn og unge" in text
    path = folder / name
    path.write_text(text, encoding=encoding)
    return path


def test_a_definition_saved_in_cp1252_is_a_problem_with_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = own_definition(tmp_path, "smaaboern", "smaaboern.yaml", encoding="cp1252")
    monkeypatch.setenv("BOSOC_INDICATORS_DIR", str(tmp_path))
    code, out, _ = run_in_process(["indicators", "validate"], monkeypatch, capsys)
    assert code == 2
    assert f"{path}:2: not UTF-8 text" in out  # `name_da: Børn ...` is line 2


def test_loading_a_catalogue_with_a_cp1252_file_refuses_it_as_a_definition_error(
    tmp_path: Path,
) -> None:
    own_definition(tmp_path, "smaaboern", "smaaboern.yaml", encoding="cp1252")
    with pytest.raises(DefinitionError) as caught:
        load_catalogue(tmp_path)
    assert caught.value.exit_code == 2
    assert "smaaboern.yaml:2: not UTF-8 text" in str(caught.value)


@pytest.mark.parametrize("name", ["smaaboern.yml", "smaaboern.YAML", "smaaboern.Yml"])
def test_yml_and_upper_case_suffixes_are_read(tmp_path: Path, name: str) -> None:
    own_definition(tmp_path, "smaaboern", name)
    catalogue = load_catalogue(tmp_path)
    assert "smaaboern" in catalogue
    assert len(catalogue) == BUILTIN_COUNT + 1


def test_one_id_in_two_files_of_the_folder_is_a_problem(tmp_path: Path) -> None:
    own_definition(tmp_path, "smaaboern", "smaaboern.yaml")
    second = own_definition(tmp_path, "smaaboern", "smaaboern.yml")
    problems = [str(p) for p in collect_problems(tmp_path)]
    assert problems == [
        f"{second}:1: `smaaboern` is defined twice in this folder, also in `smaaboern.yaml`"
    ]


def test_a_file_given_as_the_folder_is_called_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = own_definition(tmp_path, "smaaboern", "smaaboern.yaml")
    monkeypatch.setenv("BOSOC_INDICATORS_DIR", str(path))
    code, _, err = run_in_process(["indicators", "validate"], monkeypatch, capsys)
    assert code == 2
    assert f"indicator folder {path} is a file, not a folder" in err
    assert "does not exist" not in err
