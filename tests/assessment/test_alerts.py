"""Early warning: red-red indicators, a rising index, criteria near their threshold."""

from __future__ import annotations

import pandas as pd
from test_assess_fixture import indicator_table, make_config
from test_dynamics import index_table

from bosocdata.assessment.alerts import ALERT_COLUMNS, build_alerts
from bosocdata.assessment.dynamics import status_and_dynamics

CONFIG = make_config(
    {
        "status": {"scale": "index"},
        "dynamics": {"scale": "index"},
        "alerts": {"index_worsening_sd": 1.0, "criteria_near_persons": 25},
    }
)
CRITERIA = pd.DataFrame(
    {
        "area_id": ["A", "A", "B"],
        "year": [2024, 2023, 2024],
        "crit_uden_tilknytning": [0, 0, 1],
        "dist_uden_tilknytning": [12, 12, 3],  # B is met: no alert
        "crit_domme": [0, 0, 0],
        "dist_domme": [40, 25, 26],  # A 2023 exactly at 25: alert
    }
)


def _alerts() -> pd.DataFrame:
    dynamics = status_and_dynamics(index_table(), CONFIG)
    return build_alerts(indicator_table(), dynamics, CRITERIA, CONFIG)


def test_red_red_needs_both_significantly_worse_and_worsening() -> None:
    alerts = _alerts()
    red = alerts[alerts["kind"] == "red_red"]
    # A voksne 2024 is worse and worsening; B sigtede is worse but not worsening;
    # C voksne is worsening but better than the municipality
    assert list(zip(red.area_id, red.period, red.indicator_id, strict=True)) == [
        ("A", 2024, "voksne_uden_for_arbejdsmarkedet")
    ]
    # codes and numbers, no sentence: the sentence is made in presentation/alerts.py
    first = red.iloc[0]
    assert (first["value"], first["benchmark"], first["unit"]) == (40.0, 25.0, "pct")
    assert first["change"] == 1.5  # the fixture's trend_change
    assert not any(c.startswith("message") for c in alerts.columns)
    assert list(alerts.columns) == list(ALERT_COLUMNS)


def test_index_worsening_beyond_the_threshold() -> None:
    alerts = _alerts()
    worse = alerts[alerts["kind"] == "index_worsening"]
    # relative changes 2022-2024: B 1.5, C 1.5, E 1.0 (not beyond 1.0), A 0, D -2
    assert sorted(worse.area_id) == ["B", "C"]
    assert list(worse["from_period"]) == [2022, 2022] and list(worse["period"]) == [2024, 2024]
    assert list(worse["change"]) == [1.5, 1.5]


def test_criteria_near_their_threshold() -> None:
    alerts = _alerts()
    near = alerts[alerts["kind"] == "criterion_near"]
    assert list(zip(near.area_id, near.period, near.criterion, strict=True)) == [
        ("A", 2023, "domme"),
        ("A", 2023, "uden_tilknytning"),
        ("A", 2024, "uden_tilknytning"),
    ]
    assert near.iloc[2]["value"] == 12  # residents from the threshold
    assert near.iloc[2]["area_name"] == "Aparken"
