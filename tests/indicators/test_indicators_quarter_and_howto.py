"""Quarterly periods, and the how-to: an analyst adds an indicator by copying a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from indicator_store import address, areas, compute_one, counts, lives, make_store, person, row

from bosocdata.indicators import compute_indicators, load_catalogue
from bosocdata.indicators.catalogue import builtin_dir


def _store_tables() -> dict[str, list[dict[str, object]]]:
    return {
        "persons": [person("c1", "2012-06-06"), person("c2", "2016-01-01")],
        "residences": [
            lives("c1", "A1", "2018-01-01", "2023-03-01"),  # moves A -> B in March
            lives("c1", "B1", "2023-03-01"),
            lives("c2", "B1", "2018-01-01"),
        ],
        "addresses": [address("A1", "A"), address("B1", "B")],
        "areas": areas("A", "B"),
        "notifications": [{"pid": "c1", "notification_date": "2023-06-01"}],
    }


def test_quarterly_periods_use_quarter_dates_and_windows() -> None:
    result = compute_one(_store_tables(), ["underretninger_boern_unge"], [2023], period="quarter")
    assert result.periods == [20231, 20232, 20233, 20234]
    # Q1 (R = 2023-01-01, W = Jan-Mar): c1 lives in A; the June notification is outside W.
    assert counts(result, "underretninger_boern_unge", "A", 20231) == (0, 1)
    # Q2 (R = 2023-04-01, W = Apr-Jun): c1 now in B with c2; the notification is in W.
    assert counts(result, "underretninger_boern_unge", "B", 20232) == (1, 2)
    assert counts(result, "underretninger_boern_unge", "A", 20232) == (0, 0)
    # Q3 (R = 2023-07-01): outside W again.
    assert counts(result, "underretninger_boern_unge", "B", 20233) == (0, 2)


def test_analyst_adds_an_indicator_by_copying_a_definition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worked example of docs/how-to/add-an-indicator.md, step by step.
    folder = tmp_path / "mine"
    folder.mkdir()
    text = (builtin_dir() / "underretninger_boern_unge.yaml").read_text(encoding="utf-8")
    text = (
        text.replace("id: underretninger_boern_unge", "id: underretninger_smaaboern")
        .replace("name_da: Børn og unge med underretninger", "name_da: Småbørn med underretninger")
        .replace("- age: {min: 0, max: 17}", "- age: {min: 0, max: 5}")
    )
    (folder / "underretninger_smaaboern.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("BOSOC_INDICATORS_DIR", str(folder))

    catalogue = load_catalogue()
    assert "underretninger_smaaboern" in catalogue
    assert len(catalogue) == 30
    result = compute_indicators(make_store(_store_tables()), catalogue, years=[2024])
    # R 2024: c1 (11) and c2 (8) live in B; no child is 0-5 -> 0 of 0. A has nobody.
    assert counts(result, "underretninger_smaaboern", "B", 2024) == (0, 0)
    assert counts(result, "underretninger_boern_unge", "B", 2024) == (0, 2)


def test_a_file_with_a_builtin_id_replaces_the_builtin(tmp_path: Path) -> None:
    text = (builtin_dir() / "boern_unge_under_18.yaml").read_text(encoding="utf-8")
    (tmp_path / "boern_unge_under_18.yaml").write_text(
        text.replace("- age: {min: 0, max: 17}", "- age: {min: 0, max: 9}"), encoding="utf-8"
    )
    catalogue = load_catalogue(tmp_path)
    assert catalogue.replaced == ["boern_unge_under_18"]
    assert len(catalogue) == 29
    result = compute_indicators(make_store(_store_tables()), catalogue, years=[2024])
    # B at R 2024: c1 is 11, c2 is 8 -> only c2 is 0-9
    assert row(result, "boern_unge_under_18", "B", 2024)["numerator"] == 1
