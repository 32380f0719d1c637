"""The spine row, one chart for the web and the reports: worse always to the left, the
area's dot only where it has a value."""

from __future__ import annotations

import re

from bosocdata.presentation.charts import spine_svg


def _dot_x(svg: str) -> float:
    match = re.search(r'<circle cx="([\d.]+)"', svg)
    assert match
    return float(match.group(1))


def test_spine_puts_a_worse_value_left_of_the_municipality() -> None:
    width = 100
    # up_is_worse: a higher value is worse -> left of the centre line
    high = spine_svg(30.0, 20.0, [10.0, 30.0], "up_is_worse", comparison="worse", width=width)
    assert high is not None and _dot_x(high) < width / 2
    # down_is_worse (income): a higher value is better -> right
    rich = spine_svg(30.0, 20.0, [10.0, 30.0], "down_is_worse", comparison="better", width=width)
    assert rich is not None and _dot_x(rich) > width / 2
    # no direction known: higher is worse, as for the trend's arrow
    unknown = spine_svg(30.0, 20.0, [10.0, 30.0], None, comparison="none", width=width)
    assert unknown is not None and _dot_x(unknown) < width / 2


def test_spine_without_a_value_draws_no_dot() -> None:
    svg = spine_svg(None, 5.0, [3.0, 7.0], "up_is_worse", comparison="suppressed")
    assert svg is not None and "<circle" not in svg and 'class="spine-range"' in svg


def test_spine_without_a_municipality_or_areas_is_no_chart() -> None:
    assert spine_svg(4.0, None, [3.0, 7.0], "up_is_worse", comparison="none") is None
    assert spine_svg(4.0, 5.0, [], "up_is_worse", comparison="none") is None


def test_the_dot_has_the_comparisons_colour_and_class() -> None:
    svg = spine_svg(4.0, 5.0, [3.0, 7.0], "up_is_worse", comparison="better") or ""
    assert 'fill="#4d9a3f"' in svg and "spine-better" in svg  # the PDF's, the web's


def test_its_text_alternative_is_escaped() -> None:
    svg = spine_svg(4.0, 5.0, [3.0, 7.0], None, comparison="none", description="a <b>") or ""
    assert 'aria-label="a &lt;b&gt;"' in svg and "<title>a &lt;b&gt;</title>" in svg
