"""The optional `interventions` register is read and checked like every register."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import duckdb
import pytest

from bosocdata.ingest import ingest_delivery
from bosocdata.settings import Paths
from deliveries import minimal_delivery, write_delivery


def _rows() -> list[dict[str, str]]:
    return [
        {
            "intervention_id": "H1",
            "area_id": "A1",
            "name": "Helhedsplan Område Et",
            "start": "01-01-2019",
            "end": "",
            "kind": "helhedsplan",
            "target_indicators": "voksne_uden_for_arbejdsmarkedet; sigtede_unge",
        },
        {
            "intervention_id": "H1",
            "area_id": "A2",
            "name": "Helhedsplan Område Et",
            "start": "2019-01-01",
            "end": "2023-01-01",
            "kind": "",
            "target_indicators": "",
        },
        # row 4: a kind not on the contract's list
        {"intervention_id": "H2", "area_id": "A1", "name": "X", "start": "2020-01-01",
         "kind": "sport"},
        # row 5: an area that is not in areas
        {"intervention_id": "H3", "area_id": "A9", "name": "Y", "start": "2020-01-01"},
        # row 6: ends before it starts
        {"intervention_id": "H4", "area_id": "A2", "name": "Z", "start": "2021-01-01",
         "end": "2020-01-01"},
    ]  # fmt: skip


@pytest.mark.usefixtures("rejects_allowed")  # 3 of 5 rows rejected on purpose
def test_interventions_are_stored_with_their_intervals_and_bad_rows_named(
    tmp_path: Path, paths: Paths
) -> None:
    registers = minimal_delivery()
    registers["interventions"] = _rows()
    report = ingest_delivery(write_delivery(tmp_path / "d", registers), paths)
    con = duckdb.connect(str(paths.store), read_only=True)
    try:
        stored = con.execute(
            "SELECT intervention_id, area_id, start_date, end_date, kind, target_indicators "
            "FROM interventions ORDER BY area_id"
        ).fetchall()
    finally:
        con.close()
    assert stored == [
        ("H1", "A1", date(2019, 1, 1), None, "helhedsplan",
         "voksne_uden_for_arbejdsmarkedet; sigtede_unge"),
        ("H1", "A2", date(2019, 1, 1), date(2023, 1, 1), None, None),
    ]  # fmt: skip
    assert report.rejects_file is not None
    with report.rejects_file.open(encoding="utf-8") as handle:
        rejects = {
            (int(r["row"]), r["column"])
            for r in csv.DictReader(handle)
            if r["register"] == "interventions"
        }
    assert rejects == {(4, "kind"), (5, "area_id"), (6, "end")}


def test_a_delivery_without_interventions_has_no_table(tmp_path: Path, paths: Paths) -> None:
    ingest_delivery(write_delivery(tmp_path / "d"), paths)
    con = duckdb.connect(str(paths.store), read_only=True)
    try:
        tables = {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
    finally:
        con.close()
    assert "interventions" not in tables
