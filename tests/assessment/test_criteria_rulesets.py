"""Rule sets are data: a new law version is a new file, a broken file is named exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from bosocdata.assessment.criteria import classify
from bosocdata.assessment.rulesets import BUILT_IN_DIR, RuleSetError, load_rule_sets

RULES_2018 = (BUILT_IN_DIR / "almenboligloven-2018.yaml").read_text(encoding="utf-8")
RULES_2021 = (BUILT_IN_DIR / "almenboligloven-2021.yaml").read_text(encoding="utf-8")
GHETTO: dict[str, Any] = {
    "area_id": "A",
    "population": 1500,
    "uden_tilknytning_pct": 45.0,
    "domme_ratio": 1.0,
    "grundskole_pct": 40.0,
    "indkomst_pct": 50.0,
    "ikke_vestlige_pct": 60.0,
}


def folder(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def frame(*years: int, **values: Any) -> pd.DataFrame:
    table = pd.DataFrame([{**GHETTO, "year": y, **values} for y in years])
    table["population"] = table["population"].astype("Int64")
    return table


def test_the_built_in_rule_sets_cover_every_list_year_from_2010() -> None:
    rule_sets = load_rule_sets()
    assert [(rs.list_years.first, rs.list_years.last) for rs in rule_sets] == [
        (2010, 2012),
        (2013, 2017),
        (2018, 2020),
        (2021, None),
    ]


def test_a_new_law_version_is_a_new_file(tmp_path: Path) -> None:
    closed_2021 = RULES_2021.replace(
        "list_years: {first: 2021}", "list_years: {first: 2021, last: 2029}"
    )
    rules_2030 = (
        RULES_2021.replace("id: almenboligloven-2021", "id: test-2030")
        .replace("list_years: {first: 2021}", "list_years: {first: 2030}")
        .replace("    threshold: 40\n", "    threshold: 35\n", 1)  # uden_tilknytning > 35
    )
    rule_sets = load_rule_sets([folder(tmp_path, a=RULES_2018, b=closed_2021, c=rules_2030)])
    table = classify(frame(2029, 2030, uden_tilknytning_pct=36.0), rule_sets).table
    assert list(table["crit_uden_tilknytning"]) == [0, 1]
    assert list(table["rule_set"]) == ["almenboligloven-2021", "test-2030"]


def test_operators_and_consecutive_years_come_from_the_file(tmp_path: Path) -> None:
    # the published 2018-2020 lists used 5 years for a hårdt ghettoområde: one edit
    five_years = RULES_2018.replace("consecutive: {years: 4,", "consecutive: {years: 5,")
    at_least_40 = five_years.replace(
        'operator: ">"\n    threshold: 40', 'operator: ">="\n    threshold: 40'
    )
    rule_sets = load_rule_sets([folder(tmp_path, a=at_least_40, b=RULES_2021)])
    table = classify(frame(2017, 2018, 2019, 2020, uden_tilknytning_pct=40.0), rule_sets).table
    assert list(table["crit_uden_tilknytning"]) == [1, 1, 1, 1]
    assert table.iloc[-1]["category"] == "ghettoomraade"  # 4 years are not 5


def test_a_bad_value_names_file_line_and_field(tmp_path: Path) -> None:
    broken = RULES_2018.replace("threshold: 60\n", "threshold: sixty\n", 1)
    line = broken.splitlines().index("    threshold: sixty") + 1
    with pytest.raises(RuleSetError) as caught:
        load_rule_sets([folder(tmp_path, broken=broken)])
    assert f"broken.yaml:{line}: criteria[3].threshold:" in str(caught.value)


def test_an_unknown_criterion_in_a_category_is_named(tmp_path: Path) -> None:
    broken = RULES_2018.replace("of: [uden_tilknytning, domme,", "of: [uden_tilknytning, dome,")
    with pytest.raises(RuleSetError, match=r"categories\[0\]\.at_least\.of\[1\]: `dome` is not"):
        load_rule_sets([folder(tmp_path, broken=broken)])


def test_an_unknown_field_and_an_impossible_count_are_named(tmp_path: Path) -> None:
    broken = RULES_2018.replace("at_least: {count: 2,", "at_least: {count: 5,").replace(
        "    rank: 2\n", "    rank: 2\n    rnak: 3\n"
    )
    with pytest.raises(RuleSetError) as caught:
        load_rule_sets([folder(tmp_path, broken=broken)])
    message = str(caught.value)
    assert "categories[0].at_least" in message and "count 5 is more than the 4" in message
    assert "categories[1].rnak" in message


def test_overlapping_list_years_are_refused(tmp_path: Path) -> None:
    overlapping = RULES_2021.replace("id: almenboligloven-2021", "id: other").replace(
        "list_years: {first: 2021}", "list_years: {first: 2020}"
    )
    with pytest.raises(RuleSetError, match="overlap"):
        load_rule_sets([folder(tmp_path, a=RULES_2018, b=overlapping)])


def test_a_consecutive_rule_must_name_a_known_category(tmp_path: Path) -> None:
    broken = RULES_2021.replace(
        "each_year_one_of: [parallelsamfund, ghettoomraade]",
        "each_year_one_of: [parallelsamfund, gheto]",
    )
    with pytest.raises(RuleSetError, match="`gheto` is a category of no rule set"):
        load_rule_sets([folder(tmp_path, a=RULES_2018, b=broken)])


def test_unknown_input_columns_are_refused_when_the_columns_are_known(tmp_path: Path) -> None:
    broken = RULES_2018.replace("column: grundskole_pct", "column: grundskole")
    with pytest.raises(RuleSetError, match=r"criteria\[3\]\.column: unknown input column"):
        load_rule_sets([folder(tmp_path, broken=broken)], known_columns={"population"})


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError, match=r"bad\.yaml:2: not valid YAML"):
        load_rule_sets([folder(tmp_path, bad="id: x\n  title: [unclosed\n")])
