"""`/eksport/evaluation` and `/eksport/flows`: the evaluation's tables as CSV and Excel,
with Danish headers and names for people, scoped like every export: a municipal analyst
gets every row, a partner only its own areas' (and no donor area of another
organisation). The rows are those of web_evaluation_fixture.py."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from web_evaluation_fixture import ROWS, evaluated_home, logged_in


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return evaluated_home(
        tmp_path_factory.mktemp("eval-export"), {"ana": "analyst", "frugt": "partner"}
    )


@pytest.fixture()
def analyst(home: Path) -> Iterator[TestClient]:
    yield from logged_in(home, "ana")


@pytest.fixture()
def partner(home: Path) -> Iterator[TestClient]:
    yield from logged_in(home, "frugt")


def _rows(body: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))


def _sheet(body: bytes) -> tuple[list[str], list[list[object]]]:
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(body)).active.iter_rows()]
    return [str(h) for h in rows[0]], rows[1:]


def test_the_municipality_downloads_the_whole_evaluation(analyst: TestClient) -> None:
    plain = analyst.get("/eksport/evaluation?format=csv")
    assert plain.status_code == 200
    assert "bosocdata-evaluation-alle.csv" in plain.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(plain.text)))
    assert len(rows) == len(ROWS)  # every row, the pooled ones (no area) too
    simple = next(r for r in rows if r["estimand"] == "att_simple")
    assert (simple["intervention_id"], simple["area_id"]) == ("hp1", "")
    assert (float(simple["estimate"]), float(simple["ci_low"]), float(simple["ci_high"])) == (
        1.5,
        0.3,
        2.7,
    )


def test_the_evaluation_for_people_has_danish_headers_and_names(analyst: TestClient) -> None:
    headers, rows = _sheet(analyst.get("/eksport/evaluation?format=xlsx").content)
    assert headers[:5] == ["Indsats", "Område", "Indikator", "Metode", "Størrelse"]
    assert {"Estimat", "Nedre grænse (95 %)", "Øvre grænse (95 %)", "Donorområde"} <= set(headers)
    shown = [dict(zip(headers, r, strict=True)) for r in rows]
    simple = next(r for r in shown if r["Størrelse"] == "Gennemsnitlig virkning")
    assert simple["Indsats"] == "Helhedsplan Bakkegården"
    assert simple["Område"] == "Indsatsens områder samlet"
    assert simple["Metode"] == "Forskel-i-forskelle (Callaway & Sant'Anna 2021)"
    assert simple["Indikator"] == "Børn og unge under 18 år"
    assert (simple["Estimat"], simple["Nedre grænse (95 %)"], simple["Øvre grænse (95 %)"]) == (
        1.5,
        0.3,
        2.7,
    )
    weights = {r["Donorområde"]: r["Estimat"] for r in shown if r["Størrelse"] == "Donorvægt"}
    assert weights == {"Østerparken": 0.7, "Æblehaven": 0.3, "Bakkegården": 1.0}
    # the Danish CSV: the same, rounded as on screen with a decimal comma
    danish = _rows(analyst.get("/eksport/evaluation?sep=semikolon&decimal=komma").text)
    change = next(
        r
        for r in danish
        if r["Størrelse"] == "Ændring i alt"
        and r["Område"] == "Æblehaven"
        and r["Sammenlignet med år"] == "2023"
    )
    assert change["Estimat"] == "0,392"  # 0,3917 to three decimals
    assert (
        change["Metode"]
        == "Dekomposition af ændringen (blivende beboere, tilflyttere og fraflyttere)"
    )


def test_the_flows_for_people(analyst: TestClient) -> None:
    headers, rows = _sheet(analyst.get("/eksport/flows?format=xlsx&year=2024").content)
    assert headers[:4] == ["Område", "År", "Indikator", "Blev boende (antal)"]
    shown = {r[0]: dict(zip(headers, r, strict=True)) for r in rows}
    assert set(shown) == {"Æblehaven", "Bakkegården"}
    aeble = shown["Æblehaven"]
    assert (aeble["Flyttede ind (antal)"], aeble["Flyttede ud (antal)"]) == (150, 120)
    assert aeble["Værdi blandt tilflyttere"] == 33.25
    danish = _rows(analyst.get("/eksport/flows?year=2024&sep=semikolon&decimal=komma").text)
    row = next(r for r in danish if r["Område"] == "Æblehaven")
    assert row["Værdi blandt tilflyttere"] == "33,3"  # 33,25 rounded half up, one decimal
    assert row["Døde (antal)"] == "5"


def test_a_partner_gets_only_its_own_areas(partner: TestClient) -> None:
    plain = partner.get("/eksport/evaluation?format=csv")
    assert plain.status_code == 200
    rows = list(csv.DictReader(io.StringIO(plain.text)))
    assert {r["intervention_id"] for r in rows} == {"hp2", ""}  # not hp1 (Bakkegården)
    assert {r["area_id"] for r in rows} == {"aeblehaven"}
    assert "bakken" not in plain.text  # not even as hp2's donor
    headers, sheet = _sheet(partner.get("/eksport/evaluation?format=xlsx").content)
    text = " ".join(str(v) for r in sheet for v in r)
    assert "Bakkegården" not in text and "Helhedsplan" not in text
    donors = [dict(zip(headers, r, strict=True))["Donorområde"] for r in sheet]
    assert "Et andet område" in donors
    flows = list(csv.DictReader(io.StringIO(partner.get("/eksport/flows?year=alle").text)))
    assert {r["area_id"] for r in flows} == {"aeblehaven"}
    assert [float(r["in_movers"]) for r in flows] == [150.0]
