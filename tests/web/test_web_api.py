"""The JSON endpoints return published rows only, with suppressed numbers empty."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_areas_with_residents_of_the_latest_year(client: TestClient) -> None:
    body = client.get("/api/areas").json()
    assert body["year"] == 2024
    residents = {a["area_id"]: a["residents"] for a in body["areas"]}
    assert residents == {
        "__all__": 361234,
        "__rest__": 340000,
        "aeblehaven": 4321,
        "bakken": 3456,
        "oester": 12345,
    }


def test_areas_of_an_earlier_year(client: TestClient) -> None:
    body = client.get("/api/areas?year=2023").json()
    assert {a["area_id"]: a["residents"] for a in body["areas"]}["bakken"] == 3401


def test_indicator_table_of_one_area(client: TestClient) -> None:
    body = client.get("/api/indicator_table?year=2024&area_id=bakken").json()
    rows = {r["indicator_id"]: r for r in body["rows"]}
    assert set(rows) == {
        "boern_unge_under_18",
        "voksne_uden_for_arbejdsmarkedet",
        "underretninger_boern_unge",
    }
    child = rows["boern_unge_under_18"]
    assert (child["numerator"], child["denominator"]) == (812, 3456)
    assert child["benchmark"] == 17.9418
    assert child["comparison"] == "worse"


def test_suppressed_row_has_no_numbers(client: TestClient) -> None:
    body = client.get("/api/indicator_table?year=2024&area_id=aeblehaven").json()
    (row,) = [r for r in body["rows"] if r["indicator_id"] == "underretninger_boern_unge"]
    assert row["suppressed"] is True
    for column in (
        "numerator",
        "denominator",
        "value",
        "ci_low",
        "ci_high",
        "comparison",
        "ci99_low",
        "ci99_high",
    ):
        assert row[column] is None, column
    assert "77.7" not in client.get("/api/indicator_table?year=2024").text


def test_all_areas_of_a_year(client: TestClient) -> None:
    body = client.get("/api/indicator_table?year=2023").json()
    assert len(body["rows"]) == 15  # 5 areas x 3 indicators
    assert {r["period"] for r in body["rows"]} == {2023}


def test_bad_year_and_unknown_area_are_refused_as_json(client: TestClient) -> None:
    r = client.get("/api/indicator_table?year=1999")
    assert r.status_code == 400
    assert "1999" in r.json()["error"]
    r = client.get("/api/indicator_table?year=abc")
    assert r.status_code == 400
    r = client.get("/api/indicator_table?area_id=nowhere")
    assert r.status_code == 404
    assert r.json()["error"] == "Der er intet boligområde med id'et nowhere."
    assert client.get("/api/areas?year=2030").status_code == 400


def test_healthz(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body == {"status": "ok", "published": True, "computed_at": "2025-01-15 10:00:00"}
