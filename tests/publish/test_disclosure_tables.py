"""Fictitious indicator tables for the disclosure tests, and checks that they add up.

`indicator_rows` writes one period of one indicator the way the pipeline does: the given
areas and `__rest__`, plus `__all__` as their sum, with every statistic column filled,
so a test can see what disclosure control withholds.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

ALL, REST = "__all__", "__rest__"
MULTIPLIER = {"pct": 100.0, "per100hh": 100.0, "per1000": 1000.0, "dkk": 1.0, "ratio": 1.0}


def indicator_rows(
    indicator: str,
    period: int,
    counts: Mapping[str, tuple[float, float]],
    *,
    unit: str = "pct",
) -> list[dict[str, object]]:
    """Rows for `counts` (area -> (numerator, denominator)), `__all__` added as the sum."""
    total_n = sum(n for n, _ in counts.values())
    total_d = sum(d for _, d in counts.values())
    benchmark = MULTIPLIER[unit] * total_n / total_d
    rows = []
    for area, (n, d) in [*counts.items(), (ALL, (total_n, total_d))]:
        value = MULTIPLIER[unit] * n / d if d else float("nan")
        rows.append(
            {
                "area_id": area,
                "area_name": {"__all__": "Hele kommunen", "__rest__": "Uden for"}.get(area, area),
                "period": period,
                "indicator_id": indicator,
                "unit": unit,
                "numerator": float(n),
                "denominator": float(d),
                "value": value,
                "ci_low": value - 1.0,
                "ci_high": value + 1.0,
                "benchmark": benchmark,
                "comparison": None if area == ALL else "similar",
                "suppressed": False,
                "direction": "up_is_worse",
                "ci99_low": value - 2.0,
                "ci99_high": value + 2.0,
                "trend": 0.25,
                "trend_p": 0.5,
                "funnel95_low": benchmark - 3.0,
                "funnel95_high": benchmark + 3.0,
            }
        )
    return rows


def table(*parts: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame([row for part in parts for row in part])


def cell(frame: pd.DataFrame, indicator: str, period: int, area: str) -> pd.Series:
    hit = frame[
        (frame["indicator_id"] == indicator)
        & (frame["period"] == period)
        & (frame["area_id"] == area)
    ]
    assert len(hit) == 1
    return hit.iloc[0]


def suppressed_areas(frame: pd.DataFrame, indicator: str, period: int) -> set[str]:
    hit = frame[
        (frame["indicator_id"] == indicator) & (frame["period"] == period) & frame["suppressed"]
    ]
    return set(hit["area_id"])


def test_all_is_the_sum_of_the_areas_and_rest() -> None:
    rows = table(indicator_rows("x", 2020, {"A": (3, 10), REST: (7, 30)}))
    total = cell(rows, "x", 2020, ALL)
    assert (total["numerator"], total["denominator"]) == (10.0, 40.0)
    assert total["value"] == 25.0
