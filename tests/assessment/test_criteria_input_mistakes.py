"""`bosoc criteria`: typical spreadsheet mistakes in the input are refused, not classified.

Shares written as fractions, a dot that may be a thousands separator or a decimal point
in a `;` file, and a tab-separated file: each is refused with exit code 2 and one line
naming the file (and column and line where there is one).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bosocdata.assessment.criteria import read_criteria_csv
from bosocdata.errors import BosocError
from cli_run import run_in_process
from contract import criteria_input_columns

COLUMNS = tuple(criteria_input_columns())  # read from docs/reference/tables.md


def write(tmp_path: Path, rows: list[str], sep: str = ",") -> Path:
    path = tmp_path / "in.csv"
    path.write_text("\n".join([sep.join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    return path


def refusal(path: Path) -> BosocError:
    with pytest.raises(BosocError) as caught:
        read_criteria_csv(path)
    return caught.value


# ------------------------------------------------------------ shares as fractions


def test_a_row_of_shares_written_as_fractions_is_refused_not_classified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As percentages (45.2, 65, 50, 60) this area is a parallelsamfund.
    path = write(tmp_path, ["A,2022,1500,0.452,1.0,0.65,0.50,0.60"])
    code, out, err = run_in_process(["criteria", str(path)], monkeypatch, capsys)
    assert code == 2
    assert "category" not in out
    assert "in.csv: column `uden_tilknytning_pct`: every value lies within 0-1" in err
    assert "percentages 0-100 are expected" in err


def test_one_column_of_fractions_in_a_larger_file_is_named(tmp_path: Path) -> None:
    rows = [f"A{i},2022,1500,20,1,40,{v},20" for i, v in enumerate(("0.5", "0.8", "0.62"))]
    error = refusal(write(tmp_path, rows))
    assert "column `indkomst_pct`: every value lies within 0-1 (line 2: 0.5)" in str(error)


def test_fractions_in_a_danish_file_are_shown_with_a_decimal_comma(tmp_path: Path) -> None:
    row = "A;2022;1.500;0,452;1,0;0,65;0,50;0,60"
    error = refusal(write(tmp_path, [row], sep=";"))
    assert "(line 2: 0,452)" in str(error)
    assert error.hint is not None and "45,2" in error.hint


def test_shares_below_1_pct_in_one_column_of_a_small_file_are_read(tmp_path: Path) -> None:
    # One area with 0.8 % non-Western residents: real, and the other shares are percent.
    areas, _ = read_criteria_csv(write(tmp_path, ["A,2022,1500,20,1,40,80,0.8"]))
    assert areas.loc[0, "ikke_vestlige_pct"] == pytest.approx(0.8)


def test_conviction_shares_below_1_pct_are_read(tmp_path: Path) -> None:
    # domme_pct and domme_national_pct are often below 1 % in every row.
    header = ",".join([*COLUMNS, "domme_pct", "domme_national_pct"])
    rows = [f"A{i},2012,1500,20,1,40,80,20,0.{i + 3},0.9" for i in range(4)]
    path = tmp_path / "in.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    areas, _ = read_criteria_csv(path)
    assert list(areas["domme_national_pct"]) == pytest.approx([0.9] * 4)


def test_a_column_of_zeros_is_not_taken_for_fractions(tmp_path: Path) -> None:
    rows = [f"A{i},2022,1500,20,1,40,80,0" for i in range(3)]
    areas, _ = read_criteria_csv(write(tmp_path, rows))
    assert list(areas["ikke_vestlige_pct"]) == [0.0, 0.0, 0.0]


# ------------------------------------------------- a dot in a ;-separated file


def test_a_ratio_with_a_dot_before_three_digits_is_ambiguous_in_a_danish_file(
    tmp_path: Path,
) -> None:
    error = refusal(write(tmp_path, ["A;2022;1.500;20;3.100;40;80;20"], sep=";"))
    assert "in.csv: line 2, column `domme_ratio`: '3.100' is ambiguous" in str(error)
    assert error.hint is not None and "3,100" in error.hint and "3100" in error.hint


def test_a_share_with_a_thousands_shaped_dot_is_ambiguous_in_a_danish_file(
    tmp_path: Path,
) -> None:
    error = refusal(write(tmp_path, ["A;2022;1500;40.300;1;40;80;20"], sep=";"))
    assert "line 2, column `uden_tilknytning_pct`: '40.300' is ambiguous" in str(error)


def test_counts_keep_the_thousands_dot_and_other_dots_are_decimal_points(
    tmp_path: Path,
) -> None:
    areas, _ = read_criteria_csv(write(tmp_path, ["A;2022;2.500;40.1;3,100;40;80;20"], sep=";"))
    assert areas.loc[0, "population"] == 2500
    assert areas.loc[0, "uden_tilknytning_pct"] == pytest.approx(40.1)
    assert areas.loc[0, "domme_ratio"] == pytest.approx(3.1)


def test_three_digits_after_a_point_are_a_decimal_in_a_comma_file(tmp_path: Path) -> None:
    areas, _ = read_criteria_csv(write(tmp_path, ["A,2022,1500,20,3.100,40,80,20"]))
    assert areas.loc[0, "domme_ratio"] == pytest.approx(3.1)


# --------------------------------------------------------------- tab-separated


def test_a_tab_separated_file_is_named_as_such(tmp_path: Path) -> None:
    error = refusal(write(tmp_path, ["A\t2022\t1500\t20\t1\t40\t80\t20"], sep="\t"))
    assert error.message == "in.csv: the columns are separated by tabs"
    assert error.hint is not None and ";" in error.hint
