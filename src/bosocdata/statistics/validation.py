"""Checking the indicator table before any statistic is computed on it: the columns
are there, units and directions are known, counts are finite and not negative; a bad
row is named in the error."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from bosocdata.errors import BosocError
from bosocdata.statistics.units import (
    DIRECTIONS,
    DKK,
    PCT,
    RATIO,
    UNITS,
)

REQUIRED_COLUMNS = (
    "area_id",
    "area_name",
    "period",
    "indicator_id",
    "unit",
    "direction",
    "numerator",
    "denominator",
)


def _describe_row(table: pd.DataFrame, position: int) -> str:
    row = table.iloc[position]
    return (
        f"indicator table row {position + 1} (indicator {row['indicator_id']}, "
        f"area {row['area_id']}, period {row['period']})"
    )


def _first_position(mask: npt.NDArray[np.bool_]) -> int | None:
    positions = np.flatnonzero(mask)
    return int(positions[0]) if positions.size else None


def validate_table(table: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise BosocError(
            f"indicator table: column {missing[0]!r} is missing",
            hint=f"the statistics need the columns {', '.join(REQUIRED_COLUMNS)}",
        )
    for key in ("area_id", "indicator_id", "period"):
        bad = _first_position(table[key].isna().to_numpy())
        if bad is not None:
            raise BosocError(
                f"indicator table row {bad + 1}: column {key!r} is empty",
                hint="every row needs an area, an indicator and a period",
            )
    units = table["unit"].to_numpy(dtype=object)
    bad = _first_position(~np.isin(units, UNITS))
    if bad is not None:
        raise BosocError(
            f"{_describe_row(table, bad)}: unknown unit {units[bad]!r} in column 'unit'",
            hint=f"use one of {', '.join(UNITS)}",
        )
    directions = table["direction"].to_numpy(dtype=object)
    bad = _first_position(~np.isin(directions, DIRECTIONS))
    if bad is not None:
        raise BosocError(
            f"{_describe_row(table, bad)}: unknown direction {directions[bad]!r} "
            "in column 'direction'",
            hint=f"use one of {', '.join(DIRECTIONS)}",
        )
    if (units == DKK).any() and "sum_sq" not in table.columns:
        raise BosocError(
            "indicator table: column 'sum_sq' is missing but there are rows of unit dkk",
            hint="a mean's interval needs n (denominator), the sum (numerator) and sum_sq",
        )
    duplicated = table.duplicated(["area_id", "indicator_id", "period"], keep="first")
    bad = _first_position(duplicated.to_numpy())
    if bad is not None:
        raise BosocError(
            f"{_describe_row(table, bad)}: the same area, indicator and period occur twice",
            hint="each indicator table row must be one area x period x indicator",
        )
    _validate_counts(table, units)


def _validate_counts(table: pd.DataFrame, units: npt.NDArray[np.object_]) -> None:
    x = table["numerator"].to_numpy(dtype=float)
    n = table["denominator"].to_numpy(dtype=float)
    counted = (units != DKK) & ~given_value_rows(table, units)
    checks = (
        ((n < 0), "denominator", "is negative", "a population count cannot be negative"),
        (counted & (x < 0), "numerator", "is negative", "a count cannot be negative"),
        (
            counted & (units == PCT) & (x > n),
            "numerator",
            "exceeds the denominator",
            "a pct indicator counts persons of its population",
        ),
    )
    for mask, column, problem, hint in checks:
        bad = _first_position(mask)
        if bad is not None:
            raise BosocError(f"{_describe_row(table, bad)}: column {column!r} {problem}", hint=hint)


def given_value_rows(table: pd.DataFrame, units: npt.NDArray[np.object_]) -> npt.NDArray[np.bool_]:
    """Rows whose value the indicator definition computed itself (ratio, criteria)."""
    if "value" not in table.columns:
        return np.asarray(units == RATIO)
    values = table["value"].to_numpy(dtype=float, na_value=np.nan)
    return np.asarray((units == RATIO) | np.isfinite(values))
