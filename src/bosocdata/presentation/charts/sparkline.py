"""A small line of an indicator over the years (the area solid, the municipality dashed),
for one row of the area profile: no axes, the values are in its text alternative."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 96, 26, 3


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    area: str  # polyline points
    benchmark: str
    last_x: str
    last_y: str


def sparkline(
    values: Sequence[float | None], benchmarks: Sequence[float | None]
) -> Sparkline | None:
    """None when the area has fewer than two values."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return None
    every = known + [b for b in benchmarks if b is not None]
    low, high = min(every), max(every)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)

    def points(series: Sequence[float | None]) -> list[tuple[float, float]]:
        return [
            (PAD + i * step, PAD + (high - v) / span * (HEIGHT - 2 * PAD))
            for i, v in enumerate(series)
            if v is not None
        ]

    area = points(values)
    bench = points(benchmarks)

    def text(found: list[tuple[float, float]]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in found)

    return Sparkline(
        WIDTH, HEIGHT, text(area), text(bench), f"{area[-1][0]:.1f}", f"{area[-1][1]:.1f}"
    )
