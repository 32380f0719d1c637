"""Status and dynamics (Berlin's Monitoring Soziale Stadtentwicklung): classes, typology,
the attention list."""

from __future__ import annotations

import pandas as pd
import pytest
from test_assess_fixture import make_config

from bosocdata.assessment.dynamics import status_and_dynamics

# (area, index 2022, index 2024); the municipality goes from 0.0 to 0.5.
AREAS = [
    ("A", 1.1, 1.6),  # score 1.1 -> lav; change 0.5, relative 0 -> stabil
    ("B", -0.5, 1.5),  # score 1.0 -> middel (boundary); relative 1.5 -> negativ
    ("C", -2.6, -0.6),  # score -1.1 -> hoej; relative 1.5 -> negativ
    ("D", 3.6, 2.1),  # score 1.6 -> meget_lav; relative -2.0 -> positiv
    ("E", -2.0, -0.5),  # score -1.0 -> middel (boundary); relative 1.0 -> stabil (boundary)
    ("F", None, 2.0),  # score 1.5 -> lav (boundary); no 2022 index -> dynamics unknown
]


def index_table() -> pd.DataFrame:
    rows = []
    for area, before, now in [*AREAS, ("__all__", 0.0, 0.5)]:
        for period, value in ((2022, before), (2023, 0.0), (2024, now)):
            if value is not None:
                rows.append((area, period, value, area != "__all__", area != "__all__", 1000.0))
    rows.append(("G", 2024, 9.0, True, False, 100.0))  # too small
    frame = pd.DataFrame(
        rows, columns=["area_id", "period", "index", "is_area", "eligible", "residents"]
    )
    frame["area_name"] = frame["area_id"] + "parken"
    return frame


def _config(**dynamics):
    return make_config(
        {"status": {"scale": "index"}, "dynamics": {"scale": "index", "cutoff": 1.0, **dynamics}}
    )


def test_status_dynamics_typology_and_attention() -> None:
    result = status_and_dynamics(index_table(), _config())
    y = result[result.period == 2024].set_index("area_id")
    assert y["status"].to_dict() == {
        "A": "lav", "B": "middel", "C": "hoej", "D": "meget_lav", "E": "middel", "F": "lav",
        "G": "for_lille",
    }  # fmt: skip
    assert y.loc["B", "relative_change"] == pytest.approx(1.5)
    assert y["dynamics"].to_dict() == {
        "A": "stabil", "B": "negativ", "C": "negativ", "D": "positiv", "E": "stabil",
        "F": "ukendt", "G": "ukendt",
    }  # fmt: skip
    assert y.loc["B", "typology"] == "middel/negativ"
    assert pd.isna(y.loc["F", "typology"])
    attention = set(y.index[y["attention"]])
    # low or very low status, or middle status with negative dynamics
    assert attention == {"A", "B", "D", "F"}
    assert y.loc["B", "attention_reason"] == "middel_negativ"
    assert y.loc["D", "attention_reason"] == "status_meget_lav"
    assert "__all__" not in set(result["area_id"])


def test_standard_deviation_scale_centred_on_the_municipality() -> None:
    frame = index_table()
    frame = frame[(frame.period == 2024) & frame.area_id.isin(["A", "B", "C", "__all__"])].copy()
    # index of A, B, C: 1.6, 1.5, -0.6 -> sd by hand, centre the municipality's 0.5
    mean = (1.6 + 1.5 - 0.6) / 3
    sd = (((1.6 - mean) ** 2 + (1.5 - mean) ** 2 + (-0.6 - mean) ** 2) / 2) ** 0.5
    result = status_and_dynamics(frame, make_config()).set_index("area_id")
    assert result.loc["A", "status_score"] == pytest.approx((1.6 - 0.5) / sd)
    assert result.loc["C", "status_score"] == pytest.approx((-0.6 - 0.5) / sd)


def test_dynamics_in_standard_deviations_of_the_relative_changes() -> None:
    # relative changes of A, B, C, D, E: 0, 1.5, 1.5, -2, 1 (F has none)
    changes = [0.0, 1.5, 1.5, -2.0, 1.0]
    mean = sum(changes) / 5
    sd = (sum((c - mean) ** 2 for c in changes) / 4) ** 0.5
    result = status_and_dynamics(index_table(), _config(scale="sd", cutoff=1.0))
    y = result[result.period == 2024].set_index("area_id")
    assert y.loc["D", "dynamics_score"] == pytest.approx(-2.0 / sd)
    assert y.loc["D", "dynamics"] == "positiv"  # -2 / 1.48 < -1
    assert y.loc["B", "dynamics"] == "negativ"  # 1.5 / 1.48 > 1
    assert y.loc["E", "dynamics"] == "stabil"
