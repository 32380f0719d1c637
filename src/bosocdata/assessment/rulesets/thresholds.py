"""Threshold tests and the distance to a threshold in persons, in exact arithmetic.

The distance answers: how many residents would have to change status (become attached
to the labour market, be convicted, move in or out, ...) for a criterion to flip between
met and not met, everything else held fixed. Floats are read through their shortest
decimal form (`40.1` is 401/10, not 40.09999...), so `40.1 % of 1,000` is exactly 401.
"""

from __future__ import annotations

import functools
import math
from decimal import Decimal
from fractions import Fraction

from bosocdata.assessment.rulesets.model import Operator

Number = int | float | Decimal | Fraction


@functools.lru_cache(maxsize=65536, typed=True)  # typed: True must not be taken for 1
def exact(value: Number) -> Fraction:
    """`value` as an exact fraction; a float as the decimal it was written as.

    Remembered: the thresholds and many values recur across areas and years, and the
    decimal conversion is what the distances spend most of their time on."""
    if isinstance(value, bool):
        raise TypeError("a bool is not a number here")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {value}")
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def is_met(value: Number, operator: Operator, threshold: Number) -> bool:
    """`value <operator> threshold`."""
    a, t = exact(value), exact(threshold)
    if operator == ">":
        return a > t
    if operator == ">=":
        return a >= t
    if operator == "<":
        return a < t
    return a <= t


def _steps_to_flip(amount: Fraction, limit: Fraction, operator: Operator) -> int:
    """Smallest whole k >= 1 such that moving `amount` by k flips `amount <op> limit`.

    The boundary value `limit` itself is met under `>=` and `<=`, not met under `>`
    and `<`. From the side that contains the boundary, the amount must pass it:
    k = floor(|amount - limit|) + 1 (e.g. 400 of 1,000 is not > 40 %: 401 needed, k = 1).
    From the other side, reaching it is enough: k = ceil(|amount - limit|) (e.g. 401 of
    1,000 is > 40 %: down to 400, k = 1). With a whole `amount` these are the textbook
    `floor(limit) + 1 - amount` and so on; with an approximated (fractional) amount they
    still give the least whole number of persons.
    """
    gap = abs(amount - limit)
    boundary_is_met = operator in (">=", "<=")
    on_boundary_side = is_met(amount, operator, limit) == boundary_is_met
    return math.floor(gap) + 1 if on_boundary_side else math.ceil(gap)


def _direction(amount: Fraction, limit: Fraction, operator: Operator) -> int:
    """+1 if flipping needs a larger amount, -1 if a smaller one."""
    met = is_met(amount, operator, limit)
    rising_meets = operator in (">", ">=")
    return -1 if met == rising_meets else 1


@functools.lru_cache(maxsize=65536, typed=True)
def count_to_flip(count: Number, threshold: Number, operator: Operator) -> int:
    """Persons who would have to move in or out for `count <op> threshold` to flip.

    `count_to_flip(999, 1000, ">=") == 1` and `count_to_flip(1000, 1000, ">=") == 1`.
    """
    return _steps_to_flip(exact(count), exact(threshold), operator)


@functools.lru_cache(maxsize=65536, typed=True)  # the secure and the published
def persons_to_flip(  # classifications ask mostly the same questions
    numerator: Number, denominator: Number, threshold: Number, operator: Operator
) -> int | None:
    """Persons of the denominator who would have to change status for the share to flip.

    The share is `100 * numerator / denominator` percent and the criterion is
    `share <operator> threshold` (threshold in percent). The denominator is held fixed:
    a person changes status, nobody moves. From person data `numerator` is a whole count;
    from area-level data it may be the approximation `value * denominator / 100`.
    None when the denominator is not positive or no change of status can flip it (e.g.
    a share above 100 % would be needed).
    """
    n = exact(denominator)
    if n <= 0:
        return None
    amount = exact(numerator)
    limit = exact(threshold) * n / 100
    steps = _steps_to_flip(amount, limit, operator)
    moved = amount + steps * _direction(amount, limit, operator)
    if moved < 0 or moved > n:
        return None
    return steps
