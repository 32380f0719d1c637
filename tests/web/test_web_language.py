"""Danish first; `?lang=en` switches to English and is remembered."""

from __future__ import annotations

from fastapi.testclient import TestClient
from html_cells import table_rows

from bosocdata.presentation.vocabulary import LANGUAGES, STRINGS


def test_danish_is_the_default(client: TestClient) -> None:
    html = client.get("/").text
    assert '<html lang="da">' in html
    assert 'href="/?lang=en"' in html  # the switch link
    assert "Read in English" in html


def test_english_switch_translates_words_and_number_format(client: TestClient) -> None:
    response = client.get("/?lang=en")
    html = response.text
    assert '<html lang="en">' in html
    rows = table_rows(html).rows
    assert rows["__all__"][:2] == ["Whole municipality", "361,234"]
    assert rows["bakken"][2:6] == ["23.5", "22.1–24.9", "17.9", "worse"]
    assert rows["__rest__"][0] == "Outside the housing areas"
    assert "hidden for confidentiality" in html
    assert "Læs på dansk" in html


def test_the_choice_is_remembered_and_can_be_switched_back(client: TestClient) -> None:
    client.get("/?lang=en")
    assert '<html lang="en">' in client.get("/omraade/bakken").text
    client.get("/?lang=da")
    assert '<html lang="da">' in client.get("/omraade/bakken").text


def test_switch_link_keeps_the_other_parameters(client: TestClient) -> None:
    html = client.get("/?year=2023").text
    assert 'href="/?year=2023&amp;lang=en"' in html


def test_an_unknown_language_falls_back_to_danish(client: TestClient) -> None:
    response = client.get("/?lang=xx")
    assert response.status_code == 200
    assert '<html lang="da">' in response.text


def test_every_string_exists_in_every_language() -> None:
    for key, texts in STRINGS.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(texts[lang].strip() for lang in LANGUAGES), key
