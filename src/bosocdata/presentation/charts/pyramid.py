"""The population pyramid of a page: residents by age band and sex."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bosocdata.presentation.charts.common import _fmt

# ------------------------------------------------------------------ population pyramid


@dataclass(frozen=True)
class PyramidRow:
    label: str
    y: str
    men_x: str
    men_w: str
    women_w: str
    title: str
    men_text: str = ""
    women_text: str = ""
    women_x: str = ""


@dataclass(frozen=True)
class Pyramid:
    width: int
    height: int
    centre: str
    row_h: int
    rows: list[PyramidRow]


def pyramid(
    bands: Sequence[tuple[str, float | None, float | None, str]],
    *,
    width: int = 440,
    row_h: int = 16,
    count: Callable[[float], str] | None = None,
) -> Pyramid | None:
    """Men to the left of the centre, women to the right, the oldest band on top, each
    bar with its number at its outer end (`count` formats it; "–" where hidden).

    `bands`: (label, men, women, title) youngest first; a missing count draws no bar."""
    counts = [c for _, m, w, _ in bands for c in (m, w) if c is not None]
    if not bands or not counts:
        return None
    label_w, pad, number_w = 56, 6, 44
    half = (width - label_w - 2 * pad - 2 * number_w) / 2
    centre = label_w + pad + number_w + half
    most = max(counts) or 1.0
    rows = []
    for i, (label, men, women, title) in enumerate(reversed(bands)):
        men_w = 0.0 if men is None else half * men / most
        women_w = 0.0 if women is None else half * women / most

        def text(n: float | None) -> str:
            return "" if count is None else ("–" if n is None else count(n))

        rows.append(
            PyramidRow(
                label,
                str(i * row_h),
                _fmt(centre - men_w),
                _fmt(men_w),
                _fmt(women_w),
                title,
                text(men),
                text(women),
                _fmt(centre + women_w),
            )
        )
    return Pyramid(width, len(bands) * row_h + 4, _fmt(centre), row_h, rows)
