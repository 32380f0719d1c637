"""The change of an indicator over the last years, in words: a change of a percentage is
in percentage points ("steget 1,7 procentpoint siden 2022"), of a rate in its unit."""

from __future__ import annotations

import math

from bosocdata.presentation.numbers import DECIMALS_BY_UNIT, format_number
from bosocdata.presentation.vocabulary import Vocabulary

YEARS_BACK = 3


def change_unit(unit: str | None, t: Vocabulary) -> str:
    """The unit of a change: percentage points for a percentage, a rate's own unit, and
    nothing for a ratio (its unit, "times national level", does not read as a change)."""
    if unit == "pct":
        return t("percentage_points")
    if unit in (None, "", "ratio"):
        return ""
    return t.unit(unit)


def change_in_words(
    series: dict[int, float | None], period: int, unit: str | None, language: str
) -> str:
    """From the value `YEARS_BACK` years before `period` (or the earliest after it) to the
    value of `period`; "" when either is missing."""
    now = series.get(period)
    earlier = [p for p in sorted(series) if period - YEARS_BACK <= p < period]
    start = next((p for p in earlier if series.get(p) is not None), None)
    if now is None or start is None or math.isnan(now):
        return ""
    then = series[start]
    assert then is not None
    t = Vocabulary(language)
    decimals = DECIMALS_BY_UNIT.get(unit or "", 1)
    size = format_number(abs(now - then), decimals, language)
    if not any(digit in size for digit in "123456789"):  # zero as shown
        return t("change_unchanged", start=start)
    amount = f"{size} {change_unit(unit, t)}".strip()
    return t("change_up" if now > then else "change_down", amount=amount, start=start)
