"""Numbers in the reader's format (Danish decimal comma, "." between thousands)."""

from __future__ import annotations

from bosocdata.presentation.numbers import (
    format_count,
    format_interval,
    format_moment,
    format_number,
    format_value,
)
from bosocdata.presentation.vocabulary import Vocabulary


def test_danish_and_english_separators() -> None:
    assert format_number(1234567.891, 1, "da") == "1.234.567,9"
    assert format_number(1234567.891, 1, "en") == "1,234,567.9"
    assert format_count(361234, "da") == "361.234"
    assert format_count(999, "da") == "999"


def test_decimals_follow_the_unit() -> None:
    assert format_value(23.4954, "pct", "da") == "23,5"
    assert format_value(245123.4, "dkk", "da") == "245.123"
    assert format_value(1.2345, "ratio", "da") == "1,23"
    assert format_value(12.34, "per100hh", "da") == "12,3"


def test_missing_numbers_and_negative_zero() -> None:
    assert format_value(None, "pct", "da") == "–"
    assert format_value(float("nan"), "pct", "da") == "–"
    assert format_value(-0.04, "pct", "da") == "0,0"
    assert format_value(-1.26, "pct", "da") == "-1,3"


def test_interval() -> None:
    assert format_interval(22.1049, 24.9312, "pct", "da") == "22,1–24,9"
    assert format_interval(None, 24.9, "pct", "da") == "–"


def test_halves_round_up_as_by_hand() -> None:
    assert format_value(6.25, "pct", "da") == "6,3"  # exactly representable half
    assert format_value(3.55, "pct", "da") == "3,6"  # stored as 3.5499999...
    assert format_value(-2.25, "pct", "da") == "-2,3"
    assert format_count(2.5, "da") == "3"


def test_a_time_stamp_reads_as_a_danish_date_and_time_in_danish_time() -> None:
    months = {lang: Vocabulary(lang)("months").split() for lang in ("da", "en")}
    # winter: UTC+1; summer: UTC+2 (a late evening in UTC is the next day in Denmark)
    stamp = "2026-12-07T21:46:28+00:00"
    assert format_moment(stamp, "da", months["da"]) == "7. december 2026 kl. 22.46"
    assert format_moment(stamp, "en", months["en"]) == "7 December 2026, 22:46"
    summer = "2026-07-07T22:30:00+00:00"
    assert format_moment(summer, "da", months["da"]) == "8. juli 2026 kl. 00.30"
    assert format_moment(summer, "da", months["da"], with_time=False) == "8. juli 2026"
    assert format_moment("2025-01-15 10:00:00", "da", months["da"]) == "15. januar 2025 kl. 11.00"
    assert format_moment(None, "da", months["da"]) == "–"
    assert format_moment("sometime", "da", months["da"]) == "sometime"
