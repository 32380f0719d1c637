"""The spine chart of an indicator, on the web's area profile and in the PDF report: the
spread of the housing areas' values around the municipality, and the area as a dot."""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from bosocdata.presentation.charts.common import COMPARISON_COLOURS, INK, _fmt

TRACK, RANGE, MIDDLE = "#f1f1f1", "#cfcfcf", "#9a9a9a"


def quartiles(values: Sequence[float]) -> tuple[float, float]:
    """25th and 75th percentile, linear interpolation between order statistics (numpy's
    default, as Fingertips' spine charts use percentiles of the areas' values)."""
    ordered = sorted(values)
    n = len(ordered)

    def at(p: float) -> float:
        pos = p * (n - 1)
        lo = math.floor(pos)
        hi = min(lo + 1, n - 1)
        return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)

    return at(0.25), at(0.75)


def spine_svg(
    value: float | None,
    benchmark: float | None,
    values: Sequence[float],
    direction: str | None,
    *,
    comparison: str,
    description: str = "",
    width: int = 200,
    height: int = 18,
) -> Markup | None:
    """One indicator's spine row (after England's public-health profiles, Fingertips);
    None without a benchmark or any area's value.

    The scale is centred on the benchmark (the vertical line) and wide enough for the
    farthest of the areas' values and the area's own. A light track shows the scale,
    the range of the areas lies on it, their middle half darker, the area is a dot in
    the colour of its `comparison`. Worse is always to the left: higher values are drawn
    to the left unless the indicator is `down_is_worse` (the trend's rule too).
    `description`: the text alternative (the web's `aria-label` and `<title>`).

    Colours are attributes, for the PDF; the classes (`spine-range`, `spine-mid`,
    `spine-centre`, `spine-dot spine-<comparison>`) let the web's stylesheet recolour
    them in its palette.
    """
    spread = [v for v in values if math.isfinite(v)]
    if benchmark is None or not spread:
        return None
    pad = 6
    reach = [abs(v - benchmark) for v in spread]
    if value is not None:
        reach.append(abs(value - benchmark))
    half = max(reach) or 1.0
    flip = direction != "down_is_worse"

    def x(v: float) -> float:
        d = (v - benchmark) / half
        return pad + (width - 2 * pad) * (0.5 + (-d if flip else d) / 2)

    inset = round(height / 6, 1)
    bar = f'y="{_fmt(inset)}" height="{_fmt(height - 2 * inset)}"'
    low, high = sorted((x(min(spread)), x(max(spread))))
    q1, q3 = sorted(x(q) for q in quartiles(spread))
    label = (
        f' role="img" aria-label="{escape(description)}"><title>{escape(description)}</title>'
        if description
        else ">"
    )
    parts = [
        f'<svg class="spine" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"{label}',
        f'<rect class="spine-track" x="{pad}" {bar} width="{width - 2 * pad}" fill="{TRACK}"/>',
        f'<rect class="spine-range" x="{_fmt(low)}" {bar} width="{_fmt(max(high - low, 1.0))}" '
        f'fill="{RANGE}"/>',
        f'<rect class="spine-mid" x="{_fmt(q1)}" {bar} width="{_fmt(max(q3 - q1, 1.0))}" '
        f'fill="{MIDDLE}"/>',
        f'<line class="spine-centre" x1="{_fmt(x(benchmark))}" x2="{_fmt(x(benchmark))}" '
        f'y1="0" y2="{height}" stroke="{INK}" stroke-width="1"/>',
    ]
    if value is not None:
        kind = comparison if comparison in COMPARISON_COLOURS else "none"
        parts.append(
            f'<circle cx="{_fmt(x(value))}" cy="{_fmt(height / 2)}" r="{_fmt(height * 0.28)}" '
            f'fill="{COMPARISON_COLOURS[kind]}" stroke="{INK}" stroke-width="0.7" '
            f'class="spine-dot spine-{kind}"/>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
