"""The front page: every area with residents and the three foundation indicators.

Expected strings are written by hand from the fixture's numbers (web_published_fixture),
rounded to one decimal, with a decimal comma and "." between thousands.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from html_cells import table_rows

SUPPRESSED_TEXT = "– (skjult af hensyn til diskretion)"

EXPECTED_2024 = {
    "__all__": [
        "Hele kommunen", "361.234",
        "17,9", "17,8–18,1", "17,9", "kommunen",
        "16,8", "16,6–16,9", "16,8", "kommunen",
        "4,8", "4,7–5,0", "4,8", "kommunen",
    ],
    "bakken": [
        "Bakkegården", "3.456",
        "23,5", "22,1–24,9", "17,9", "dårligere",
        "30,9", "29,0–32,9", "16,8", "dårligere",
        "7,5", "5,9–9,5", "4,8", "dårligere",
    ],
    "aeblehaven": [
        "Æblehaven", "4.321",
        "28,0", "26,7–29,4", "17,9", "dårligere",
        "42,1", "40,2–44,1", "16,8", "dårligere",
        SUPPRESSED_TEXT, "–", "4,8", SUPPRESSED_TEXT,
    ],
    "oester": [
        "Østerparken", "12.345",
        "17,8", "17,2–18,5", "17,9", "på niveau",
        "16,4", "15,6–17,2", "16,8", "på niveau",
        "4,3", "3,6–5,2", "4,8", "på niveau",
    ],
    "__rest__": [
        "Uden for boligområderne", "340.000",
        "16,2", "16,1–16,3", "17,9", "bedre",
        "15,3", "15,2–15,5", "16,8", "bedre",
        "4,4", "4,2–4,5", "4,8", "bedre",
    ],
}  # fmt: skip


def test_front_page_lists_every_area_with_danish_numbers(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    rows = table_rows(response.text)
    assert rows.rows == EXPECTED_2024


def test_whole_municipality_on_top_rest_last_areas_in_danish_order(client: TestClient) -> None:
    rows = table_rows(client.get("/").text)
    # Danish alphabet: ... z, æ, ø, å
    assert rows.order == ["__all__", "bakken", "aeblehaven", "oester", "__rest__"]


def test_default_year_is_the_latest_and_the_select_offers_every_year(
    client: TestClient,
) -> None:
    html = client.get("/").text
    assert '<option value="2024" selected>' in html
    assert '<option value="2023">' in html
    assert '<label for="year-select">År</label>' in html


def test_comparison_is_shown_by_colour_and_by_word(client: TestClient) -> None:
    html = client.get("/").text
    assert '<span class="badge cmp-worse">dårligere</span>' in html
    assert '<span class="badge cmp-similar">på niveau</span>' in html
    assert '<span class="badge cmp-better">bedre</span>' in html


def test_suppressed_cell_shows_a_dash_and_never_its_value(client: TestClient) -> None:
    # The fixture planted 77.7 (70.1-80.2) behind the suppression flag.
    html = client.get("/").text
    assert "skjult af hensyn til diskretion" in html
    for hidden in ("77,7", "70,1", "80,2", "77.7"):
        assert hidden not in html


def test_the_year_selector_changes_the_numbers(client: TestClient) -> None:
    rows = table_rows(client.get("/?year=2023").text).rows
    assert rows["bakken"][:4] == ["Bakkegården", "3.401", "23,2", "21,8–24,7"]
    assert rows["aeblehaven"][10:14] == ["5,4", "4,2–6,8", "4,8", "på niveau"]
    assert rows["__all__"][1] == "358.765"
    html = client.get("/?year=2023").text
    assert '<option value="2023" selected>' in html
    assert "skjult af hensyn til diskretion" not in html  # nothing suppressed in 2023


def test_the_indicator_headers_link_to_the_indicator_pages(client: TestClient) -> None:
    html = client.get("/?year=2023").text
    assert 'href="/indikator/boern_unge_under_18?year=2023"' in html
    assert "Voksne uden for arbejdsmarkedet" in html
    assert "Underretninger om børn og unge" in html
