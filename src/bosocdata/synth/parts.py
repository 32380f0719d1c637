"""The parts of persons a large delivery is generated and written in.

Memory grows with the persons generated at once, so a delivery above one Aarhus is
made in parts of at most `PART_SCALE`, each appended to the files as it is ready
(`generate`); the first part holds the 25 areas, the others further ordinary
neighbourhoods, each on its own map square, numbered on from the part before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PART_SCALE = 1.0  # the largest part of persons generated at once: an Aarhus


def part_scales(scale: float) -> list[float]:
    """The scale of each part of persons the delivery is generated in.

    Up to `PART_SCALE` (an Aarhus) one part; above it, equal parts of at most that, so
    that memory stays that of one Aarhus whatever the size. The first part holds the 25
    areas; the others are further ordinary neighbourhoods, each on its own map square.
    """
    n = max(1, math.ceil(round(scale / PART_SCALE, 9)))
    return [scale / n] * n


@dataclass
class Offsets:
    """Where the next part's dwellings, schools and persons start."""

    addresses: int = 0
    schools: int = 0
    persons: int = 0
