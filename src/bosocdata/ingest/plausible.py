"""Plausibility rules a cell must pass beyond its format, as SQL conditions.

Each function returns `(condition SQL, reason)` pairs: the row is rejected, with the
reason, when the condition is true. The rules and their bounds are documented in
docs/reference/bad-deliveries.md; the tests there hold them.

- No CPR number outside the `cpr` column: a cell of any other column holding ten digits
  (optionally `DDMMYY-SSSS` or with a space) whose first six are a plausible date is
  rejected, so a CPR number typed into a street, a name or an amount is never stored,
  published or shown (REGISTERS.md: the number is never written anywhere).
- No control characters (C0, DEL, C1) or bidirectional overrides in text and ids: they
  corrupt reports and can disguise what a page shows.
- Area ids follow `AREA_ID_PATTERN`: they become file names, URLs and keys beside the
  reserved `__all__` and `__rest__`.
- Dates between `EARLIEST_DATE` and `LATEST_DATE`; numbers finite.
"""

from __future__ import annotations

import re
from datetime import date

from bosocdata.registers import Column, Kind

# Ten digits with a plausible DDMM, not inside a longer run of digits.
_CPR_SHAPE = r"(^|[^0-9])(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}[- ]?[0-9]{4}([^0-9]|$)"
CPR_SHAPE = re.compile(_CPR_SHAPE)
_CONTROL = r"[\x00-\x1F\x7F-\x9F\x{202A}-\x{202E}\x{2066}-\x{2069}]"
AREA_ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}"
EARLIEST_DATE = date(1850, 1, 1)
LATEST_DATE = date(2099, 12, 31)

CPR_SHAPED = "holds a number shaped like a CPR number; a CPR number belongs in the cpr column only"
CONTROL_CHARACTER = "holds a control character (e.g. NUL, tab or a line break) or a direction mark"
BAD_AREA_ID = (
    "not a valid area id: 1-40 characters A-Z, a-z, 0-9, _ or -, the first a letter or digit"
)
NOT_FINITE = "not a finite number"
AMBIGUOUS_THOUSANDS = (
    "ambiguous in a ; file: a point before three digits may be a thousands separator "
    "(write 40300 or 40,3)"
)


def looks_like_cpr(text: str) -> bool:
    """True when `text` holds a CPR-shaped number (the Python twin of the SQL rule)."""
    return CPR_SHAPE.search(text) is not None


def shown_value(value: object) -> str:
    """`value` quoted for a message when it is a short, plain id; else a placeholder.

    Ids from a file that failed validation may hold anything (a CPR number, a line of
    another file); only what could be a valid id is quoted."""
    text = str(value)
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_ .-]{0,39}", text) and not looks_like_cpr(text):
        return repr(text)
    return "(not shown: not a valid id)"


def text_rules(column: Column, cell: str) -> list[tuple[str, str]]:
    """Rules for every column but `cpr`, on the trimmed raw text `cell`."""
    rules = [(f"regexp_matches({cell}, '{_CPR_SHAPE}')", CPR_SHAPED)]
    if column.kind in (Kind.TEXT, Kind.ID):
        rules.append((f"regexp_matches({cell}, '{_CONTROL}')", CONTROL_CHARACTER))
    if column.name == "area_id":
        rules.append((f"NOT regexp_full_match({cell}, '{AREA_ID_PATTERN}')", BAD_AREA_ID))
    return rules


def date_rules(parsed: str) -> list[tuple[str, str]]:
    """A parsed date within the plausible range."""
    low, high = EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat()
    return [
        (
            f"({parsed} < DATE '{low}' OR {parsed} > DATE '{high}')",
            f"outside the plausible range {low} to {high} (an open end is an empty cell)",
        )
    ]


def number_rules(cell: str, parsed: str, decimal_comma: bool) -> list[tuple[str, str]]:
    """A parsed number finite; in a `;` file no `40.300` (thousands or decimal point?)."""
    rules = [(f"NOT isfinite({parsed})", NOT_FINITE)]
    if decimal_comma:
        rules.insert(
            0, (f"regexp_full_match({cell}, '[+-]?[0-9]{{1,3}}\\.[0-9]{{3}}')", AMBIGUOUS_THOUSANDS)
        )
    return rules
