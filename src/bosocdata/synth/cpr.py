"""Fictitious CPR numbers, valid under the contract's century rule.

The 7th digit together with the two-digit year gives the century (REGISTERS.md):

| 7th digit | year 00-36 | year 37-57 | year 58-99 |
|---|---|---|---|
| 0-3 | 1900s | 1900s | 1900s |
| 4, 9 | 2000s | 1900s | 1900s |
| 5-8 | 2000s | 2000s | 1800s |

Serial numbers are random (no modulus-11 check); the last digit is odd for men and
even for women. Numbers are unique per person.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from bosocdata.synth.dates import split


def _allowed_seventh_digits(year: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """A (n, 6) table of the 7th digits that give each birth year; -1 pads shorter rows."""
    yy = year % 100
    century = year // 100
    table = np.full((len(year), 6), -1, dtype=np.int64)
    rules = (
        ((century == 19) & (yy <= 36), (0, 1, 2, 3)),
        ((century == 19) & (yy >= 37), (0, 1, 2, 3, 4, 9)),
        ((century == 20) & (yy <= 36), (4, 5, 6, 7, 8, 9)),
        ((century == 20) & (yy >= 37) & (yy <= 57), (5, 6, 7, 8)),
        ((century == 18) & (yy >= 58), (5, 6, 7, 8)),
    )
    covered = np.zeros(len(year), dtype=bool)
    for mask, digits in rules:
        table[mask, : len(digits)] = digits
        covered |= mask
    if not covered.all():
        raise ValueError("a birth year outside 1858-2057 has no CPR century digit")
    return table


def make_cpr(
    birth: npt.NDArray[np.integer],
    male: npt.NDArray[np.bool_],
    rng: np.random.Generator,
    taken: npt.NDArray[np.int64] | None = None,
) -> npt.NDArray[np.int64]:
    """The CPR numbers as integers DDMMYYSSSS (format with `format_cpr`).

    `taken` (sorted) are numbers given to earlier parts of the delivery: none is reused.
    """
    year, month, dom = split(birth)
    allowed = _allowed_seventh_digits(year)
    n_allowed = (allowed >= 0).sum(axis=1)
    date_part = dom * 100_000_000 + month * 1_000_000 + (year % 100) * 10_000
    serial = np.zeros(len(birth), dtype=np.int64)
    todo = np.arange(len(birth))
    while len(todo):
        pick = np.floor(rng.random(len(todo)) * n_allowed[todo]).astype(np.int64)
        seventh = allowed[todo, pick]
        middle = rng.integers(0, 100, len(todo))
        last = 2 * rng.integers(0, 5, len(todo)) + male[todo].astype(np.int64)
        serial[todo] = seventh * 1000 + middle * 10 + last
        numbers = date_part + serial
        _, first_index = np.unique(numbers, return_index=True)
        duplicate = np.ones(len(numbers), dtype=bool)
        duplicate[first_index] = False
        if taken is not None and len(taken):
            at = np.minimum(np.searchsorted(taken, numbers), len(taken) - 1)
            duplicate |= taken[at] == numbers
        todo = np.flatnonzero(duplicate)
    return date_part + serial


def format_cpr(numbers: npt.NDArray[np.int64], *, dash: bool) -> pa.Array:
    """`DDMMYY-SSSS` (dash) or `DDMMYYSSSS` as strings."""
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), width=10, padding="0")
    if not dash:
        return digits
    head = pc.utf8_slice_codeunits(digits, 0, 6)
    tail = pc.utf8_slice_codeunits(digits, 6, 10)
    return pc.binary_join_element_wise(head, tail, "-")
