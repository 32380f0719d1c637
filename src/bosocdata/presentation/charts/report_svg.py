"""The PDF reports' spine bar as inline SVG, drawn in Python: no JavaScript, no plotting
library. (The reports' time series is `charts.series.series_svg`, the web's too.)

`spine_svg`: a Fingertips-style spine bar: the spread of all housing areas' values
around the municipality (the centre line), and the area as a dot. The scale is turned
so that better is always to the right.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from bosocdata.presentation.charts.common import COMPARISON_COLOURS, _fmt


def spine_svg(
    value: float | None,
    benchmark: float | None,
    area_values: Sequence[float],
    *,
    comparison: str,
    higher_is_better: bool,
    width: int = 118,
    height: int = 14,
) -> str:
    """The area's place among all housing areas, centred on the municipality."""
    if benchmark is None:
        return ""
    spread = [v for v in area_values if math.isfinite(v)]
    deviations = [abs(v - benchmark) for v in [*spread, *([value] if value is not None else [])]]
    reach = max(deviations, default=0.0) or 1.0
    sign = 1.0 if higher_is_better else -1.0
    pad = 5.0
    half = width / 2 - pad

    def x(v: float) -> float:
        return width / 2 + sign * (v - benchmark) / reach * half

    mid = height / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spine" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">',
        f'<rect x="{_fmt(pad)}" y="{_fmt(mid - 4)}" width="{_fmt(width - 2 * pad)}" height="8" '
        'fill="#f1f1f1"/>',
    ]
    if spread:
        q0, q1, q3, q4 = np.percentile(spread, [0, 25, 75, 100])
        for lo, hi, colour in ((q0, q4, "#cfcfcf"), (q1, q3, "#9a9a9a")):
            a, b = sorted((x(float(lo)), x(float(hi))))
            parts.append(
                f'<rect x="{_fmt(a)}" y="{_fmt(mid - 4)}" width="{_fmt(max(b - a, 0.8))}" '
                f'height="8" fill="{colour}"/>'
            )
    parts.append(
        f'<line x1="{_fmt(width / 2)}" y1="0" x2="{_fmt(width / 2)}" y2="{height}" '
        'stroke="#222" stroke-width="1"/>'
    )
    if value is not None:
        fill = COMPARISON_COLOURS.get(comparison, COMPARISON_COLOURS["none"])
        parts.append(
            f'<circle cx="{_fmt(x(value))}" cy="{_fmt(mid)}" r="4" fill="{fill}" stroke="#222" '
            'stroke-width="0.7"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
