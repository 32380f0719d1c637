"""What the charts share: coordinates as SVG writes them, ticks, the map's palette."""

from __future__ import annotations

from dataclasses import dataclass

# A sequential palette (ColorBrewer YlOrRd, 5 classes): darker = higher value.
MAP_PALETTE: tuple[str, ...] = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
MAP_MISSING = "#d9d9d9"


def _fmt(v: float) -> str:
    return f"{v:.1f}"


@dataclass(frozen=True)
class Tick:
    pos: str
    label: str
