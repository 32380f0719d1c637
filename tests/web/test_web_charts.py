"""Charts a reader understands: the funnel plot does not run below 0 and has axis titles,
a legend and a table of its points; the pyramid carries its numbers; the area profile
draws every indicator over the years, as the PDF report does."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from bosocdata.presentation.charts import funnel_plot, pyramid


def test_the_funnel_axis_stops_at_zero_when_no_area_is_below_it() -> None:
    # a lower 99.8 % limit of -3 at small denominators must not pull the axis below 0
    curve = {"denominator": [10.0, 100.0], "funnel99_low": [-3.0, 1.0], "funnel99_high": [9.0, 6.0]}
    plot = funnel_plot(
        [(50.0, 2.0, "A: 2", "similar", "/a"), (100.0, 4.0, "B: 4", "similar", "/b")],
        curve,
        3.0,
        str,
        lambda v: f"{v:.1f}",
    )
    assert plot is not None and plot.y_ticks[0].label == "0.0"


def test_the_funnel_axes_end_on_round_ticks_and_their_titles_stay_inside() -> None:
    # values 36.4-102.0 used to give the ticks 36,4 / 69,2 / 102,0
    curve = {"denominator": [100.0, 5000.0], "funnel99_low": [40.0, 70.0],
             "funnel99_high": [100.0, 74.0]}  # fmt: skip
    points = [(150.0, 39.0, "A", "worse", "/a"), (4000.0, 98.0, "B", "better", "/b")]
    plot = funnel_plot(points, curve, 72.0, str, str, language="da")
    assert plot is not None
    y = [tick.label for tick in plot.y_ticks]
    assert y == ["20", "40", "60", "80", "100", "120"]
    assert [tick.label for tick in plot.x_ticks] == ["0", "2.000", "4.000", "6.000"]
    assert plot.top >= 20  # room above the plot for the value axis's title


def test_the_indicator_page_writes_the_funnel_value_title_across_the_top(
    client: TestClient,
) -> None:
    html = client.get("/indikator/boern_unge_under_18?year=2024").text
    funnel = html[html.index('<svg class="funnel"') : html.index("</svg>", html.index("funnel"))]
    assert "rotate(-90)" not in funnel  # along the axis a long name ran out of the SVG
    assert '<text class="chart-title" x="4" y="14">Børn og unge under 18 år (%)</text>' in funnel


def test_the_pyramid_writes_each_count_and_a_dash_where_hidden() -> None:
    chart = pyramid(
        [("0-17", 120.0, 110.0, "0-17"), ("65+", 40.0, None, "65+")],
        count=lambda n: f"{n:.0f}",
    )
    assert chart is not None
    oldest, youngest = chart.rows  # the oldest band on top
    assert (youngest.men_text, youngest.women_text) == ("120", "110")
    assert (oldest.men_text, oldest.women_text) == ("40", "–")


def test_the_indicator_page_titles_the_funnel_axes_and_lists_its_points(
    client: TestClient,
) -> None:
    html = client.get("/indikator/boern_unge_under_18?year=2024").text
    funnel = html[html.index('<svg class="funnel"') :]
    assert "Nævner: antal personer eller husstande" in funnel
    assert "Børn og unge under 18 år (%)" in funnel
    assert "95 %-grænse" in funnel and "99,8 %-grænse" in funnel
    assert "Punkterne som tabel" in funnel and ">Bakkegården</a></th>" in funnel


def _series(html: str) -> dict[str, str]:
    """The area profile's charts over the years, by the indicator their text names."""
    return {
        m.group(1): m.group(0)
        for m in re.finditer(
            r'<svg class="series"[^>]*aria-label="([^"]+?) i .*?</svg>', html, re.S
        )
    }


def test_the_area_profile_draws_each_indicator_over_the_years(client: TestClient) -> None:
    html = client.get("/omraade/bakken?year=2024").text
    section = html[html.index('<section aria-labelledby="series-heading"') :]
    assert "Udviklingen over tid" in section
    charts = _series(section)
    assert len(charts) == 3
    svg = charts["Børn og unge under 18 år"]
    # its text alternative, an axis with labelled ticks, both years, both lines' names
    assert "2023: 23,2 (21,8–24,7); kommunen 17,8 · 2024: 23,5" in svg
    assert re.findall(r'text-anchor="end"[^>]*>([^<]+)<', svg) == ["0", "10", "20", "30"]
    assert re.findall(r'text-anchor="middle"[^>]*>(\d{4})<', svg) == ["2023", "2024"]
    assert "Boligområdet" in svg and "Kommunen" in svg
    assert 'class="series-area"' in svg and 'class="series-benchmark"' in svg
    assert svg.count("spine-worse") == 2  # a dot per year in the comparison's colour


def test_a_hidden_year_is_a_gap_in_the_areas_line(client: TestClient) -> None:
    html = client.get("/omraade/aeblehaven?year=2024").text
    svg = _series(html)["Underretninger om børn og unge"]
    assert svg.count("<circle") == 1  # 2023 only; 2024 is suppressed
    assert 'class="series-area"' not in svg  # no line to the hidden year
    assert 'class="series-benchmark"' in svg  # the municipality's line goes on
    for hidden in ("77,7", "70,1", "80,2"):
        assert hidden not in svg
