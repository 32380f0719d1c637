"""The report's spine bar: better always to the right."""

from __future__ import annotations

import re

from bosocdata.presentation.charts.report_svg import spine_svg


def _dot_x(svg: str) -> float:
    match = re.search(r'<circle cx="([\d.]+)"', svg)
    assert match
    return float(match.group(1))


def test_spine_puts_a_worse_value_left_of_the_municipality() -> None:
    width = 100
    # up_is_worse: a higher value is worse -> left of the centre line
    high = spine_svg(
        30.0, 20.0, [10.0, 30.0], comparison="worse", higher_is_better=False, width=width
    )
    assert _dot_x(high) < width / 2
    # down_is_worse (income): a higher value is better -> right
    rich = spine_svg(
        30.0, 20.0, [10.0, 30.0], comparison="better", higher_is_better=True, width=width
    )
    assert _dot_x(rich) > width / 2


def test_spine_without_a_value_draws_no_dot() -> None:
    svg = spine_svg(None, 5.0, [3.0, 7.0], comparison="suppressed", higher_is_better=False)
    assert "<circle" not in svg and "<rect" in svg
