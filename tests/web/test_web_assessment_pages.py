"""The assessment on the area page, the traceability view, the population pyramid, the
spine chart, compare, priorities, alerts, the index map and the funnel plot.

Expected texts are read off the hand-made fixture (web_assessment_fixture.py)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from html_cells import table_rows


def test_area_page_shows_the_assessment_of_the_year(client: TestClient) -> None:
    html = client.get("/omraade/aeblehaven?year=2024").text
    assert "<dt>Udsathedsindeks</dt><dd>1,25" in html
    # rank interval 1-2 of 3: among the 2 most vulnerable under every weighting drawn
    assert "nr. 1 af 3, blandt de 2 mest udsatte" in html
    assert "meget lav status, negativ udvikling – kræver særlig opmærksomhed" in html
    assert "særligt udsat (rød) (17 point)" in html
    assert "<dd>udsat boligområde</dd>" in html
    assert "520 personer ud over kommunens niveau (400–651)" in html
    assert "Æblehaven: voksne uden for arbejdsmarkedet er 42,1 % mod 16,8 %" in html
    assert 'href="/omraade/aeblehaven/beregning?year=2024">Hvor kommer tallet fra?' in html


def test_area_page_shows_the_status_against_each_target(client: TestClient) -> None:
    # 42.1 % (40.2-44.0) against "at most 35 %": the whole interval above, not met
    html = client.get("/omraade/aeblehaven?year=2024").text
    found = html[html.find("Mål for ") : html.find("Mål for ") + 400]
    assert "ikke nået: 42,1 % (40,2–44,0)" in html, found
    assert "mål højst 35,0 % – kilde: Helhedsplan Æblehaven, mål 1" in html


def test_area_page_names_the_twins_and_offers_them_as_comparator(client: TestClient) -> None:
    html = client.get("/omraade/aeblehaven?year=2024").text
    assert "lignende områder)</dt><dd>Bakkegården, Østerparken</dd>" in html
    assert 'href="/omraade/aeblehaven?year=2024&amp;sammenlign=tvillinger"' in html
    chosen = client.get("/omraade/aeblehaven?year=2024&sammenlign=tvillinger").text
    assert '<th scope="col" class="num">Tvillingeområderne</th>' in chosen
    row = chosen[chosen.find('data-indicator="voksne_uden_for_arbejdsmarkedet"') :][:1500]
    row = row[: row.find('<td class="trend">')]  # the small line over time keeps the municipality
    assert "38,3" in row  # the twins' pooled value instead of the municipality's 16,8
    assert "16,8" not in row


def test_area_page_names_the_groups_the_area_is_part_of(client: TestClient) -> None:
    html = client.get("/omraade/aeblehaven?year=2024").text
    assert "<dt>Indgår i grupper af områder</dt><dd>Helhedsplan Nord</dd>" in html
    assert "Indgår i grupper" not in client.get("/omraade/oester?year=2024").text


def test_area_page_in_english_translates_the_classes(client: TestClient) -> None:
    html = client.get("/omraade/aeblehaven?year=2024&lang=en").text
    assert "particularly vulnerable (red) (17 points)" in html
    assert "rank 1 of 3, among the 2 most vulnerable" in html
    client.get("/?lang=da")


def test_a_year_without_assessment_leaves_the_section_out(client: TestClient) -> None:
    html = client.get("/omraade/oester?year=2023").text
    assert "nr. 3 af 3" in html  # the index has 2023
    assert "BoSocData-kategori" not in html  # categorisation has only 2024


def test_traceability_lists_the_contributions_that_add_up_to_the_index(
    client: TestClient,
) -> None:
    html = client.get("/omraade/aeblehaven/beregning?year=2024").text
    assert "Summen af bidragene: 1,250 (indekset: 1,250)." in html
    # 1034 observed, 411.5 expected: 622.5 -> "623" persons beyond (575-670)
    assert "623 (575–670)" in html


def test_population_pyramid_never_shows_a_hidden_count(client: TestClient) -> None:
    html = client.get("/omraade/aeblehaven?year=2024").text
    assert '<svg class="pyramid"' in html
    assert "18-64: mænd 1.500, kvinder 1.400" in html
    assert "65+: mænd 400, kvinder –" in html
    assert "999" not in html
    assert '<svg class="pyramid"' not in client.get("/omraade/oester?year=2024").text


def test_spine_chart_puts_the_area_between_the_areas_with_worse_to_the_left(
    client: TestClient,
) -> None:
    html = client.get("/omraade/bakken?year=2024").text
    row = re.search(r'data-indicator="boern_unge_under_18">.*?<svg class="spine"(.*?)</svg>', html,
                    re.S)  # fmt: skip
    assert row is not None
    svg = row.group(1)
    # areas 28.0028, 23.4954, 17.8210 around the municipality 17.9418; the farthest is
    # 10.0610 away. Higher is worse, so Bakkegården sits left of the centre line (100):
    # 6 + 188 * (0.5 - 0.5 * 5.5536 / 10.0610) = 48.1, and the worst area at 6.
    assert 'cx="48.1"' in svg
    assert 'x1="100.0"' in svg
    assert 'class="spine-range" x="6.0"' in svg
    assert "spine-worse" in svg
    assert "områderne fra 17,8 til 28,0" in svg


def test_compare_shows_the_chosen_areas_side_by_side(client: TestClient) -> None:
    html = client.get("/sammenlign?area_id=aeblehaven&area_id=bakken&year=2024").text
    rows = table_rows(html, key="data-indicator").rows
    assert rows["boern_unge_under_18"][:4] == [
        "Børn og unge under 18 år (%)", "17,9", "28,0 dårligere", "23,5 dårligere",
    ]  # fmt: skip
    assert rows["underretninger_boern_unge"][2] == "– (skjult af hensyn til diskretion)"
    # the "–" of a hidden figure, and of the municipality's index, is explained
    assert '<p class="note" id="suppressed-note">– betyder, at der ikke er noget tal' in html
    assert "skjult af hensyn til diskretion (for få personer" in html
    many = "&".join(
        f"area_id={a}" for a in ("aeblehaven", "bakken", "oester", "__all__", "__rest__")
    )
    assert client.get(f"/sammenlign?{many}").status_code == 400


def test_compare_accepts_its_own_form_with_empty_slots(client: TestClient) -> None:
    """The form sends all four slots; the ones left at "(intet)" arrive empty."""
    for chosen in (["bakken"], ["aeblehaven", "bakken"], ["aeblehaven", "bakken", "oester"]):
        slots = chosen + [""] * (4 - len(chosen))
        query = "&".join(f"area_id={a}" for a in slots) + "&year=2024"
        response = client.get(f"/sammenlign?{query}")
        assert response.status_code == 200, (chosen, response.text[:300])
        header = re.search(r"<thead>(.*?)</thead>", response.text, re.S)
        assert header is not None
        names = re.findall(r'<a href="/omraade/(\w+)', header.group(1))
        assert names == chosen


def test_priorities_by_index_and_by_need(client: TestClient) -> None:
    html = client.get("/prioritering?year=2024").text
    found = table_rows(html)
    assert found.order == ["aeblehaven", "bakken", "oester"]
    # rank 1, rank interval 1-2: "among the 2 most vulnerable"
    assert found.rows["aeblehaven"][1:7] == [
        "1,25", "nr. 1 af 3", "blandt de 2 mest udsatte", "520", "400–651", "1",
    ]  # fmt: skip
    need = table_rows(client.get("/prioritering?year=2024&by=need").text)
    assert need.rows["oester"][4:7] == ["10", "0–45", "3"]
    assert client.get("/prioritering?by=luck").status_code == 400


def test_an_unranked_area_says_it_has_too_few_residents_as_the_pipeline_writes_it() -> None:
    # the pipeline writes the configured minimum as a float ("500.0"): read as 500, the
    # reason is the area's size, not a bare "ikke rangeret"
    from bosocdata.presentation.ranking import unranked_reason
    from bosocdata.web.pages.rankings import min_residents_of

    assert min_residents_of({"min_residents": "500.0"}) == 500
    assert min_residents_of({"min_residents": "500"}) == 500
    assert min_residents_of({}) is None and min_residents_of({"min_residents": "x"}) is None
    least = min_residents_of({"min_residents": "500.0"})
    assert unranked_reason(454.0, least, True, "da") == "for få beboere: 454, mindst 500"


def test_alerts_page_lists_each_alert_and_filters_by_kind(client: TestClient) -> None:
    html = client.get("/advarsler?year=2024").text
    # the sentences are made from the published codes and numbers (0.75 and 1.25
    # rounded half away from zero); a criterion in words, never its id
    assert (
        "Bakkegården: indekset er fra 2021 til 2024 steget 0,8 standardafvigelser mere"
        " end hele kommunens" in html
    )
    assert (
        "Østerparken: kriteriet «over 60 % af de 30-59-årige med kun grundskole» er ikke"
        " opfyldt, men kun 12 beboere fra tærsklen" in html
    )
    assert "grundskole er" not in html
    only = client.get("/advarsler?year=2024&kind=red_red").text
    assert (
        "Æblehaven: voksne uden for arbejdsmarkedet er 42,1 % mod 16,8 % i hele kommunen"
        " – signifikant dårligere og signifikant forværret; +1,3 procentpoint pr. år" in only
    )
    assert "Bakkegården: indekset" not in only


def test_map_by_index_shows_rank_and_interval_on_hover(client: TestClient) -> None:
    html = client.get("/kort?indicator=index&year=2024").text
    assert (
        "<title>Æblehaven: udsathedsindeks 1,25, nr. 1 af 3, blandt de 2 mest udsatte</title>"
        in html
    )
    assert "Højere indeks = mere udsat" in html


def test_indicator_page_draws_a_funnel_plot_and_a_map(client: TestClient) -> None:
    html = client.get("/indikator/boern_unge_under_18?year=2024").text
    funnel = html[html.index('<svg class="funnel"') : html.index("</svg>", html.index("funnel"))]
    assert funnel.count('class="funnel-point"') == 3
    assert funnel.count('class="funnel-95"') == 2 and funnel.count('class="funnel-99"') == 2
    assert "Bakkegården: 23,5 (22,1–24,9), nævner 3.456" in funnel
    assert '<svg class="map"' in html
