"""A small hand-made indicator table shared by the assessment tests (no tests here).

Four areas (A, B, C eligible; D has 300 residents, below the minimum of 500), the
municipality `__all__` and `__rest__`, three periods, three indicators in two themes plus
the population indicator. The hand computations in the tests start from these numbers.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import yaml

from bosocdata.assessment.config import DEFAULT_FILE, AssessmentConfig, _merge

VOKS = "voksne_uden_for_arbejdsmarkedet"  # pct, up_is_worse, work_economy
SIGT = "sigtede_unge"  # pct, up_is_worse, crime_safety
INDK = "indkomst"  # dkk, down_is_worse, work_economy
POP = "boern_unge_under_18"  # pct, demography: its denominator = residents

THEMES = {VOKS: "work_economy", SIGT: "crime_safety", INDK: "work_economy", POP: "demography"}
UNITS = {VOKS: ("pct", "up_is_worse"), SIGT: ("pct", "up_is_worse"), INDK: ("dkk", "down_is_worse"),
         POP: ("pct", "up_is_worse")}  # fmt: skip
NAMES = {"A": "Aparken", "B": "Bparken", "C": "Cparken", "D": "Dparken",
         "__all__": "Hele kommunen", "__rest__": "Uden for boligområderne"}  # fmt: skip
RESIDENTS = {"A": 1000, "B": 800, "C": 600, "D": 300, "__all__": 50000, "__rest__": 47300}

# value per period, indicator, area; the __all__ value is the benchmark.
VALUES: dict[int, dict[str, dict[str, float | None]]] = {
    2024: {
        VOKS: {"A": 40, "B": 30, "C": 20, "D": 50, "__all__": 25, "__rest__": 24},
        SIGT: {"A": 5, "B": 10, "C": 3, "D": 6, "__all__": 4, "__rest__": 4},
        INDK: {"A": 200_000, "B": 250_000, "C": 300_000, "D": 150_000,
               "__all__": 280_000, "__rest__": 282_000},
    },
    2023: {
        VOKS: {"A": 38, "B": 30, "C": 22, "D": 50, "__all__": 25, "__rest__": 24},
        SIGT: {"A": 4, "B": 8, "C": None, "D": 6, "__all__": 4, "__rest__": 4},
        INDK: {"A": 210_000, "B": 250_000, "C": 290_000, "D": 150_000,
               "__all__": 280_000, "__rest__": 282_000},
    },
    2022: {
        VOKS: {"A": 36, "B": 31, "C": 23, "D": 50, "__all__": 25, "__rest__": 24},
        SIGT: {"A": 4, "B": 7, "C": 3, "D": 6, "__all__": 4, "__rest__": 4},
        INDK: {"A": 220_000, "B": 250_000, "C": 280_000, "D": 150_000,
               "__all__": 280_000, "__rest__": 282_000},
    },
}  # fmt: skip

# Denominators of the pct indicators (voks: residents 18-64; sigt: residents 15-17).
DENOMINATORS = {VOKS: 1.0, SIGT: 0.1}  # share of the area's residents

# Statistics columns where a test needs them; everything else `similar`/no change.
COMPARISON = {("A", 2024, VOKS): "worse", ("B", 2024, SIGT): "worse", ("C", 2024, VOKS): "better"}
TREND = {("A", 2024, VOKS): "worsening", ("C", 2024, VOKS): "worsening"}
INTERVALS = {("A", 2024, VOKS): (37.0, 43.1), ("A", 2024, SIGT): (2.0, 11.2)}


def _row(area: str, period: int, indicator: str, value: float) -> dict[str, Any]:
    unit, direction = UNITS[indicator]
    residents = float(RESIDENTS[area])
    if indicator == POP:
        denominator = residents
    elif indicator == INDK:
        denominator = residents * 0.6
    else:
        denominator = residents * DENOMINATORS[indicator]
    numerator = value * denominator if unit == "dkk" else value * denominator / 100
    low, high = INTERVALS.get((area, period, indicator), (value * 0.9, value * 1.1))
    return {
        "area_id": area,
        "area_name": NAMES[area],
        "period": period,
        "indicator_id": indicator,
        "unit": unit,
        "direction": direction,
        "numerator": numerator,
        "denominator": denominator,
        "value": float(value),
        "ci_low": low,
        "ci_high": high,
        "comparison": None
        if area == "__all__"
        else COMPARISON.get((area, period, indicator), "similar"),
        "trend": TREND.get((area, period, indicator), "no_significant_change"),
        "trend_change": 1.5 if (area, period, indicator) in TREND else 0.0,
    }


def indicator_table() -> pd.DataFrame:
    rows = []
    for period, indicators in VALUES.items():
        for indicator, by_area in indicators.items():
            for area, value in by_area.items():
                if value is not None:
                    rows.append(_row(area, period, indicator, value))
        for area in RESIDENTS:
            rows.append(_row(area, period, POP, 20.0))
    table = pd.DataFrame(rows)
    bench = table.loc[table["area_id"] == "__all__", ["period", "indicator_id", "value"]]
    bench = bench.rename(columns={"value": "benchmark"})
    return table.merge(bench, on=["period", "indicator_id"], how="left")


# The hand computations of most tests use the z-score around the eligible areas' mean and
# equal theme weights (simple numbers: mean 30, sd 10); `shipped=True` gives the shipped
# defaults (z-score around the municipality, themes weighted by their indicators).
HAND_INDEX: dict[str, Any] = {"index": {"normalisation": "zscore", "theme_weighting": "equal"}}


def make_config(
    override: dict[str, Any] | None = None, *, shipped: bool = False
) -> AssessmentConfig:
    """The default configuration (with `HAND_INDEX` unless `shipped`), `override` on top."""
    data = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    if not shipped:
        data = _merge(data, HAND_INDEX)
    return AssessmentConfig.model_validate(_merge(data, override or {}))
