"""The chart geometry: round ticks, better always to the right, no line across a gap."""

from __future__ import annotations

import re

from bosocdata.presentation.charts.report_svg import SeriesPoint, nice_ticks, series_svg, spine_svg


def test_ticks_are_round_numbers_covering_the_range() -> None:
    # step: the smallest 1, 2 or 5 x 10^k at least a third of the range
    assert nice_ticks(0, 17.5) == [0, 10, 20]  # 17.5 / 3 = 5.8 -> 10
    assert nice_ticks(0, 5.2) == [0, 2, 4, 6]  # 5.2 / 3 = 1.7 -> 2
    assert nice_ticks(0, 312456.7) == [0, 200000, 400000]
    assert nice_ticks(0, 0.9) == [0, 0.5, 1.0]


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


def test_the_area_line_breaks_at_a_missing_year() -> None:
    points = [
        SeriesPoint(2020, 5.0, 4.0, 6.0, "similar", 5.0),
        SeriesPoint(2021, 6.0, 5.0, 7.0, "similar", 5.0),
        SeriesPoint(2022, None, None, None, "suppressed", 5.0),
        SeriesPoint(2023, 6.0, 5.0, 7.0, "similar", 5.0),
        SeriesPoint(2024, 7.0, 6.0, 8.0, "worse", 5.0),
    ]
    svg = series_svg(points, str, ("Boligområdet", "Kommunen"))
    area_lines = re.findall(r'<polyline points="([^"]+)" fill="none" stroke="#1f3b57"', svg)
    assert [len(line.split()) for line in area_lines] == [2, 2]
    assert svg.count("<circle") == 4


def test_chart_text_is_escaped() -> None:
    points = [SeriesPoint(2024, 1.0, None, None, "none", 1.0)]
    svg = series_svg(points, str, ("<b>A & B</b>", "K"))
    assert "<b>" not in svg and "&lt;b&gt;A &amp; B&lt;/b&gt;" in svg


def test_year_labels_never_crowd_the_last_year() -> None:
    points = [SeriesPoint(year, 1.0, None, None, "none", 1.0) for year in range(2015, 2025)]
    svg = series_svg(points, str, ("A", "K"))
    years = re.findall(r'text-anchor="middle" fill="#555">(\d{4})<', svg)
    assert years == ["2015", "2017", "2019", "2021", "2024"]  # every 2nd; 2023 would touch 2024
