"""The evaluation table of INTERFACE.md: long format, one row per estimate."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

import pandas as pd

#: INTERFACE.md, "The evaluation table", in its order.
EVALUATION_COLUMNS: Final = (
    "intervention_id",
    "area_id",
    "indicator_id",
    "method",
    "estimand",
    "group",
    "period",
    "base_period",
    "unit",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "n_treated",
    "n_control",
    "suppressed",
)

#: Columns added beside the contract's (add freely, never rename).
EXTRA_COLUMNS: Final = ("note",)

_TEXT = ("intervention_id", "area_id", "indicator_id", "method", "estimand", "unit", "note")
_INT = ("group", "period", "base_period", "n_treated", "n_control")
_FLOAT = ("estimate", "se", "ci_low", "ci_high")

#: The two-sided 95 % normal quantile used for the intervals.
Z95: Final = 1.959963984540054


def row(**values: Any) -> dict[str, Any]:
    """One row of the evaluation table; unknown column names are a programming error."""
    unknown = set(values) - set(EVALUATION_COLUMNS) - set(EXTRA_COLUMNS)
    if unknown:
        raise KeyError(f"not a column of the evaluation table: {sorted(unknown)}")
    return values


def with_interval(estimate: float, se: float | None) -> dict[str, float | None]:
    """estimate, se and its normal 95 % interval (None where there is no se)."""
    if se is None or pd.isna(se):
        return {"estimate": estimate, "se": None, "ci_low": None, "ci_high": None}
    return {
        "estimate": estimate,
        "se": se,
        "ci_low": estimate - Z95 * se,
        "ci_high": estimate + Z95 * se,
    }


def evaluation_frame(
    rows: Iterable[Mapping[str, Any]], defaults: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """The rows as a typed frame with exactly the contract's columns, then the extras."""
    frame = pd.DataFrame([{**(defaults or {}), **r} for r in rows])
    for column in (*EVALUATION_COLUMNS, *EXTRA_COLUMNS):
        if column not in frame.columns:
            frame[column] = None
    for column in _TEXT:
        frame[column] = frame[column].astype("string")
    for column in _INT:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    for column in _FLOAT:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame["suppressed"] = frame["suppressed"].fillna(False).astype(bool)
    return frame[[*EVALUATION_COLUMNS, *EXTRA_COLUMNS]].reset_index(drop=True)
