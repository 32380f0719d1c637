"""The units and directions of the indicator table, and what the statistics need to know of them."""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
from scipy import special

FloatArray = npt.NDArray[np.float64]

PCT: Final = "pct"
PER100HH: Final = "per100hh"
PER1000: Final = "per1000"
DKK: Final = "dkk"
RATIO: Final = "ratio"

UNITS: Final = (PCT, PER100HH, PER1000, DKK, RATIO)

#: value = numerator / denominator x MULTIPLIER for the count-based units.
MULTIPLIER: Final[dict[str, float]] = {PCT: 100.0, PER100HH: 100.0, PER1000: 1000.0}

RATE_UNITS: Final = frozenset({PER100HH, PER1000})

UP_IS_WORSE: Final = "up_is_worse"
DOWN_IS_WORSE: Final = "down_is_worse"
DIRECTIONS: Final = (UP_IS_WORSE, DOWN_IS_WORSE)

#: The two interval levels of the indicator table: ci_* and ci99_*.
CONFIDENCE_95: Final = 0.95
CONFIDENCE_998: Final = 0.998


def as_float_array(values: npt.ArrayLike) -> FloatArray:
    """A float64 copy-free view where possible; None and pandas NA become NaN."""
    return np.asarray(values, dtype=np.float64)


def two_sided_z(confidence: float) -> float:
    """The standard normal quantile for a two-sided interval: 1.959964 for 0.95."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence}")
    return float(special.ndtri(1.0 - (1.0 - confidence) / 2.0))
