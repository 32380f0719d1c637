"""An area-year (unit-time) panel, checked before any estimator sees it."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from bosocdata.errors import BosocError


@dataclass
class Panel:
    """One row per unit and time: `unit`, `time` (int), `y` (float), `cohort` (int, 0 = never).

    `cohort` is the first treated period of the unit; 0 for a unit never treated.
    """

    data: pd.DataFrame
    outcome: str = "y"
    warnings: list[str] = field(default_factory=list)

    @property
    def times(self) -> list[int]:
        return sorted(int(t) for t in self.data["time"].unique())

    def cohorts(self) -> dict[int, int]:
        """cohort -> number of units in it (treated cohorts only)."""
        per_unit = self.data.groupby("unit")["cohort"].first()
        counts = per_unit[per_unit > 0].value_counts().sort_index()
        return {int(str(g)): int(n) for g, n in counts.items()}

    def n_never(self) -> int:
        per_unit = self.data.groupby("unit")["cohort"].first()
        return int((per_unit == 0).sum())


def make_panel(
    frame: pd.DataFrame,
    *,
    unit: str,
    time: str,
    outcome: str,
    cohort: str | None = None,
    keep: tuple[str, ...] = (),
) -> Panel:
    """The panel from a frame; refuses missing columns, non-numbers and duplicates.

    `keep` names further columns (predictors) carried along as `x:NAME`.
    """
    needed = [c for c in (unit, time, outcome, cohort, *keep) if c is not None]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise BosocError(
            f"the panel has no column {', '.join(missing)}",
            hint=f"its columns are: {', '.join(map(str, frame.columns))}",
        )
    data = pd.DataFrame(
        {
            "unit": frame[unit].astype(str),
            "time": _whole_numbers(frame[time], time),
            "y": pd.to_numeric(frame[outcome], errors="coerce"),
        }
    )
    bad = data["y"].isna() & frame[outcome].notna()
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0])
        raise BosocError(
            f"row {first + 2}, column {outcome}: not a number ({frame[outcome].iloc[first]!r})",
            hint="the outcome must be numeric (decimal point .)",
        )
    if cohort is not None:
        raw = pd.to_numeric(frame[cohort], errors="coerce").fillna(0)
        data["cohort"] = raw.astype("int64")
    else:
        data["cohort"] = 0
    for name in keep:
        data[f"x:{name}"] = pd.to_numeric(frame[name], errors="coerce").to_numpy()
    dupes = data.duplicated(["unit", "time"])
    if dupes.any():
        first = int(np.flatnonzero(dupes.to_numpy())[0])
        raise BosocError(
            f"row {first + 2}: unit {data['unit'].iloc[first]} and {time} "
            f"{data['time'].iloc[first]} occur twice",
            hint="a panel has one row per unit and time",
        )
    per_unit = data.groupby("unit")["cohort"].nunique()
    if (per_unit > 1).any():
        raise BosocError(
            f"unit {per_unit[per_unit > 1].index[0]} has more than one value of {cohort}",
            hint="the cohort (first treated period) is one value per unit",
        )
    data = data.dropna(subset=["y"]).sort_values(["unit", "time"]).reset_index(drop=True)
    return Panel(data, outcome)


def _whole_numbers(column: pd.Series, name: str) -> pd.Series:
    values = pd.to_numeric(column, errors="coerce")
    bad = values.isna() | (values != values.round())
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0])
        raise BosocError(
            f"row {first + 2}, column {name}: not a whole-number period ({column.iloc[first]!r})",
            hint="the time column holds years (or another whole-number period)",
        )
    return values.astype("int64")


def require_balanced(panel: Panel) -> None:
    """Refuse a panel where some unit lacks some period (the estimators need them all)."""
    counts = panel.data.groupby("unit")["time"].nunique()
    n_times = len(panel.times)
    short = counts[counts < n_times]
    if not short.empty:
        have = set(panel.data.loc[panel.data["unit"] == short.index[0], "time"])
        lacking = sorted(set(panel.times) - have)
        raise BosocError(
            f"unit {short.index[0]} has no value for period {lacking[0]} "
            f"({len(short)} unit(s) lack periods)",
            hint="the estimators need a balanced panel: every unit in every period",
        )
