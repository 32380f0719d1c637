"""Rows whose value the definition computed itself keep it (the official criteria)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from bosocdata.statistics import add_statistics


def criteria_rows(
    value: float, numerator: float, denominator: float, sum_sq: float
) -> pd.DataFrame:
    nan = math.nan
    base = {
        "area_name": "x",
        "period": 2024,
        "indicator_id": "krit_indkomst",
        "unit": "pct",
        "direction": "down_is_worse",
    }
    return pd.DataFrame(
        [
            {
                **base,
                "area_id": "__all__",
                "numerator": numerator,
                "denominator": denominator,
                "sum_sq": sum_sq,
                "value": value,
            },
            {
                **base,
                "area_id": "A",
                "numerator": numerator,
                "denominator": denominator,
                "sum_sq": sum_sq,
                "value": value,
            },
            {
                **base,
                "area_id": "__rest__",
                "numerator": 0.0,
                "denominator": 0.0,
                "sum_sq": nan,
                "value": nan,
            },
        ]
    )


def test_income_as_percent_of_the_regional_mean_keeps_its_value_and_gets_a_t_interval() -> None:
    # Incomes 100, 200, 300 DKK: mean 200, sd 100; regional mean 250 -> value 80 %.
    # t(0.975, 2) = 4.302653; half width 4.302653 * 100 / sqrt(3) = 248.414 DKK,
    # times 80/200 = 0.4 -> 80 +- 99.366.
    out = add_statistics(criteria_rows(80.0, 600.0, 3.0, 100**2 + 200**2 + 300**2))
    a = out[out["area_id"] == "A"].iloc[0]
    assert a["value"] == 80.0
    assert a["ci_low"] == pytest.approx(80 - 99.366, abs=1e-3)
    assert a["ci_high"] == pytest.approx(80 + 99.366, abs=1e-3)


def test_trend_windows_count_quarters_in_order_across_the_new_year() -> None:
    # Quarterly codes 20233, 20234, 20241: three consecutive periods, so the row of
    # 20241 has a trend (three usable periods), though 20241 - 20233 = 8.
    rows = []
    for period, (n, d) in zip(
        (20233, 20234, 20241), ((10, 100), (20, 100), (30, 100)), strict=True
    ):
        for area in ("__all__", "A", "__rest__"):
            rows.append(
                {
                    "area_id": area,
                    "area_name": area,
                    "period": period,
                    "indicator_id": "x",
                    "unit": "pct",
                    "direction": "up_is_worse",
                    "numerator": float(n if area != "__rest__" else 0),
                    "denominator": float(d if area != "__rest__" else 0),
                }
            )
    out = add_statistics(pd.DataFrame(rows))
    latest = out[(out["area_id"] == "A") & (out["period"] == 20241)].iloc[0]
    assert latest["trend"] == "worsening"
    assert latest["trend_change"] == pytest.approx(10.0, rel=0.2)
