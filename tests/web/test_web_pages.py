"""The area profile, the indicator page, the indicator list and the map."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from html_cells import table_rows


def test_area_profile_shows_every_indicator_against_the_municipality(
    client: TestClient,
) -> None:
    response = client.get("/omraade/bakken")
    assert response.status_code == 200
    html = response.text
    assert "Områdeprofil: Bakkegården" in html
    assert "Bakke Bolig" in html
    rows = table_rows(html, key="data-indicator").rows
    # the change since 2023 in percentage points: 23.4954 - 23.2285 = 0.27
    assert rows["boern_unge_under_18"][:7] == [
        "Børn og unge under 18 år (%)", "23,5", "22,1–24,9", "17,9", "dårligere", "",
        "steget 0,3 procentpoint siden 2023; ↑ forværring",
    ]  # fmt: skip
    # up_is_worse: an improvement is a fall (30.9082 - 31.6: 0.7 points down)
    assert rows["voksne_uden_for_arbejdsmarkedet"][6].endswith("; ↓ forbedring")
    assert rows["underretninger_boern_unge"][6].endswith("; → ingen sikker ændring")
    assert rows["underretninger_boern_unge"][1:5] == ["7,5", "5,9–9,5", "4,8", "dårligere"]


def test_trend_arrow_follows_the_direction_of_the_indicator() -> None:
    from bosocdata.presentation.cells import trend_arrow
    from bosocdata.presentation.vocabulary import Vocabulary

    t = Vocabulary("da")
    assert trend_arrow("worsening", "down_is_worse", t) == ("↓", "forværring")
    assert trend_arrow("improving", "down_is_worse", t) == ("↑", "forbedring")
    assert trend_arrow(None, "up_is_worse", t) == ("", "")
    assert trend_arrow(-0.3, "up_is_worse", t) == ("↓", "faldende")


def test_area_profile_has_a_small_line_per_indicator_grouped_by_theme(
    client: TestClient,
) -> None:
    html = client.get("/omraade/bakken").text
    assert html.count('<svg class="sparkline"') == 3
    # its text alternative holds every year's value with its interval
    assert "2023: 23,2 (21,8–24,7); kommunen 17,8 · 2024: 23,5" in html
    assert 'class="spark-bench"' in html
    themes = re.findall(r'<tr class="theme-row"><th scope="colgroup"[^>]*>([^<]+)</th>', html)
    assert themes and all("_" not in name for name in themes)


def test_area_profile_of_an_earlier_year_and_a_suppressed_cell(client: TestClient) -> None:
    rows = table_rows(client.get("/omraade/aeblehaven?year=2023").text, "data-indicator").rows
    assert rows["underretninger_boern_unge"][1:5] == ["5,4", "4,2–6,8", "4,8", "på niveau"]
    html = client.get("/omraade/aeblehaven").text
    rows = table_rows(html, "data-indicator").rows
    assert rows["underretninger_boern_unge"][1] == "– (skjult af hensyn til diskretion)"
    for hidden in ("77,7", "70,1", "80,2"):
        assert hidden not in html


def test_unknown_area_is_a_danish_404_page(client: TestClient) -> None:
    response = client.get("/omraade/findes-ikke")
    assert response.status_code == 404
    assert "Der er intet boligområde med id&#39;et findes-ikke." in response.text
    assert '<html lang="da">' in response.text


def test_indicator_page_shows_the_definition_and_every_area(client: TestClient) -> None:
    response = client.get("/indikator/underretninger_boern_unge?year=2024")
    assert response.status_code == 200
    html = response.text
    assert "Andelen af de 0-17-årige beboere, som mindst én underretning angik" in html
    rows = table_rows(html)
    assert rows.rows["bakken"][:6] == ["Bakkegården", "7,5", "5,9–9,5", "dårligere", "61", "812"]
    assert rows.rows["aeblehaven"][1] == "– (skjult af hensyn til diskretion)"
    assert html.count('<svg class="bar-chart"') == 5  # one bar per row


def test_indicator_table_sorts_by_value_with_missing_last(client: TestClient) -> None:
    html = client.get("/indikator/underretninger_boern_unge?sort=value&order=desc").text
    # The two reference rows stay on top; then 7,5 > 4,3; the hidden cell last.
    assert table_rows(html).order == ["__all__", "__rest__", "bakken", "oester", "aeblehaven"]
    html = client.get("/indikator/underretninger_boern_unge?sort=value&order=asc").text
    assert table_rows(html).order == ["__all__", "__rest__", "oester", "bakken", "aeblehaven"]
    assert 'aria-sort="ascending"' in html


def test_indicator_page_refuses_bad_parameters(client: TestClient) -> None:
    assert client.get("/indikator/nope").status_code == 404
    assert client.get("/indikator/boern_unge_under_18?sort=drop").status_code == 400
    assert client.get("/indikator/boern_unge_under_18?year=2020").status_code == 400


def test_indicator_list_links_every_indicator(client: TestClient) -> None:
    html = client.get("/indikatorer").text
    for indicator in (
        "boern_unge_under_18",
        "voksne_uden_for_arbejdsmarkedet",
        "underretninger_boern_unge",
    ):
        assert f'href="/indikator/{indicator}"' in html


def test_map_draws_each_area_as_a_link_with_value_and_interval(client: TestClient) -> None:
    html = client.get("/kort?indicator=boern_unge_under_18&year=2024").text
    for area_id in ("aeblehaven", "bakken", "oester"):
        assert f'<a class="map-area" href="/omraade/{area_id}?year=2024"' in html
    assert "<title>Bakkegården: 23,5 (95 %-interval 22,1–24,9)</title>" in html
    assert "Signaturforklaring" in html
    # Østerparken is a MultiPolygon: two closed rings in one path
    path = re.search(r'data-area="oester">\s*<title>.*?</title>\s*<path d="([^"]+)"', html)
    assert path is not None and path.group(1).count("Z") == 2


def test_map_colours_follow_the_values(client: TestClient) -> None:
    html = client.get("/kort?indicator=boern_unge_under_18&year=2024").text

    def fill(area_id: str) -> str:
        found = re.search(rf'data-area="{area_id}">.*?fill="(#[0-9a-f]+)"', html, re.S)
        assert found is not None
        return found.group(1)

    # Highest value (Æblehaven 28,0) darkest class; lowest (Østerparken 17,8) lightest
    assert fill("aeblehaven") == "#bd0026"
    assert fill("oester") == "#ffffb2"


def test_map_shows_a_suppressed_area_grey_without_its_value(client: TestClient) -> None:
    html = client.get("/kort?indicator=underretninger_boern_unge&year=2024").text
    assert "<title>Æblehaven: skjult af hensyn til diskretion</title>" in html
    assert "77,7" not in html
    assert client.get("/kort?indicator=nope").status_code == 400


def test_map_projection_keeps_the_shape_of_an_area() -> None:
    from bosocdata.presentation.charts import Projection

    # 0.01 degrees of longitude x 0.005 of latitude at 56.155 N is nearly square:
    # width / height = 0.01 * cos(56.155 deg) / 0.005 = 1.1142
    ring = [(10.15, 56.15), (10.16, 56.15), (10.16, 56.155), (10.15, 56.155)]
    project = Projection([ring], width=220, pad=10)
    (x0, y0), (x1, y1) = project(10.15, 56.155), project(10.16, 56.15)
    assert round((x1 - x0) / (y1 - y0), 3) == 1.114
    assert y1 > y0  # north is up


def test_the_footer_gives_the_computation_time_as_a_danish_date_and_time(
    client: TestClient,
) -> None:
    # the fixture's computed_at "2025-01-15 10:00:00" is UTC: 11.00 in Denmark
    assert "Beregnet: 15. januar 2025 kl. 11.00." in client.get("/").text
    assert "Computed: 15 January 2025, 11:00." in client.get("/?lang=en").text


def test_an_error_page_names_the_parameter_in_danish(client: TestClient) -> None:
    for address, name in [
        ("/omraade/bakken?year=abc", "år"),
        ("/indikator/boern_unge_under_18?sort=drop", "sortering"),
        ("/indikator/boern_unge_under_18?order=up", "rækkefølge (stigende eller faldende)"),
        ("/prioritering?by=luck", "ordnet efter (indeks eller behov)"),
        ("/advarsler?kind=foo", "slags advarsel"),
        ("/eksport/indicator_table?format=doc", "filformat"),
    ]:
        response = client.get(address)
        assert response.status_code == 400, address
        assert f"Ugyldig værdi for {name}." in response.text, address
    english = client.get("/omraade/bakken?year=abc&lang=en").text
    assert "Invalid value for year." in english


def test_every_page_links_its_icon_and_its_script_from_the_application(
    client: TestClient,
) -> None:
    html = client.get("/").text
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert '<script src="/static/page.js" defer></script>' in html
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg")
    script = client.get("/static/page.js").text
    assert "beforeprint" in script and "afterprint" in script
