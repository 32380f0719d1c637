"""The evaluation's three charts as inline SVG: the event study, the synthetic control
and the decomposition waterfall ("Hvorfor ændrede tallet sig?").

Each function takes numbers and already translated, already formatted labels and
returns SVG markup; text is escaped here. The event study and the synthetic control
share one size (800 x 300) and scale with their container: the web page draws them at
its width up to a limit at which the text is still the size of the page's small print
(style.css, `svg.evaluation-chart`), the PDF at the width of the page (report.css). The
waterfall keeps its own size (600 x 260), which the area page places beside a table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from bosocdata.presentation.charts.common import text_width

WIDTH, HEIGHT = 800, 300
WATERFALL_WIDTH, WATERFALL_HEIGHT = 600, 260
TICK_FONT, TITLE_FONT = 12, 13
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 48
INK, MUTED, ACCENT, SECOND = "#1a1a1a", "#6b6b6b", "#1f5fa8", "#c2571a"
PRE_SHADE = "#eeeeee"

Scale = Callable[[float], float]
TickText = Callable[[float], str]


@dataclass(frozen=True)
class EventPoint:
    event_time: int
    estimate: float
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Step:
    label: str
    value: float | None
    """None: withheld (shown as a gap with `–`)."""
    text: str
    total: bool = False


def _scale(lo: float, hi: float, a: float, b: float) -> tuple[float, float, Scale]:
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    pad = (hi - lo) * 0.08
    lo, hi = lo - pad, hi + pad

    def f(v: float) -> float:
        return a + (v - lo) / (hi - lo) * (b - a)

    return lo, hi, f


def _f(v: float) -> str:
    return f"{v:.1f}"


def _frame(title: str, x_title: str, y_title: str, x_title_x: float | None = None) -> list[str]:
    """The svg element, its title and the axis titles; the x axis title centred under the
    plot, or at `x_title_x` (left of a legend that shares its line)."""
    if x_title_x is None:
        x_title_x = (LEFT + WIDTH - RIGHT) / 2
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}" '
        'class="chart evaluation-chart">',
        f"<title>{escape(title)}</title>",
        f'<text x="{_f(x_title_x)}" y="{HEIGHT - 6}" text-anchor="middle" '
        f'font-size="{TITLE_FONT}" fill="{INK}">{escape(x_title)}</text>',
        f'<text x="14" y="{(TOP + HEIGHT - BOTTOM) / 2}" text-anchor="middle" '
        f'font-size="{TITLE_FONT}" '
        f'fill="{INK}" transform="rotate(-90 14 {(TOP + HEIGHT - BOTTOM) / 2})">'
        f"{escape(y_title)}</text>",
    ]


def _y_ticks(lo: float, hi: float, y: Scale, labels: Sequence[tuple[float, str]]) -> list[str]:
    out = []
    for value, text in labels:
        if lo <= value <= hi:
            py = y(value)
            out.append(
                f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_f(py)}" y2="{_f(py)}" '
                'stroke="#dddddd"/>'
                f'<text x="{LEFT - 6}" y="{_f(py + 4)}" text-anchor="end" font-size="{TICK_FONT}" '
                f'fill="{MUTED}">{escape(text)}</text>'
            )
    return out


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering lo..hi."""
    span = max(hi - lo, 1e-9)
    raw = span / count
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1.0
    while magnitude > raw:
        magnitude /= 10
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    start = (lo // step) * step
    ticks, v = [], start
    while v <= hi + step / 2:
        ticks.append(round(v, 10))
        v += step
    return ticks


def event_study_svg(
    points: Sequence[EventPoint],
    *,
    title: str,
    x_title: str,
    y_title: str,
    pre_label: str,
    tick_text: TickText,
) -> Markup:
    """Estimates by event time with 95 % intervals, the pre-period (e < 0) shaded and a
    zero line. `tick_text(v)` formats a y value."""
    values = [0.0] + [v for p in points for v in (p.estimate, p.low, p.high) if v is not None]
    lo, hi, y = _scale(min(values), max(values), HEIGHT - BOTTOM, TOP)
    times = [p.event_time for p in points] or [0]
    t0, t1 = min(times) - 0.5, max(times) + 0.5
    x = _linear(t0, t1, LEFT, WIDTH - RIGHT)
    out = _frame(title, x_title, y_title)
    if min(times) < 0:
        x_pre_end = x(-0.5)
        out.append(
            f'<rect x="{LEFT}" y="{TOP}" width="{_f(x_pre_end - LEFT)}" '
            f'height="{HEIGHT - BOTTOM - TOP}" fill="{PRE_SHADE}"/>'
            f'<text x="{LEFT + 6}" y="{TOP + 14}" font-size="{TICK_FONT}" fill="{MUTED}">'
            f"{escape(pre_label)}</text>"
        )
    out += _y_ticks(lo, hi, y, [(v, tick_text(v)) for v in nice_ticks(lo, hi)])
    out.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_f(y(0))}" y2="{_f(y(0))}" '
        f'stroke="{INK}" stroke-width="1.2" class="zero-line"/>'
    )
    for p in points:
        px = x(p.event_time)
        out.append(
            f'<text x="{_f(px)}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'font-size="{TICK_FONT}" fill="{MUTED}">{p.event_time}</text>'
        )
        if p.low is not None and p.high is not None:
            out.append(
                f'<line x1="{_f(px)}" x2="{_f(px)}" y1="{_f(y(p.low))}" '
                f'y2="{_f(y(p.high))}" stroke="{ACCENT}" stroke-width="2" class="interval"/>'
            )
        out.append(
            f'<circle cx="{_f(px)}" cy="{_f(y(p.estimate))}" r="4" fill="{ACCENT}" '
            'class="estimate"/>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def _linear(lo: float, hi: float, a: float, b: float) -> Scale:
    def f(v: float) -> float:
        return a + (v - lo) / (hi - lo) * (b - a)

    return f


def synth_svg(
    years: Sequence[int],
    treated: Sequence[float | None],
    synthetic: Sequence[float | None],
    start: int,
    *,
    title: str,
    x_title: str,
    y_title: str,
    treated_label: str,
    synthetic_label: str,
    start_label: str,
    tick_text: TickText,
) -> Markup:
    """The treated area and its synthetic control over time, the start marked."""
    values = [v for v in (*treated, *synthetic) if v is not None] or [0.0]
    lo, hi, y = _scale(min(values), max(values), HEIGHT - BOTTOM, TOP)
    x = _linear(min(years) - 0.5, max(years) + 0.5, LEFT, WIDTH - RIGHT)
    legend, legend_left = _synth_legend(treated_label, synthetic_label)
    # The x axis title in the middle, or in the middle of what the legend leaves free.
    half = text_width(x_title, TITLE_FONT) / 2 + 12
    x_title_x = min((LEFT + WIDTH - RIGHT) / 2, legend_left - half)
    out = _frame(title, x_title, y_title, x_title_x=max(x_title_x, LEFT + half))
    out += _y_ticks(lo, hi, y, [(v, tick_text(v)) for v in nice_ticks(lo, hi)])
    sx = x(start - 0.5)
    out.append(
        f'<line x1="{_f(sx)}" x2="{_f(sx)}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" stroke="{INK}" '
        f'stroke-dasharray="4 3" class="start"/><text x="{_f(sx + 4)}" y="{TOP + 12}" '
        f'font-size="{TICK_FONT}" fill="{INK}">{escape(start_label)}</text>'
    )
    step = max(1, len(years) // 8)
    for i, year in enumerate(years):
        if i % step == 0:
            out.append(
                f'<text x="{_f(x(year))}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                f'font-size="{TICK_FONT}" fill="{MUTED}">{year}</text>'
            )
    for series, colour, dash, _label, cls in (
        (treated, ACCENT, "", treated_label, "treated"),
        (synthetic, SECOND, ' stroke-dasharray="6 3"', synthetic_label, "synthetic"),
    ):
        pts = [
            f"{_f(x(yr))},{_f(y(v))}" for yr, v in zip(years, series, strict=True) if v is not None
        ]
        out.append(
            f'<polyline points="{" ".join(pts)}" fill="none" stroke="{colour}" '
            f'stroke-width="2"{dash} class="{cls}"/>'
        )
    out += legend
    out.append("</svg>")
    return Markup("".join(out))


def _synth_legend(treated_label: str, synthetic_label: str) -> tuple[list[str], float]:
    """The synthetic control's legend at the bottom right, each label as wide as its text
    (an area's name can be long), and where its left end is."""
    legend_y = HEIGHT - 6
    items = []
    right: float = WIDTH - RIGHT
    for label, colour, dash in (
        (synthetic_label, SECOND, ' stroke-dasharray="6 3"'),
        (treated_label, ACCENT, ""),
    ):
        text_x = right - text_width(label, TICK_FONT)
        items.append(
            f'<line x1="{_f(text_x - 24)}" x2="{_f(text_x - 4)}" y1="{legend_y - 4}" '
            f'y2="{legend_y - 4}" stroke="{colour}" stroke-width="2"{dash}/>'
            f'<text x="{_f(text_x)}" y="{legend_y}" font-size="{TICK_FONT}" fill="{INK}">'
            f"{escape(label)}</text>"
        )
        right = text_x - 40
    return items[::-1], right + 40 - 24


def waterfall_svg(
    steps: Sequence[Step], *, title: str, y_title: str, width: int = WATERFALL_WIDTH
) -> Markup:
    """The terms of a change as floating bars from 0 to the total; the last step (total)
    is drawn from zero. A withheld step is left empty and labelled `–`."""
    height = WATERFALL_HEIGHT
    running, tops = 0.0, [0.0]
    for s in steps:
        if s.value is None:
            continue
        if not s.total:
            running += s.value
        tops.append(running)
        tops.append(s.value if s.total else running)
    _lo, _hi, y = _scale(min(tops), max(tops), height - BOTTOM, TOP)
    band = (width - LEFT - RIGHT) / max(len(steps), 1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" class="chart waterfall">',
        f"<title>{escape(title)}</title>",
        f'<text x="14" y="{(TOP + height - BOTTOM) / 2}" text-anchor="middle" font-size="12" '
        f'transform="rotate(-90 14 {(TOP + height - BOTTOM) / 2})">{escape(y_title)}</text>',
        f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{_f(y(0))}" y2="{_f(y(0))}" '
        f'stroke="{INK}" class="zero-line"/>',
    ]
    running = 0.0
    for i, s in enumerate(steps):
        cx = LEFT + band * (i + 0.5)
        if s.value is not None:
            start = 0.0 if s.total else running
            end = s.value if s.total else running + s.value
            if not s.total:
                running = end
            top, bottom = y(max(start, end)), y(min(start, end))
            colour = INK if s.total else (ACCENT if s.value >= 0 else SECOND)
            out.append(
                f'<rect x="{_f(cx - band * 0.35)}" y="{_f(top)}" width="{_f(band * 0.7)}" '
                f'height="{_f(max(bottom - top, 1))}" fill="{colour}" class="step"/>'
            )
            label_y = top - 4
        else:
            label_y = y(running) - 4
        out.append(
            f'<text x="{_f(cx)}" y="{_f(label_y)}" text-anchor="middle" font-size="11">'
            f"{escape(s.text)}</text>"
            f'<text x="{_f(cx)}" y="{height - BOTTOM + 16}" text-anchor="middle" '
            f'font-size="11" fill="{MUTED}">{escape(s.label)}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))
