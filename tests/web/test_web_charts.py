"""Charts a reader understands: the funnel plot does not run below 0 and has axis titles,
a legend and a table of its points; the pyramid carries its numbers."""

from __future__ import annotations

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
