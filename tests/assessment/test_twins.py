"""Twin areas: a small example computed by hand (docs/concepts/assessment.md, Twin areas).

Four areas, two indicators, no size:

| area | a  | b  |
|------|----|----|
| A    | 10 | 40 |
| B    | 12 | 50 |
| C    | 20 | 42 |
| D    | 30 | 44 |

Sample standard deviations: a: mean 18, squares 64 + 36 + 4 + 144 = 248, / 3 = 82.667;
b: mean 44, squares 16 + 36 + 4 + 0 = 56, / 3 = 18.667.
From A: to B sqrt(2²/82.667 + 10²/18.667) = sqrt(0.04839 + 5.35714) = 2.32498;
to C sqrt(10²/82.667 + 2²/18.667) = sqrt(1.20968 + 0.21429) = 1.19330;
to D sqrt(20²/82.667 + 4²/18.667) = sqrt(4.83871 + 0.85714) = 2.38660.
Plain Euclidean distance would tie B and C (sqrt(104) each): the scaling decides.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from bosocdata.assessment.config import default_config
from bosocdata.assessment.twins import twin_areas, twin_benchmarks

VALUES = {"A": (10.0, 40.0), "B": (12.0, 50.0), "C": (20.0, 42.0), "D": (30.0, 44.0)}
RESIDENTS = {"A": 1000, "B": 2000, "C": 1000, "D": 4000}


def table(values: dict[str, tuple[float, float]] = VALUES) -> pd.DataFrame:
    rows = []
    for area, (a, b) in values.items():
        for indicator, value in (("a", a), ("b", b)):
            rows.append((area, indicator, value, 100.0 * RESIDENTS[area] / 1000))
        rows.append((area, "boern_unge_under_18", 20.0, float(RESIDENTS[area])))
    frame = pd.DataFrame(rows, columns=["area_id", "indicator_id", "value", "denominator"])
    return frame.assign(
        area_name=frame["area_id"] + "parken",
        period=2024,
        ci_low=frame["value"] - 1.0,
        ci_high=frame["value"] + 1.0,
        direction="up_is_worse",
    )


def config(k: int = 2, size: bool = False):  # type: ignore[no-untyped-def]
    base = default_config()
    return base.model_copy(
        update={
            "twins": base.twins.model_copy(update={"k": k, "indicators": ["a", "b"], "size": size})
        }
    )


def test_the_twins_of_a_by_standardised_euclidean_distance() -> None:
    twins = twin_areas(table(), config(k=3))
    of_a = twins[twins["area_id"] == "A"]
    assert list(of_a["twin_id"]) == ["C", "B", "D"]
    assert list(of_a["rank"]) == [1, 2, 3]
    assert of_a["distance"].tolist() == pytest.approx([1.19330, 2.32498, 2.38660], abs=1e-5)
    assert of_a.iloc[0]["twin_name"] == "Cparken"


def test_size_enters_as_the_log_of_the_residents() -> None:
    """With size: ln(residents) A 6.9078, B 7.6009, C 6.9078, D 8.2940; its sample SD is
    ln 2 x sd(0, 1, 0, 2) = 0.69315 x 0.95743 = 0.66365. A-C: size equal, 1.19330 still;
    A-B: + (0.69315 / 0.66365)² = 1.09091, sqrt(5.40553 + 1.09091) = 2.54881."""
    twins = twin_areas(table(), config(k=2, size=True))
    of_a = twins[twins["area_id"] == "A"].set_index("twin_id")["distance"]
    assert of_a["C"] == pytest.approx(1.19330, abs=1e-5)
    assert of_a["B"] == pytest.approx(math.sqrt(5.40553 + 1.09091), abs=1e-4)


def test_an_area_with_a_missing_value_neither_gets_nor_is_a_twin() -> None:
    """Without C the SDs are of A, B, D: a 121.33 (variance), b 25.33. A-B: 4/121.33 +
    100/25.33 = 3.980; A-D: 400/121.33 + 16/25.33 = 3.929: D is now the nearer."""
    values = {**VALUES, "C": (float("nan"), 42.0)}
    twins = twin_areas(table(values), config(k=3))
    assert "C" not in set(twins["area_id"]) and "C" not in set(twins["twin_id"])
    assert list(twins[twins["area_id"] == "A"]["twin_id"]) == ["D", "B"]


def test_the_twins_pooled_value_is_a_comparator() -> None:
    """A's twins with k=2 are C and B. Indicator a: C 20 (denominator 100), B 12
    (denominator 200): pooled (20 x 100 + 12 x 200) / 300 = 14.667; A's 10 (9-11) is
    wholly below it, better for an up_is_worse indicator."""
    data = table()
    benchmarks = twin_benchmarks(data, twin_areas(data, config(k=2)))
    row = benchmarks[(benchmarks["area_id"] == "A") & (benchmarks["indicator_id"] == "a")]
    assert row.iloc[0]["benchmark"] == pytest.approx(44 / 3)
    assert row.iloc[0]["comparison"] == "better"
