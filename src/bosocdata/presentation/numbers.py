"""Numbers as a reader expects them: Danish `1.234,5`, English `1,234.5`.

Decimals depend on the unit: counts none, percentages and rates one, DKK none, ratios
two. A missing number (suppressed or not computed) is shown as `–`.

Rounding is half away from zero on the number as written (6.25 -> 6,3; 3.55 -> 3,6),
as a reader rounding by hand would, not Python's round-half-even on the binary value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

MISSING = "–"
LOCAL_TIME = ZoneInfo("Europe/Copenhagen")

DECIMALS_BY_UNIT: dict[str, int] = {
    "pct": 1,
    "per100hh": 1,
    "per1000": 1,
    "dkk": 0,
    "ratio": 2,
}


def format_number(x: float | None, decimals: int, language: str) -> str:
    """`x` rounded to `decimals`, with the language's separators; `–` when missing."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return MISSING
    rounded = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # never show "-0,0"
    if language == "da":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_count(x: float | None, language: str) -> str:
    return format_number(x, 0, language)


def format_value(x: float | None, unit: str | None, language: str) -> str:
    return format_number(x, DECIMALS_BY_UNIT.get(unit or "", 1), language)


def format_interval(low: float | None, high: float | None, unit: str | None, language: str) -> str:
    """`12,1–15,3`; `–` when either end is missing."""
    if low is None or high is None:
        return MISSING
    return f"{format_value(low, unit, language)}–{format_value(high, unit, language)}"


def format_moment(
    text: str | None, language: str, months: Sequence[str], *, with_time: bool = True
) -> str:
    """An ISO time stamp as a reader writes it, in Danish local time (Europe/Copenhagen):
    `2026-12-07T21:46:28+00:00` -> `7. december 2026 kl. 22.46` (English `7 December
    2026, 22:46`); without the time `7. december 2026`. A stamp without a zone is UTC
    (the pipeline writes UTC); `–` when missing; text that is no time stamp as it is.
    `months`: the twelve month names of the language (the vocabulary's `months`)."""
    if not text or not text.strip():
        return MISSING
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(LOCAL_TIME)
    month = months[moment.month - 1]
    if language == "da":
        day = f"{moment.day}. {month} {moment.year}"
        return f"{day} kl. {moment:%H.%M}" if with_time else day
    day = f"{moment.day} {month} {moment.year}"
    return f"{day}, {moment:%H:%M}" if with_time else day
