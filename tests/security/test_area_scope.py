"""Roles and area scopes, enforced on the server for every route of the route table.

A partner of Boligforeningen Frugt sees `aeblehaven` and `__all__` only: never another
organisation's area, never `__rest__`, in no page, list, map, API answer, export or error
message; asking for such an area gives the very same 404 as an area that does not exist.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from security_fixture import FOREIGN_AREAS, FOREIGN_WORDS, OWN_AREA
from security_routes import (
    DATA_ROUTES,
    EXPORT_ROUTES,
    GET_ROUTES,
    every_fill,
    fill,
    has_area_parameter,
)
from web_login import add_user

from bosocdata.auditlog import read_lines

AREA_ROUTES = [r for r in GET_ROUTES if has_area_parameter(r)]
NOWHERE = "nowhere-at-all"


def _visible_text(response: object) -> str:
    text: str = response.text  # type: ignore[attr-defined]
    if response.headers.get("content-type", "").startswith("application/json"):  # type: ignore[attr-defined]
        text += json.dumps(response.json(), ensure_ascii=False)  # type: ignore[attr-defined]
    return text


def test_the_route_table_holds_the_known_pages() -> None:
    paths = {r.path for r in GET_ROUTES}
    assert {"/", "/omraade/{area_id}", "/indikator/{indicator_id}", "/kort", "/api/areas"} <= paths
    assert AREA_ROUTES, "no route with an area parameter: the scope tests would test nothing"


# A report job's pages (/rapporter/{job_id}) exist only for a job the user started: they
# are reached, with a real job, through the PDF routes' redirect in the same test.
PAGE_ROUTES = [r for r in DATA_ROUTES if "{job_id}" not in r.path]


@pytest.mark.parametrize("route", PAGE_ROUTES, ids=lambda r: r.path)
def test_partner_sees_nothing_of_another_organisation_on_any_route(
    as_user: Callable[[str], TestClient], route: object
) -> None:
    partner = as_user("frugt")
    for address in every_fill(route, OWN_AREA):  # type: ignore[arg-type]
        for lang in ("en", "da"):  # Danish last: the cookie remembers it
            response = partner.get(address, params={"lang": lang})
            assert response.status_code == 200, address
            text = _visible_text(response)
            leaked = [w for w in FOREIGN_WORDS if w in text]
            assert leaked == [], f"{address} shows {leaked}"


@pytest.mark.parametrize("route", AREA_ROUTES, ids=lambda r: r.path)
@pytest.mark.parametrize("foreign", FOREIGN_AREAS)
def test_a_foreign_area_is_the_same_404_as_an_area_that_does_not_exist(
    as_user: Callable[[str], TestClient], route: object, foreign: str
) -> None:
    partner = as_user("frugt")
    for address, missing in zip(
        every_fill(route, foreign),  # type: ignore[arg-type]
        every_fill(route, NOWHERE),  # type: ignore[arg-type]
        strict=True,
    ):
        refused, absent = partner.get(address), partner.get(missing)
        assert refused.status_code == absent.status_code == 404
        assert refused.text.replace(foreign, "?") == absent.text.replace(NOWHERE, "?")


@pytest.mark.parametrize("route", DATA_ROUTES, ids=lambda r: r.path)
def test_a_foreign_area_as_query_parameter_is_refused_on_every_route(
    as_user: Callable[[str], TestClient], route: object
) -> None:
    partner = as_user("frugt")
    address = fill(route, OWN_AREA)  # type: ignore[arg-type]
    for foreign in FOREIGN_AREAS:
        refused = partner.get(address, params={"area_id": foreign})
        absent = partner.get(address, params={"area_id": NOWHERE})
        assert refused.status_code == absent.status_code == 404, address
        assert refused.text.replace(foreign, "?") == absent.text.replace(NOWHERE, "?")


def test_the_same_area_is_shown_to_the_analyst_and_the_viewer(
    as_user: Callable[[str], TestClient],
) -> None:
    for name in ("admin", "analytiker", "laeser"):
        page = as_user(name).get("/omraade/bakken")
        assert page.status_code == 200, name
        assert "Bakkegården" in page.text
        front = as_user(name).get("/").text
        assert all(area in front for area in ("Bakkegården", "Østerparken", "Uden for"))


def test_partner_front_page_lists_its_area_and_the_municipality_only(
    as_user: Callable[[str], TestClient],
) -> None:
    front = as_user("frugt").get("/").text
    assert "Æblehaven" in front
    assert "Hele kommunen" in front
    assert front.count('data-area="') == 2  # __all__ and aeblehaven, nothing else


def test_partner_export_holds_its_area_and_the_municipality_only(
    as_user: Callable[[str], TestClient],
) -> None:
    response = as_user("frugt").get("/eksport", params={"year": "alle"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    # 2 areas x 2 years x 3 indicators
    assert len(rows) == 12
    assert {r["area_id"] for r in rows} == {"__all__", OWN_AREA}
    assert {r["area_id"] for r in as_user("frugt").get("/api/areas").json()["areas"]} == {
        "__all__",
        OWN_AREA,
    }


@pytest.mark.parametrize("route", EXPORT_ROUTES, ids=lambda r: r.path)
def test_a_viewer_may_look_but_not_export(
    as_user: Callable[[str], TestClient], route: object
) -> None:
    viewer = as_user("laeser")
    response = viewer.get(fill(route, OWN_AREA))  # type: ignore[arg-type]
    assert response.status_code == 403
    assert "Bakkegården" not in response.text and "17,9" not in response.text
    assert "eksport" not in viewer.get("/").text  # no export link offered


def test_everyone_else_may_export(as_user: Callable[[str], TestClient]) -> None:
    for name in ("admin", "analytiker", "frugt"):
        assert as_user(name).get("/eksport").status_code == 200, name
        assert "/eksport?year=2024" in as_user(name).get("/").text


@pytest.mark.parametrize("route", DATA_ROUTES, ids=lambda r: r.path)
def test_without_login_no_route_answers_with_data(app_client: TestClient, route: object) -> None:
    for address in every_fill(route, OWN_AREA):  # type: ignore[arg-type]
        response = app_client.get(address, follow_redirects=False)
        if address.startswith("/api/"):
            assert response.status_code == 401
        else:
            assert response.status_code == 303
            assert response.headers["location"].startswith("/login?next=")
        assert "Æblehaven" not in response.text and "aeblehaven" not in response.text


def test_area_views_and_exports_are_in_the_audit_log(
    published: object, as_user: Callable[[str], TestClient]
) -> None:
    from bosocdata.settings import Paths

    home = Paths(published.parent.parent)  # type: ignore[attr-defined]
    partner = as_user("frugt")  # logged in first: its login is not what is counted
    before = len(read_lines(home))
    partner.get(f"/omraade/{OWN_AREA}")
    partner.get("/eksport", params={"year": "2023"})
    partner.get("/omraade/bakken")  # refused: not an area view
    entries = [line.entry for line in read_lines(home)[before:]]
    assert [(e["event"], e["actor"]) for e in entries] == [
        ("area_viewed", "frugt"),
        ("export", "frugt"),
    ]
    assert entries[0]["details"] == {"area_id": OWN_AREA}
    assert entries[1]["details"]["areas"] == ["__all__", OWN_AREA]
    assert entries[1]["details"]["year"] == "2023"


def test_an_intervention_in_a_foreign_area_is_the_same_404_as_none(
    as_user: Callable[[str], TestClient],
) -> None:
    """hp1 (web_evaluation_fixture.py) is in Bakkegården only: its pooled estimates would
    tell of an area the partner may not see."""
    partner = as_user("frugt")
    refused, absent = partner.get("/indsats/hp1"), partner.get(f"/indsats/{NOWHERE}")
    assert refused.status_code == absent.status_code == 404
    assert refused.text.replace("hp1", "?") == absent.text.replace(NOWHERE, "?")
    assert "hp1" not in partner.get("/indsatser").text


def test_twins_are_shown_only_when_the_user_may_see_every_one_of_them(
    published: Path, as_user: Callable[[str], TestClient]
) -> None:
    """Æblehaven's twins are Bakkegården (nearest) and Østerparken. A user who may see
    Æblehaven and Bakkegården but not Østerparken sees no twins, on the page or in the
    export: a part of them would say that a nearer twin lies among areas not theirs."""
    add_user(published.parent.parent, "to_omr", "partner", areas=["aeblehaven", "bakken"])
    user = as_user("to_omr")
    page = user.get("/omraade/aeblehaven?year=2024").text
    assert "lignende områder" not in page and "sammenlign=tvillinger" not in page
    exported = list(csv.DictReader(io.StringIO(user.get("/eksport/twins").text)))
    assert exported == []
    every = as_user("analytiker").get("/eksport/twins").text
    assert "bakken" in every and "oester" in every  # the fixture does hold them
