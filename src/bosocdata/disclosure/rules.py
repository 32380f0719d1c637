"""The primary suppression rule and the columns disclosure control knows about.

Kept apart from `disclosure.py` so that the audit reads the very same definitions
(which units have a complement, which columns are identifying) as the suppression.
See docs/concepts/disclosure-control.md.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from bosocdata.errors import BosocError

ALL_AREA: Final = "__all__"
REST_AREA: Final = "__rest__"

#: Units whose numerator counts persons/households out of the denominator, so that
#: denominator - numerator is a count too (the people *without* the trait).
PROPORTION_UNITS: Final = frozenset({"pct"})
#: Units whose numerator counts events: the rule reads numerator and denominator.
EVENT_UNITS: Final = frozenset({"per100hh", "per1000"})
#: Units whose numerator is not a count of people (a sum of DKK, a ratio): the rule
#: reads the denominator (the persons the mean or ratio is taken over) only.
DENOMINATOR_ONLY_UNITS: Final = frozenset({"dkk", "ratio"})

#: What a numerator counts decides the threshold rule better than the unit can: the
#: official criterion `krit_domme` is a `ratio` whose numerator counts convicted
#: persons, and `krit_indkomst` a `pct` whose numerator is a sum of incomes. When the
#: table has a `numerator_kind` column, each kind is ruled as the unit named here.
RULE_UNIT_OF_KIND: Final = {"persons": "pct", "events": "per1000", "sum": "dkk"}


def rule_units(table: pd.DataFrame) -> npt.NDArray[np.object_]:
    """The unit whose threshold rule applies to each row (see RULE_UNIT_OF_KIND)."""
    units = table["unit"].astype(str).to_numpy(dtype=object)
    if "numerator_kind" not in table.columns:
        return units
    kinds = table["numerator_kind"].map(RULE_UNIT_OF_KIND)
    return np.where(kinds.notna().to_numpy(), kinds.to_numpy(dtype=object), units)


#: Columns that identify a cell or describe the indicator, never a hidden number.
#: Every other column is withheld on a suppressed row, so a statistic column added
#: later is withheld by default.
IDENTIFYING_COLUMNS: Final = (
    "area_id",
    "area_name",
    "period",
    "indicator_id",
    "unit",
    "direction",
    "benchmark",
    "suppressed",
    "denominator_group",
    "numerator_kind",
)

#: Columns computed over an area's series of periods (a trend over the years): they
#: would give away a suppressed period, so they are withheld for the whole series.
SERIES_COLUMN_PREFIXES: Final = ("trend",)
#: Columns computed from the `__all__` cell (the benchmark and what compares with it):
#: withheld for the whole period and indicator when the `__all__` cell is suppressed.
BENCHMARK_COLUMN_PREFIXES: Final = ("benchmark", "comparison", "funnel")
#: Columns computed across the areas of one period and indicator (ranks): withheld for
#: the whole period and indicator when any of its cells is suppressed.
CROSS_AREA_COLUMN_PREFIXES: Final = ("rank", "percentile")

REQUIRED_COLUMNS: Final = ("area_id", "period", "indicator_id", "unit", "numerator", "denominator")


def check_k(k: int) -> None:
    """k is the smallest count that may be published; it must be a positive integer."""
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise BosocError(
            f"the suppression threshold k must be a whole number of at least 1, got {k!r}",
            hint="use k=5 (Statistics Denmark's usual minimum) or higher",
        )


def check_columns(table: pd.DataFrame, what: str) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise BosocError(
            f"{what} lacks the column(s) {', '.join(missing)}",
            hint="disclosure control reads the indicator table of docs/concepts/architecture.md",
        )


def primary_unsafe(
    unit: npt.ArrayLike, numerator: npt.ArrayLike, denominator: npt.ArrayLike, k: int
) -> npt.NDArray[np.bool_]:
    """True where a cell breaks the threshold rule and must be suppressed.

    - `pct`: numerator < k, denominator < k or denominator - numerator < k.
    - `per100hh`, `per1000`: numerator (events) < k or denominator < k.
    - `dkk`, `ratio`: denominator (persons) < k.
    - any other unit: the strictest of these (all three counts).
    A count that is missing cannot be checked, so the cell is suppressed (fail closed).
    """
    units = np.asarray(unit, dtype=object)
    n = np.asarray(numerator, dtype=np.float64)
    d = np.asarray(denominator, dtype=np.float64)
    proportion = np.isin(units, list(PROPORTION_UNITS))
    events = np.isin(units, list(EVENT_UNITS))
    denominator_only = np.isin(units, list(DENOMINATOR_ONLY_UNITS))
    unknown = ~(proportion | events | denominator_only)
    with np.errstate(invalid="ignore"):
        small_n = ~(n >= k)  # NaN counts as small: fail closed
        small_d = ~(d >= k)
        small_complement = ~((d - n) >= k)
    return (
        small_d
        | ((proportion | events | unknown) & small_n)
        | ((proportion | unknown) & small_complement)
    )


def has_complement(unit: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """True where denominator - numerator is a count (numerator <= denominator)."""
    return np.isin(np.asarray(unit, dtype=object), list(PROPORTION_UNITS))
