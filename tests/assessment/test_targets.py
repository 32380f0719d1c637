"""Targets as data: reading the targets file and the status against each target.

The statuses follow the rule of docs/concepts/assessment.md (Targets), worked by hand:
for an `up_is_worse` indicator the target is a ceiling, for `down_is_worse` a floor, and
the value's 95 % interval must lie wholly on one side for `met` or `not_met`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bosocdata.assessment.alerts import build_alerts
from bosocdata.assessment.targets import read_targets, status_of, target_status
from bosocdata.errors import BosocError

GOAL = "Helhedsplan Nordparken 2024-2030, målsætning 2"


# -------------------------------------------------------------------- one per status


def test_met_when_the_whole_interval_is_at_or_below_a_ceiling() -> None:
    # 30 % (27-33) against "at most 35 %", and the interval's top exactly on the target
    assert status_of(30.0, 27.0, 33.0, 35.0, "up_is_worse") == "met"
    assert status_of(32.0, 29.0, 35.0, 35.0, "up_is_worse") == "met"


def test_not_met_when_the_whole_interval_is_above_a_ceiling() -> None:
    assert status_of(40.0, 36.0, 44.0, 35.0, "up_is_worse") == "not_met"


def test_cannot_tell_when_the_interval_holds_the_target() -> None:
    # 34 % is below 35 %, but its interval 30-38 is not: chance cannot be ruled out
    assert status_of(34.0, 30.0, 38.0, 35.0, "up_is_worse") == "cannot_tell"


def test_cannot_tell_without_a_published_value() -> None:
    assert status_of(None, None, None, 35.0, "up_is_worse") == "cannot_tell"
    assert status_of(float("nan"), float("nan"), float("nan"), 35.0, "up_is_worse") == (
        "cannot_tell"
    )


def test_a_floor_for_down_is_worse_indicators() -> None:
    # mean income 260,000 kr. (250,000-270,000) against "at least 240,000 kr."
    assert status_of(260_000, 250_000, 270_000, 240_000, "down_is_worse") == "met"
    assert status_of(220_000, 210_000, 230_000, 240_000, "down_is_worse") == "not_met"
    assert status_of(245_000, 235_000, 255_000, 240_000, "down_is_worse") == "cannot_tell"


def test_without_an_interval_the_value_alone_decides() -> None:
    assert status_of(2.5, None, None, 3.0, "up_is_worse") == "met"
    assert status_of(3.5, None, None, 3.0, "up_is_worse") == "not_met"


# ------------------------------------------------------------ the file and the table


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "targets.csv"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "area_id;indicator_id;year;target;source"


def test_the_targets_file_in_danish_spreadsheet_form(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{HEADER}\nN;voksne_uden_for_arbejdsmarkedet;2024;35,5;{GOAL}\n"
        f"N;indkomst;2024;250.000;{GOAL}\n",
    )
    targets = read_targets(
        path, areas={"N"}, indicators={"indkomst", "voksne_uden_for_arbejdsmarkedet"}
    )
    assert list(targets["target"]) == [35.5, 250_000.0]
    assert list(targets["year"]) == [2024, 2024]
    assert targets.loc[0, "source"] == GOAL


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("X;indkomst;2024;1;kilde", "line 2, column `area_id`: 'X' is not an area or group"),
        ("N;ukendt;2024;1;kilde", "line 2, column `indicator_id`: 'ukendt' is not an indicator"),
        ("N;indkomst;tyve;1;kilde", "line 2, column `year`: 'tyve'"),
        ("N;indkomst;2024;mange;kilde", "line 2, column `target`: 'mange' is not a number"),
        ("N;indkomst;2024;1;", "line 2, column `source`: empty"),
    ],
)
def test_a_bad_line_is_named(tmp_path: Path, line: str, message: str) -> None:
    with pytest.raises(BosocError, match=message):
        read_targets(write(tmp_path, f"{HEADER}\n{line}\n"), areas={"N"}, indicators={"indkomst"})


def test_two_targets_for_the_same_area_indicator_and_year_are_refused(tmp_path: Path) -> None:
    text = f"{HEADER}\nN;indkomst;2024;1;a\nN;indkomst;2024;2;b\n"
    with pytest.raises(BosocError, match="lines 2 and 3"):
        read_targets(write(tmp_path, text))


def cells() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_id": ["N", "N", "S"],
            "area_name": ["Nordparken", "Nordparken", "Sydparken"],
            "period": [2024, 2024, 2024],
            "indicator_id": ["voksne_uden_for_arbejdsmarkedet", "sigtede_unge", "sigtede_unge"],
            "unit": ["pct", "pct", "pct"],
            "direction": ["up_is_worse"] * 3,
            "value": [40.0, None, 3.0],  # Nordparken's sigtede_unge withheld
            "ci_low": [36.0, None, 1.0],
            "ci_high": [44.0, None, 6.0],
        }
    )


def test_the_status_table_and_the_alert_of_a_target_not_met() -> None:
    targets = pd.DataFrame(
        {
            "area_id": ["N", "N", "S", "N"],
            "indicator_id": ["voksne_uden_for_arbejdsmarkedet", "sigtede_unge", "sigtede_unge",
                             "voksne_uden_for_arbejdsmarkedet"],
            "year": [2024, 2024, 2024, 2030],
            "target": [35.0, 5.0, 8.0, 30.0],
            "source": [GOAL] * 4,
        }
    )  # fmt: skip
    status = target_status(cells(), targets)
    found = {(r.area_id, r.indicator_id, r.period): r.status for r in status.itertuples()}
    assert found == {
        ("N", "voksne_uden_for_arbejdsmarkedet", 2024): "not_met",  # 36-44 above 35
        ("N", "sigtede_unge", 2024): "cannot_tell",  # withheld
        ("S", "sigtede_unge", 2024): "met",  # 1-6 at most 8
        ("N", "voksne_uden_for_arbejdsmarkedet", 2030): "cannot_tell",  # not there yet
    }
    future = status[status["period"] == 2030].iloc[0]
    assert future["area_name"] == "Nordparken" and future["unit"] == "pct"

    dynamics = pd.DataFrame({"area_id": [], "period": [], "relative_change_sd": []})
    alerts = build_alerts(cells(), dynamics, None, None, status)
    assert list(alerts["kind"]) == ["target_not_met"]
    alert = alerts.iloc[0]
    assert (alert["area_name"], alert["indicator_id"]) == (
        "Nordparken",
        "voksne_uden_for_arbejdsmarkedet",
    )
    assert (alert["value"], alert["benchmark"], alert["unit"]) == (40.0, 35.0, "pct")
    assert (alert["direction"], alert["source"]) == ("up_is_worse", GOAL)
