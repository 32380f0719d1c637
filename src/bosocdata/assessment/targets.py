"""Targets as data: an area's (or a group's) goal per indicator and year, and its status.

A helhedsplan sets goals per indicator (Landsbyggefonden's målsætninger); the targets
file holds them, one row per area or group, indicator and year, with the source of the
goal. Status against the target reads the value's 95 % interval, as England's public
health profiles do:

- `met`: the whole interval is on the good side of the target (the target included),
- `not_met`: the whole interval is on the bad side,
- `cannot_tell`: the interval holds the target, or there is no value (not computed yet,
  or withheld by disclosure control).

"Good side" follows the indicator's direction: for `up_is_worse` the target is a
ceiling (at most), for `down_is_worse` a floor (at least). Where a value has no interval
(a `ratio`), the value alone decides. See docs/concepts/assessment.md (Targets).
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from bosocdata.assessment.criteria_csv import CsvDialect, parse_number, read_raw
from bosocdata.errors import BosocError

TARGET_COLUMNS: Final = ("area_id", "indicator_id", "year", "target", "source")
STATUSES: Final = ("met", "not_met", "cannot_tell")
STATUS_COLUMNS: Final = (
    "area_id",
    "area_name",
    "period",
    "indicator_id",
    "unit",
    "direction",
    "target",
    "source",
    "value",
    "ci_low",
    "ci_high",
    "status",
)


def read_targets(
    path: Path,
    *,
    areas: Collection[str] | None = None,
    indicators: Collection[str] | None = None,
) -> pd.DataFrame:
    """The targets file (`BOSOC_TARGETS`), checked: one line per problem, the first raised.

    `areas` and `indicators`: when given, the ids a row may name (a group's id counts as
    an area's). Numbers in either CSV dialect (`35,5` with `;`, `35.5` with `,`).
    """
    raw, dialect = read_raw(path)
    for name in TARGET_COLUMNS:
        if name not in raw.columns:
            raise BosocError(
                f"{path.name}: column `{name}` is missing",
                hint="the columns are: " + ", ".join(TARGET_COLUMNS),
            )
    rows = []
    seen: dict[tuple[str, str, int], int] = {}
    for line, record in enumerate(raw.to_dict("records"), start=2):
        cells = {str(k): str(v) for k, v in record.items()}
        row = _row(cells, line, path, dialect, areas, indicators)
        key = (row[0], row[1], row[2])
        if key in seen:
            raise BosocError(
                f"{path.name}: lines {seen[key]} and {line}: two targets for area "
                f"{key[0]}, indicator {key[1]}, year {key[2]}",
                hint="one target per area, indicator and year",
            )
        seen[key] = line
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(TARGET_COLUMNS))
    return frame.astype({"year": "int64", "target": "float64"})


def _row(
    cells: dict[str, str],
    line: int,
    path: Path,
    dialect: CsvDialect,
    areas: Collection[str] | None,
    indicators: Collection[str] | None,
) -> tuple[str, str, int, float, str]:
    def bad(column: str, why: str, hint: str) -> BosocError:
        return BosocError(f"{path.name}: line {line}, column `{column}`: {why}", hint=hint)

    text = {k: str(cells.get(k, "")).strip() for k in TARGET_COLUMNS}
    for column in TARGET_COLUMNS:
        if not text[column]:
            raise bad(column, "empty", "every target needs area, indicator, year, value and source")
    if areas is not None and text["area_id"] not in areas:
        raise bad("area_id", f"{text['area_id']!r} is not an area or group", "see the areas page")
    if indicators is not None and text["indicator_id"] not in indicators:
        raise bad(
            "indicator_id",
            f"{text['indicator_id']!r} is not an indicator",
            "see `bosoc indicators list`",
        )
    try:
        year = parse_number(text["year"], dialect, "year")
        if year != year.to_integral_value() or not 1900 <= year <= 2200:
            raise ValueError("is not a year")
    except ValueError as why:
        raise bad("year", f"{text['year']!r} {why}", "a year like 2026") from None
    try:
        # "count": a Danish "250.000" kr. is a quarter of a million, as a spreadsheet writes it
        target: Decimal = parse_number(text["target"], dialect, "count")
    except ValueError as why:
        raise bad("target", f"{text['target']!r} {why}", "in the indicator's unit") from None
    return (text["area_id"], text["indicator_id"], int(year), float(target), text["source"])


def status_of(
    value: float | None,
    ci_low: float | None,
    ci_high: float | None,
    target: float,
    direction: str,
) -> str:
    """`met`, `not_met` or `cannot_tell` for one value against its target."""
    if value is None or pd.isna(value):
        return "cannot_tell"
    low = value if ci_low is None or pd.isna(ci_low) else ci_low
    high = value if ci_high is None or pd.isna(ci_high) else ci_high
    if direction == "down_is_worse":  # the target is a floor: at least
        low, high, target = -high, -low, -target
    if high <= target:
        return "met"
    if low > target:
        return "not_met"
    return "cannot_tell"


def target_status(table: pd.DataFrame, targets: pd.DataFrame | None) -> pd.DataFrame:
    """One row per target with the value, its interval and the status (STATUS_COLUMNS).

    `table` is the indicator table the status is read from: the published one, so a
    withheld value is missing here and its status `cannot_tell`.
    """
    if targets is None or targets.empty:
        return pd.DataFrame({c: pd.Series(dtype=_DTYPES.get(c, object)) for c in STATUS_COLUMNS})
    cells = table[
        ["area_id", "area_name", "period", "indicator_id", "unit", "direction", "value"]
        + [c for c in ("ci_low", "ci_high") if c in table.columns]
    ].drop_duplicates(["area_id", "period", "indicator_id"])
    merged = targets.rename(columns={"year": "period"}).merge(
        cells.assign(period=cells["period"].astype("int64")),
        on=["area_id", "period", "indicator_id"],
        how="left",
    )
    for column in ("ci_low", "ci_high"):
        if column not in merged.columns:
            merged[column] = np.nan
    direction = merged["direction"].fillna(_directions(table, merged["indicator_id"]))
    merged["direction"] = direction
    merged["unit"] = merged["unit"].fillna(_units(table, merged["indicator_id"]))
    merged["area_name"] = merged["area_name"].fillna(_names(table, merged["area_id"]))
    merged["status"] = [
        status_of(v, lo, hi, t, str(d))
        for v, lo, hi, t, d in zip(
            merged["value"],
            merged["ci_low"],
            merged["ci_high"],
            merged["target"],
            merged["direction"],
            strict=True,
        )
    ]
    return merged[list(STATUS_COLUMNS)].sort_values(
        ["period", "area_id", "indicator_id"], ignore_index=True
    )


def _lookup(table: pd.DataFrame, key: str, column: str, keys: pd.Series) -> pd.Series:
    known = table.drop_duplicates(key).set_index(key)[column]
    return keys.map(known)


def _directions(table: pd.DataFrame, ids: pd.Series) -> pd.Series:
    """A target for a year not computed yet still knows its indicator's direction."""
    return _lookup(table, "indicator_id", "direction", ids)


def _units(table: pd.DataFrame, ids: pd.Series) -> pd.Series:
    return _lookup(table, "indicator_id", "unit", ids)


def _names(table: pd.DataFrame, ids: pd.Series) -> pd.Series:
    return _lookup(table, "area_id", "area_name", ids).fillna(ids)


_DTYPES: Final = {
    "period": "int64",
    "target": "float64",
    "value": "float64",
    "ci_low": "float64",
    "ci_high": "float64",
}
