"""`bosoc export`: the file a municipality's scripts read has the contract's columns."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from bosocdata.cli.export_files import export_indicator_table
from bosocdata.errors import BosocError, NotComputed
from bosocdata.publish.columns import INTERFACE_COLUMNS
from bosocdata.publish.zone import write_published_zone
from bosocdata.settings import Paths
from contract import indicator_table_columns

CONTRACT_COLUMNS = indicator_table_columns()  # read from INTERFACE.md


def small_table() -> pd.DataFrame:
    nan = float("nan")
    return pd.DataFrame(
        {
            "area_id": ["__all__", "A1", "A2"],
            "area_name": ["Hele kommunen", "Birkeparken", "Solhøj"],
            "period": [2024, 2024, 2024],
            "indicator_id": ["boern_unge_under_18"] * 3,
            "unit": ["pct"] * 3,
            "numerator": [250.0, 40.0, nan],
            "denominator": [1000.0, 100.0, nan],
            "value": [25.0, 40.0, nan],
            "ci_low": [22.4, 30.9, nan],
            "ci_high": [27.8, 49.8, nan],
            "benchmark": [25.0, 25.0, 25.0],
            "comparison": [None, "worse", None],
            "suppressed": [False, False, True],
            "direction": ["up_is_worse"] * 3,
            "ci99_low": [21.0, 26.0, nan],
            "ci99_high": [29.0, 55.0, nan],
            "sum_sq": [nan, nan, nan],  # a helper column: must never be published
        }
    )


def publish_small(paths: Paths) -> None:
    write_published_zone(
        paths.published,
        indicator_table=small_table(),
        areas=pd.DataFrame({"area_id": ["A1"], "name": ["Birkeparken"]}),
        indicators=pd.DataFrame({"indicator_id": ["boern_unge_under_18"]}),
        meta={"suppression_k": "5"},
    )


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    paths = Paths(tmp_path / "home")
    publish_small(paths)
    return paths


def test_csv_has_exactly_the_contract_columns_in_order(paths: Paths, tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    assert export_indicator_table(paths, out) == 3
    with out.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == CONTRACT_COLUMNS


def test_suppressed_cell_is_empty_in_the_csv(paths: Paths, tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    export_indicator_table(paths, out)
    with out.open(encoding="utf-8") as handle:
        rows = {r["area_id"]: r for r in csv.DictReader(handle)}
    hidden = rows["A2"]
    assert hidden["suppressed"] == "true"
    assert [hidden[c] for c in ("numerator", "denominator", "value", "ci_low", "ci_high")] == [
        ""
    ] * 5
    assert rows["A1"]["suppressed"] == "false"
    assert rows["A1"]["value"] == "40.0"


def test_danish_csv_uses_semicolon_and_decimal_comma(paths: Paths, tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    export_indicator_table(paths, out, danish=True)
    text = out.read_text(encoding="utf-8-sig")
    header, *lines = text.splitlines()
    assert header.split(";") == CONTRACT_COLUMNS
    a1 = next(line for line in lines if line.startswith("A1;"))
    assert ";30,9;49,8;" in a1


def test_xlsx_has_the_contract_columns_and_numbers_as_numbers(paths: Paths, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    export_indicator_table(paths, out)
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == CONTRACT_COLUMNS
    a1 = dict(zip(CONTRACT_COLUMNS, next(r for r in rows if r[0] == "A1"), strict=True))
    assert a1["value"] == 40.0 and a1["period"] == 2024 and a1["suppressed"] is False


def test_parquet_and_full_columns(paths: Paths, tmp_path: Path) -> None:
    out = tmp_path / "t.parquet"
    export_indicator_table(paths, out, full=True)
    columns = list(pd.read_parquet(out).columns)
    assert columns[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
    assert "ci99_low" in columns and "sum_sq" not in columns


def test_the_code_and_the_contract_agree_on_the_columns() -> None:
    assert list(INTERFACE_COLUMNS) == CONTRACT_COLUMNS


def test_unknown_suffix_is_refused(paths: Paths, tmp_path: Path) -> None:
    with pytest.raises(BosocError, match=r"\.csv, \.xlsx or \.parquet"):
        export_indicator_table(paths, tmp_path / "t.json")


def test_export_before_compute_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(NotComputed, match="bosoc compute"):
        export_indicator_table(Paths(tmp_path / "empty"), tmp_path / "t.csv")


def test_an_assessment_table_is_exported_whole(tmp_path: Path) -> None:
    from bosocdata.cli.export_files import export_table

    paths = Paths(tmp_path / "home")
    priorities = pd.DataFrame(
        {"area_id": ["A1", "A2"], "period": [2024, 2024], "rank_need": [2.0, 1.0]}
    )
    write_published_zone(
        paths.published,
        indicator_table=small_table(),
        areas=pd.DataFrame({"area_id": ["A1"], "name": ["Birkeparken"]}),
        indicators=pd.DataFrame({"indicator_id": ["boern_unge_under_18"]}),
        meta={},
        extra={"priorities": priorities},
    )
    out = tmp_path / "p.csv"
    assert export_table(paths, "priorities", out) == 2
    assert out.read_text(encoding="utf-8").splitlines() == [
        "area_id,period,rank_need",
        "A1,2024,2",  # a rank is written whole, as a script reads it the same
        "A2,2024,1",
    ]
    with pytest.raises(BosocError, match="choose one of"):
        export_table(paths, "persons", out)


def test_a_full_disk_leaves_the_publication_as_it_was_and_says_so(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk (or a read-only folder) is the operator's to fix: one line, exit 2,
    the publication unchanged and no half-written file left beside it."""
    import errno
    import os

    before = paths.published.read_bytes()
    real_replace = os.replace

    def disk_full(source: object, target: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("bosocdata.publish.zone.os.replace", disk_full)
    with pytest.raises(BosocError, match="No space left on device; the publication is unchanged"):
        publish_small(paths)
    monkeypatch.setattr("bosocdata.publish.zone.os.replace", real_replace)
    assert paths.published.read_bytes() == before
    assert sorted(p.name for p in paths.published.parent.iterdir()) == ["published.duckdb"]
