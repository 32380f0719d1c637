"""What the charts share: coordinates as SVG writes them, ticks and their labels, the
colours of the comparison and the map's palette."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bosocdata.presentation.numbers import format_number

# A sequential palette (ColorBrewer YlOrRd, 5 classes): darker = higher value.
MAP_PALETTE: tuple[str, ...] = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
MAP_MISSING = "#d9d9d9"

# The comparison's colours where a chart carries its own (the PDF: WeasyPrint draws
# inline SVG without the page's stylesheet). A chart also writes the class
# `spine-<comparison>`, by which the web's stylesheet colours it in the web's palette.
COMPARISON_COLOURS: dict[str, str] = {
    "better": "#4d9a3f",
    "similar": "#e9b526",
    "worse": "#c0392b",
    "none": "#b8b8b8",
    "benchmark": "#1f3b57",
}
INK = "#222222"
FONT = "DejaVu Sans, sans-serif"


def _fmt(v: float) -> str:
    return f"{v:.1f}"


@dataclass(frozen=True)
class Tick:
    pos: str
    label: str


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten) covering low..high."""
    if not math.isfinite(low) or not math.isfinite(high) or high <= low:
        return [low]
    raw_step = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw_step)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def tick_decimals(v: float) -> int:
    """Decimals a round tick value needs: 20 -> 0, 2.5 -> 1, 0.25 -> 2."""
    for decimals in (0, 1, 2):
        if abs(v - round(v, decimals)) < 1e-9:
            return decimals
    return 3


def tick_labels(ticks: list[float], language: str) -> list[str]:
    """The ticks of one axis as a reader writes them (numbers.format_number), all with
    the decimals the finest of them needs: 0,0 0,5 1,0, not 0 0,5 1."""
    decimals = max((tick_decimals(t) for t in ticks), default=0)
    return [format_number(t, decimals, language) for t in ticks]


def text_width(text: str, font_size: float) -> float:
    """About how wide `text` is in DejaVu Sans: digits and most letters 0.62 em, the
    separators and narrow letters 0.32 em. Enough to keep labels clear of each other."""
    narrow = sum(1 for c in text if c in ".,:;'il|! ")
    return font_size * (0.62 * (len(text) - narrow) + 0.32 * narrow)
