"""The indicator over the years, one chart for the web and the reports: round ticks in
the reader's number format, no line across a gap, a year alone still drawn."""

from __future__ import annotations

import re

from bosocdata.presentation.charts import SeriesPoint, series_svg
from bosocdata.presentation.charts.common import nice_ticks, tick_labels


def test_ticks_are_round_numbers_covering_the_range() -> None:
    # step: the smallest 1, 2 or 5 x 10^k at least a third of the range
    assert nice_ticks(0, 17.5) == [0, 10, 20]  # 17.5 / 3 = 5.8 -> 10
    assert nice_ticks(0, 5.2) == [0, 2, 4, 6]  # 5.2 / 3 = 1.7 -> 2
    assert nice_ticks(0, 312456.7) == [0, 200000, 400000]
    assert nice_ticks(0, 0.9) == [0, 0.5, 1.0]


def test_tick_labels_are_danish_numbers_with_one_number_of_decimals() -> None:
    assert tick_labels([0, 200000, 400000], "da") == ["0", "200.000", "400.000"]
    assert tick_labels([0, 0.5, 1.0], "da") == ["0,0", "0,5", "1,0"]
    assert tick_labels([0, 0.5, 1.0], "en") == ["0.0", "0.5", "1.0"]


def _labels(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end" fill="#555">([^<]+)<', svg)


def _years(svg: str) -> list[str]:
    return re.findall(r'text-anchor="middle" fill="#555">(\d{4})<', svg)


def test_the_value_axis_is_labelled_in_the_readers_format() -> None:
    points = [SeriesPoint(2024, 300654.0, 295100.0, 306207.0, "worse", 312456.7)]
    svg = series_svg(points, "da", ("Boligområdet", "Kommunen"))
    assert svg is not None
    assert _labels(svg) == ["0", "200.000", "400.000"]
    assert series_svg(points, "en", ("A", "K")) is not None
    assert _labels(series_svg(points, "en", ("A", "K")) or "") == ["0", "200,000", "400,000"]


def test_the_area_line_breaks_at_a_missing_year() -> None:
    points = [
        SeriesPoint(2020, 5.0, 4.0, 6.0, "similar", 5.0),
        SeriesPoint(2021, 6.0, 5.0, 7.0, "similar", 5.0),
        SeriesPoint(2022, None, None, None, "suppressed", 5.0),
        SeriesPoint(2023, 6.0, 5.0, 7.0, "similar", 5.0),
        SeriesPoint(2024, 7.0, 6.0, 8.0, "worse", 5.0),
    ]
    svg = series_svg(points, "da", ("Boligområdet", "Kommunen"))
    assert svg is not None
    area_lines = re.findall(r'<polyline points="([^"]+)" fill="none" stroke="#1f3b57"', svg)
    assert [len(line.split()) for line in area_lines] == [2, 2]
    assert svg.count("<circle") == 4
    bench = re.findall(r'<polyline points="([^"]+)"[^>]*class="series-benchmark"', svg)
    assert [len(line.split()) for line in bench] == [5]  # the municipality has every year


def test_a_year_without_the_municipality_breaks_its_line_too() -> None:
    points = [
        SeriesPoint(2020, 5.0, None, None, "none", 5.0),
        SeriesPoint(2021, 6.0, None, None, "none", None),
        SeriesPoint(2022, 7.0, None, None, "none", 5.0),
    ]
    svg = series_svg(points, "da", ("A", "K")) or ""
    bench = re.findall(r'<polyline points="([^"]+)"[^>]*class="series-benchmark"', svg)
    assert len(bench) == 2  # each year alone a short dash, no line across 2021


def test_a_single_year_is_a_dot_with_the_municipality_beside_it() -> None:
    svg = series_svg([SeriesPoint(2024, 4.0, 3.0, 5.0, "better", 6.0)], "da", ("A", "K"))
    assert svg is not None
    assert svg.count("<circle") == 1
    assert "series-benchmark" in svg and "series-interval" in svg
    assert _years(svg) == ["2024"]


def test_nothing_to_draw_is_no_chart() -> None:
    assert series_svg([], "da", ("A", "K")) is None
    assert series_svg([SeriesPoint(2024, None, None, None, "none", None)], "da", ("A", "K")) is None


def test_chart_text_is_escaped() -> None:
    points = [SeriesPoint(2024, 1.0, None, None, "none", 1.0)]
    svg = series_svg(points, "da", ("<b>A & B</b>", "K"), description="a <i>")
    assert svg is not None
    assert "<b>" not in svg and "&lt;b&gt;A &amp; B&lt;/b&gt;" in svg
    assert 'aria-label="a &lt;i&gt;"' in svg and "<title>a &lt;i&gt;</title>" in svg


def test_year_labels_never_crowd_the_last_year() -> None:
    points = [SeriesPoint(year, 1.0, None, None, "none", 1.0) for year in range(2015, 2025)]
    svg = series_svg(points, "da", ("A", "K")) or ""
    assert _years(svg) == ["2015", "2017", "2019", "2021", "2024"]  # 2023 would touch 2024


def test_the_chart_scales_to_its_container() -> None:
    svg = series_svg([SeriesPoint(2024, 1.0, None, None, "none", 1.0)], "da", ("A", "K")) or ""
    assert re.match(r'<svg [^>]*viewBox="0 0 220 120"', svg)
