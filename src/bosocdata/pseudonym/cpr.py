"""The CPR number: its rules in Python (for single values and tests) and in SQL.

A CPR number is 10 digits, written `DDMMYY-SSSS` or `DDMMYYSSSS`. It is valid when
DDMMYY is a real date under the century rule (REGISTERS.md): the 7th digit together
with the two-digit year gives the century. There is no modulus-11 check (numbers
without it have been issued since 2007). The last digit gives the sex: odd = male.

The SQL expressions below are the vectorised twin of the Python functions; the tests
hold them to the same answers.
"""

from __future__ import annotations

import re
from datetime import date

_CPR_PATTERN = re.compile(r"(\d{6})-?(\d{4})")


class InvalidCpr(ValueError):
    """Not a valid CPR number. The message never contains the number itself."""


def century(seventh_digit: int, two_digit_year: int) -> int:
    """The century (1800, 1900 or 2000) of a CPR number's birth year."""
    if seventh_digit <= 3:
        return 1900
    if seventh_digit in (4, 9):
        return 2000 if two_digit_year <= 36 else 1900
    return 2000 if two_digit_year <= 57 else 1800


def parse_cpr(value: str) -> str:
    """The normalised 10-digit form of a CPR number; `InvalidCpr` when it is not one."""
    match = _CPR_PATTERN.fullmatch(value.strip())
    if match is None:
        raise InvalidCpr("not a CPR number (expected DDMMYY-SSSS or DDMMYYSSSS)")
    digits = match.group(1) + match.group(2)
    _birth_date(digits)
    return digits


def _birth_date(digits: str) -> date:
    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    full_year = century(int(digits[6]), year) + year
    try:
        return date(full_year, month, day)
    except ValueError:
        raise InvalidCpr(f"the date of CPR number {digits[:6]}-xxxx is not a real date") from None


def birth_date_from_cpr(value: str) -> date:
    """The birth date a CPR number encodes."""
    return _birth_date(parse_cpr(value))


def sex_from_cpr(value: str) -> str:
    """'M' when the last digit is odd, 'F' when it is even."""
    return "M" if int(parse_cpr(value)[-1]) % 2 == 1 else "F"


def mask_cpr(value: str) -> str:
    """`DDMMYY-xxxx`: the form in which a CPR number may be shown."""
    digits = re.sub(r"\D", "", value)
    if len(digits) < 6:
        return "xxxxxx-xxxx"
    return f"{digits[:6]}-xxxx"


_CPR_LIKE = re.compile(r"(\d{6})[- ]?\d{3,4}")


def scrub_text(text: str) -> str:
    """`text` with anything shaped like a CPR number masked (see `sql_scrub`)."""
    return _CPR_LIKE.sub(r"\1-xxxx", text)


# --- SQL (DuckDB) -----------------------------------------------------------------

_CPR_SQL_PATTERN = r"\d{6}-?\d{4}"


def sql_normalise(cell: str, *, pad_nine_digits: bool = False) -> str:
    """SQL: the 10-digit form of a well-formed CPR cell, else NULL (date not checked).

    `pad_nine_digits` restores the leading zero that spreadsheets drop from numbers.
    """
    padded = f"CASE WHEN regexp_full_match({cell}, '\\d{{9}}') THEN '0' || {cell} ELSE {cell} END"
    value = padded if pad_nine_digits else cell
    return (
        f"CASE WHEN regexp_full_match({value}, '{_CPR_SQL_PATTERN}') "
        f"THEN replace({value}, '-', '') END"
    )


def sql_century(digits: str) -> str:
    """SQL: the century of a normalised CPR number (see `century`)."""
    seventh = f"CAST(substr({digits}, 7, 1) AS INTEGER)"
    year = f"CAST(substr({digits}, 5, 2) AS INTEGER)"
    return (
        f"CASE WHEN {seventh} <= 3 THEN 1900 "
        f"WHEN {seventh} IN (4, 9) THEN CASE WHEN {year} <= 36 THEN 2000 ELSE 1900 END "
        f"ELSE CASE WHEN {year} <= 57 THEN 2000 ELSE 1800 END END"
    )


def sql_birth_date(digits: str) -> str:
    """SQL: the birth date of a normalised CPR number, NULL when it is not a real date."""
    year = f"{sql_century(digits)} + CAST(substr({digits}, 5, 2) AS INTEGER)"
    full_year = f"lpad(CAST({year} AS VARCHAR), 4, '0')"
    return (
        f"TRY_CAST({full_year} || '-' || substr({digits}, 3, 2) || '-' || "
        f"substr({digits}, 1, 2) AS DATE)"
    )


def sql_sex(digits: str) -> str:
    """SQL: 'M' or 'F' from the last digit of a normalised CPR number."""
    return f"CASE WHEN CAST(substr({digits}, 10, 1) AS INTEGER) % 2 = 1 THEN 'M' ELSE 'F' END"


def sql_mask(cell: str) -> str:
    """SQL: `DDMMYY-xxxx` from a raw cell when it starts with six digits; otherwise the
    cell with every digit an `x`, at most 20 characters (`O10190-1234`, a letter O for a
    zero, shows as `Oxxxxx-xxxx`: the fault is seen, no digit is)."""
    return (
        f"CASE WHEN regexp_matches({cell}, '^\\d{{6}}') THEN substr({cell}, 1, 6) || '-xxxx' "
        f"ELSE left(regexp_replace({cell}, '\\d', 'x', 'g'), 20) END"
    )


def sql_scrub(cell: str) -> str:
    """SQL: a cell's text with anything shaped like a CPR number masked, at most 60 chars.

    Used for the `value` column of the rejects report, so that a CPR number typed into
    the wrong column never reaches the report either.
    """
    return f"left(regexp_replace({cell}, '(\\d{{6}})[- ]?\\d{{3,4}}', '\\1-xxxx', 'g'), 60)"
