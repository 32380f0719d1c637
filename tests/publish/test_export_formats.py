"""`bosoc export` as the Danish analyst opens it: the .xlsx sheet named after its table,
with autofilter, fitted widths and number formats a Danish Excel shows right (2010, not
2.010,0), and CSVs whose whole numbers are whole (6191, not 6191,0 or 6191.0); the
Danish CSV rounded as the .xlsx shows it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from bosocdata.cli.export_files import export_indicator_table, export_table
from bosocdata.publish.zone import write_published_zone
from bosocdata.settings import Paths

NAN = float("nan")
LONG_NAME = "Et boligområde med et meget langt navn, " * 3  # 123 characters


def indicator_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_id": ["BO01", "BO01", "BO01"],
            "area_name": ["Birkeparken", "Birkeparken", LONG_NAME],
            "period": [2010, 2010, 2010],
            "indicator_id": ["anmeldelser", "indkomst", "forhold"],
            "unit": ["per1000", "dkk", "ratio"],
            "numerator": [575.0, 611233200.0, 191.0],
            "denominator": [6191.0, 3244.0, 3852.0],
            "value": [92.87675658213536, 188419.6054254007, 1.896161811102573],
            "ci_low": [85.43938254304346, 184403.0364154154, 1.650732933380521],
            "ci_high": [100.78817296197285, 192436.1744353861, 2.175910786605884],
            "benchmark": [61.464457509353295, 240436.278050562, 1.139028492159483],
            "comparison": ["worse", "worse", "similar"],
            "suppressed": [False, False, False],
            "trend": ["no_significant_change", "improving", None],
        }
    )


def assessment_tables() -> dict[str, pd.DataFrame]:
    return {
        "index": pd.DataFrame(
            {
                "area_id": ["BO01", "BO02"],
                "area_name": ["Birkeparken", "Solhøj Vest"],
                "period": [2010, 2010],
                "residents": [6191.0, 5424.0],
                "index": [0.9664693631538717, 1.4573711239250953],
                "rank": [2.0, 1.0],
                "rank_low": [1.5, 1.0],
            }
        ),
        "alerts": pd.DataFrame(
            {
                "area_id": ["BO07", "BO04"],
                "period": [2012, 2010],
                "kind": ["index_worsening", "criterion_near"],
                "value": [1.2503331571130896, 4.0],
                "change": [0.5599204853605535, NAN],
                "from_period": [2010.0, NAN],  # a missing year makes a float column
            }
        ),
        "twins": pd.DataFrame(
            {"area_id": ["BO01"], "period": [2010], "rank": [1], "twin_id": ["BO02"]}
        ),
    }


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    paths = Paths(tmp_path / "home")
    write_published_zone(
        paths.published,
        indicator_table=indicator_table(),
        areas=pd.DataFrame({"area_id": ["BO01"], "name": ["Birkeparken"]}),
        indicators=pd.DataFrame({"indicator_id": ["anmeldelser"]}),
        meta={},
        extra=assessment_tables(),
    )
    return paths


def sheet_of(out: Path) -> tuple[list[str], openpyxl.worksheet.worksheet.Worksheet]:
    book = openpyxl.load_workbook(out)
    assert len(book.sheetnames) == 1
    return book.sheetnames, book.active


def formats_by_column(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[dict[str, str]]:
    header = [c.value for c in sheet[1]]
    return [
        {str(h): c.number_format for h, c in zip(header, row, strict=True)}
        for row in sheet.iter_rows(min_row=2)
    ]


@pytest.mark.parametrize(
    ("table", "sheet"),
    [("index", "Indeks"), ("alerts", "Advarsler (tabel)"), ("twins", "Tvillingeområder")],
)
def test_each_table_has_its_own_sheet_name(
    table: str, sheet: str, paths: Paths, tmp_path: Path
) -> None:
    out = tmp_path / f"{table}.xlsx"
    export_table(paths, table, out)
    names, _ = sheet_of(out)
    assert names == [sheet]  # not "indikatorer" for every table


def test_the_indicator_sheet_has_filter_widths_and_formats_by_unit(
    paths: Paths, tmp_path: Path
) -> None:
    out = tmp_path / "t.xlsx"
    export_indicator_table(paths, out, full=True)
    names, sheet = sheet_of(out)
    assert names == ["Indikatortal"]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["area_id", "area_name", "period", "indicator_id", "unit"]  # as is
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}4"
    assert sheet.freeze_panes == "A2"
    widths = {
        h: sheet.column_dimensions[c.column_letter].width
        for h, c in zip(header, sheet[1], strict=True)
    }
    assert widths["area_name"] == 50  # the long name is capped
    assert widths["indicator_id"] >= len("indicator_id")
    assert widths["numerator"] >= len("611,233,200")
    per1000, ratio, dkk = formats_by_column(sheet)  # ordered by indicator id
    assert per1000["period"] == "0"  # 2010, never "2.010,0"
    assert per1000["numerator"] == per1000["denominator"] == "#,##0"
    assert per1000["value"] == per1000["ci_low"] == per1000["benchmark"] == "#,##0.0"
    assert dkk["value"] == dkk["ci_high"] == dkk["benchmark"] == "#,##0"
    assert ratio["value"] == ratio["ci_low"] == ratio["benchmark"] == "#,##0.00"
    assert sheet["H2"].value == pytest.approx(92.87675658213536)  # full precision kept


def test_assessment_sheets_show_years_plain_and_counts_whole(paths: Paths, tmp_path: Path) -> None:
    out = tmp_path / "alerts.xlsx"
    export_table(paths, "alerts", out)
    _, sheet = sheet_of(out)
    first = formats_by_column(sheet)[0]
    assert first["period"] == first["from_period"] == "0"
    assert sheet["F2"].value == 2010
    out = tmp_path / "index.xlsx"
    export_table(paths, "index", out)
    _, sheet = sheet_of(out)
    first = formats_by_column(sheet)[0]
    assert first["residents"] == first["rank"] == "#,##0"
    assert first["index"] == "#,##0.000"
    assert sheet.auto_filter.ref == "A1:G3"


def test_the_danish_csv_writes_integers_whole_and_rounds_by_unit(
    paths: Paths, tmp_path: Path
) -> None:
    out = tmp_path / "t.csv"
    export_indicator_table(paths, out, danish=True)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert (
        lines[1]
        == "BO01;Birkeparken;2010;anmeldelser;per1000;575;6191;92,9;85,4;100,8;61,5;worse;false"
    )
    assert ";ratio;191;3852;1,90;1,65;2,18;1,14;" in lines[2]
    assert ";dkk;611233200;3244;188420;184403;192436;240436;" in lines[3]


def test_the_danish_csv_of_an_assessment_table(paths: Paths, tmp_path: Path) -> None:
    out = tmp_path / "index.csv"
    export_table(paths, "index", out, danish=True)
    assert out.read_text(encoding="utf-8-sig").splitlines()[1:] == [
        "BO01;Birkeparken;2010;6191;0,9665;2;2",  # residents, rank whole; index 4 decimals
        "BO02;Solhøj Vest;2010;5424;1,4574;1;1",
    ]


def test_the_plain_csv_writes_whole_numbers_whole_and_keeps_precision(
    paths: Paths, tmp_path: Path
) -> None:
    out = tmp_path / "t.csv"
    export_indicator_table(paths, out)
    first = out.read_text(encoding="utf-8").splitlines()[1]
    assert first.startswith("BO01,Birkeparken,2010,anmeldelser,per1000,575,6191,92.87675658213536,")
    out = tmp_path / "index.csv"
    export_table(paths, "index", out)
    assert out.read_text(encoding="utf-8").splitlines()[1:] == [
        "BO01,Birkeparken,2010,6191,0.9664693631538717,2,1.5",  # 1.5: not whole, kept
        "BO02,Solhøj Vest,2010,5424,1.4573711239250953,1,1.0",
    ]
    out = tmp_path / "alerts.csv"
    export_table(paths, "alerts", out)
    assert out.read_text(encoding="utf-8").splitlines()[1:] == [
        "BO07,2012,index_worsening,1.2503331571130896,0.5599204853605535,2010",
        "BO04,2010,criterion_near,4.0,,",
    ]
