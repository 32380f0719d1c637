"""The sentence of each kind of alert, made from the published codes and numbers: the
indicator and the criterion in words, numbers in the language's format. The expected
sentences are written by hand."""

from __future__ import annotations

import math

from bosocdata.presentation.alerts import alert_sentence, alerts_text
from bosocdata.presentation.vocabulary import Vocabulary

DA, EN = Vocabulary("da"), Vocabulary("en")
NAMES = {
    "da": {"ikke_aktive_laanere": "Beboere uden biblioteksudlån"},
    "en": {"ikke_aktive_laanere": "Residents without library loans"},
}
NAN = math.nan
RED = {
    "area_id": "fyr", "area_name": "Fyrretoften", "period": 2024, "kind": "red_red",
    "indicator_id": "ikke_aktive_laanere", "criterion": None, "value": 71.25,
    "benchmark": 64.0, "unit": "pct", "change": 1.5, "from_period": None,
    "direction": None, "source": None,
}  # fmt: skip
INDEX = {
    **RED, "kind": "index_worsening", "indicator_id": None, "value": 1.2, "benchmark": 0.1,
    "unit": None, "change": 1.25, "from_period": 2021,
}  # fmt: skip
NEAR = {
    **RED, "kind": "criterion_near", "indicator_id": None, "criterion": "forebyg_grundskole",
    "value": 12.0, "benchmark": NAN, "unit": None, "change": NAN,
}  # fmt: skip
TARGET = {
    **RED, "kind": "target_not_met", "value": 40.0, "benchmark": 35.0, "change": NAN,
    "direction": "up_is_worse", "source": "Helhedsplan 2030",
}  # fmt: skip


def _da(row: dict[str, object]) -> str:
    return alert_sentence(row, DA, lambda i: NAMES["da"].get(i, i))


def _en(row: dict[str, object]) -> str:
    return alert_sentence(row, EN, lambda i: NAMES["en"].get(i, i))


def test_worse_and_worsening_names_the_indicator_and_the_change_in_points() -> None:
    assert _da(RED) == (
        "Fyrretoften: beboere uden biblioteksudlån er 71,3 % mod 64,0 % i hele kommunen"
        " – signifikant dårligere og signifikant forværret; +1,5 procentpoint pr. år"
    )
    assert _en(RED) == (
        "Fyrretoften: residents without library loans is 71.3 % against 64.0 % in the"
        " municipality – significantly worse and significantly worsening;"
        " +1.5 percentage points per year"
    )
    rate = {**RED, "unit": "per1000", "value": 1234.5, "benchmark": 1000.0, "change": -2.0}
    assert _da(rate).endswith(
        "er 1.234,5 pr. 1.000 beboere mod 1.000,0 pr. 1.000 beboere i hele kommunen"
        " – signifikant dårligere og signifikant forværret; -2,0 pr. år"
    )
    assert _da({**RED, "change": NAN}).endswith("signifikant forværret")


def test_a_rising_index_over_the_lag() -> None:
    assert _da(INDEX) == (
        "Fyrretoften: indekset er fra 2021 til 2024 steget 1,3 standardafvigelser mere end"
        " hele kommunens"
    )
    assert _en(INDEX) == (
        "Fyrretoften: from 2021 to 2024 the index rose 1.3 standard deviations more than"
        " the municipality's"
    )


def test_a_criterion_near_its_threshold_in_words() -> None:
    assert _da(NEAR) == (
        "Fyrretoften: kriteriet «over 60 % af de 30-59-årige med kun grundskole"
        " (forebyggelse)» er ikke opfyldt, men kun 12 beboere fra tærsklen"
    )
    assert "forebyg_grundskole" not in _en(NEAR)
    assert _da({**NEAR, "criterion": "ukendt_id"}).startswith("Fyrretoften: kriteriet «ukendt_id»")


def test_a_target_not_met_says_at_most_or_at_least() -> None:
    assert _da(TARGET) == (
        "Fyrretoften: målet for beboere uden biblioteksudlån er ikke nået: 40,0 %"
        " (mål: højst 35,0 %; Helhedsplan 2030)"
    )
    floor = {**TARGET, "direction": "down_is_worse", "value": 30.0, "benchmark": 35.0}
    assert _en(floor) == (
        "Fyrretoften: the target for residents without library loans is not met: 30.0 %"
        " (target: at least 35.0 %; Helhedsplan 2030)"
    )


def test_the_text_of_bosoc_alerts_groups_one_year_by_area() -> None:
    rows = [RED, INDEX, {**NEAR, "area_name": "Askehaven", "period": 2023}]
    text = alerts_text(rows, DA, lambda i: NAMES["da"].get(i, i))
    assert text.startswith("Advarsler 2024: 2\n\nFyrretoften\n  - Fyrretoften: beboere uden")
    assert "Askehaven" not in text
    assert alerts_text(rows, DA, str, 2010) == "Ingen advarsler for 2010."
    assert alerts_text([], EN, str) == "No alerts."
    assert alerts_text(rows, EN, str, 2023).startswith("Alerts 2023: 1\n\nAskehaven\n")
