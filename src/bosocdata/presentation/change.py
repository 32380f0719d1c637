"""The change of an indicator over the last years, in words: a change of a percentage is
in percentage points ("steget 1,7 procentpoint siden 2022"), of a rate in its unit."""

from __future__ import annotations

import math

from bosocdata.presentation.numbers import DECIMALS_BY_UNIT, format_number

CHANGE_UNITS = {
    "pct": ("procentpoint", "percentage points"),
    "per100hh": ("pr. 100 husstande", "per 100 households"),
    "per1000": ("pr. 1.000 beboere", "per 1,000 residents"),
    "dkk": ("kr.", "DKK"),
    "ratio": ("", ""),
}
YEARS_BACK = 3


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
    da = language != "en"
    decimals = DECIMALS_BY_UNIT.get(unit or "", 1)
    size = format_number(abs(now - then), decimals, language)
    words = CHANGE_UNITS.get(unit or "", ("", ""))[0 if da else 1]
    amount = f"{size} {words}".strip()
    if float(size.replace(".", "").replace(",", ".") if da else size.replace(",", "")) == 0:
        return f"uændret siden {start}" if da else f"unchanged since {start}"
    if da:
        return f"{'steget' if now > then else 'faldet'} {amount} siden {start}"
    return f"{'up' if now > then else 'down'} {amount} since {start}"
