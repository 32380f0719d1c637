"""Parsing shared by several commands."""

from __future__ import annotations

import re

from bosocdata.errors import BosocError


def parse_years(text: str) -> tuple[int, int]:
    """`2010-2025` or `2024` -> (first, last)."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*", text)
    if not match:
        raise BosocError(f"cannot read the years {text!r}", hint="write them as 2010-2025")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise BosocError(f"the years {text!r} run backwards", hint="write the first year first")
    return first, last
