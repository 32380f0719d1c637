"""Hostile input in every parameter of every route: SQL injection, path traversal,
oversized and malformed requests. The answer is a 4xx, never a 500 and never data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from security_fixture import FOREIGN_WORDS, new_client
from security_routes import DATA_ROUTES, GET_ROUTES, fill, path_parameters
from web_login import csrf_of

from bosocdata.web.auth.gate import MAX_BODY_BYTES

PAYLOADS = (
    "' OR 1=1 --",
    "'; DROP TABLE areas; --",
    '" OR ""="',
    "aeblehaven' UNION SELECT * FROM pub.areas --",
    "1 OR 1=1",
    "../../secure/store.duckdb",
    "..%2f..%2fsecure%2fstore.duckdb",
    "%2e%2e%2f%2e%2e%2fsecure",
    "/etc/passwd",
    "..\\..\\secure",
    "\x00",
    "aeblehaven\x00zz",
    "<script>alert(1)</script>",
    "${7*7}{{7*7}}",
    "ø" * 3000,
    "-1",
    "99999999999999999999999",
)
TOLERANT = {"next"}
"""Parameters whose unusable values are replaced by a default (200 with the default):
`next` after login falls back to `/`."""


def _params_of(route: object) -> list[tuple[str, str]]:
    """(kind, name) of every parameter: path ones and declared query ones."""
    params = [("path", p) for p in path_parameters(route)]  # type: ignore[arg-type]
    params += [("query", q) for q in route.query]  # type: ignore[attr-defined]
    return params


def _no_data(text: str) -> None:
    assert "Traceback" not in text
    for engine_error in ("Catalog Error", "Parser Error", "Binder Error", "OperationalError"):
        assert engine_error not in text
    assert not [w for w in FOREIGN_WORDS if w in text]


@pytest.mark.parametrize("route", DATA_ROUTES, ids=lambda r: r.path)
def test_hostile_values_in_every_parameter_are_refused(
    as_user: Callable[[str], TestClient], route: object
) -> None:
    client = as_user("frugt")
    for kind, name in _params_of(route):
        for payload in PAYLOADS:
            if kind == "path":
                address = fill(route, payload, payload, payload)  # type: ignore[arg-type]
                response = client.get(address)
            else:
                response = client.get(fill(route, "aeblehaven"), params={name: payload})  # type: ignore[arg-type]
            assert 400 <= response.status_code < 500 or name in TOLERANT, (name, payload)
            assert response.status_code != 500
            _no_data(response.text)


def test_hostile_values_in_the_login_form_are_refused(tmp_path: Path, published: Path) -> None:
    # A home of its own: these failed logins lock the test client's address.
    own = tmp_path / "published" / "published.duckdb"
    own.parent.mkdir(parents=True)
    own.write_bytes(published.read_bytes())
    with new_client(own) as client:
        token = csrf_of(client.get("/login").text)
        for payload in PAYLOADS:
            response = client.post(
                "/login",
                data={"username": payload, "password": payload, "csrf_token": token,
                      "next": payload},
                follow_redirects=False,
            )  # fmt: skip
            assert 400 <= response.status_code < 500, payload
            assert "bosoc_session" not in response.headers.get("set-cookie", "")


@pytest.mark.parametrize(
    "address",
    [
        "/static/../../secure/store.duckdb",
        "/static/..%2f..%2fsecure%2fstore.duckdb",
        "/static/%2e%2e/%2e%2e/secure/store.duckdb",
        "/static/%2e%2e%2f%2e%2e%2fpublished%2fpublished.duckdb",
        "/static/..%5c..%5cpublished%5cpublished.duckdb",
        "/static//etc/passwd",
        "/..%2f..%2fsecure%2fstore.duckdb",
        "/omraade/..%2f..%2fsecure%2fstore.duckdb",
        "/omraade/%2e%2e%2f%2e%2e%2fsecure",
        "/indikator/..%2f..%2f..%2fetc%2fpasswd",
    ],
)
def test_path_traversal_reaches_no_file(as_user: Callable[[str], TestClient], address: str) -> None:
    response = as_user("admin").get(address)
    assert response.status_code in (400, 404), address
    assert b"DUCK" not in response.content and b"root:" not in response.content
    _no_data(response.text)


def test_an_oversized_body_is_refused_with_413(published: Path) -> None:
    with new_client(published) as client:
        token = csrf_of(client.get("/login").text)
        huge = {"username": "a" * (MAX_BODY_BYTES + 1), "password": "x", "csrf_token": token}
        assert client.post("/login", data=huge).status_code == 413


def test_a_body_larger_than_its_length_says_is_refused_while_it_arrives(published: Path) -> None:
    with new_client(published) as client:
        token = csrf_of(client.get("/login").text)

        def chunks():  # no Content-Length: sent in chunks
            yield f"csrf_token={token}&username=".encode()
            for _ in range(MAX_BODY_BYTES // 65536 + 2):
                yield b"a" * 65536

        response = client.post(
            "/login",
            content=chunks(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert response.status_code == 413


def test_a_huge_query_string_is_refused(as_user: Callable[[str], TestClient]) -> None:
    response = as_user("admin").get("/", params={"year": "2" * 10_000})
    assert response.status_code == 414


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"--nothing"),
        ("multipart/form-data; boundary=xyz", b"--xyz\r\nContent-Disposition: nonsense\r\n"),
        ("application/x-www-form-urlencoded", b"%%%\xff\xfe=&&&=="),
        ("application/json", b'{"username": '),
        ("text/plain", b"\x00\x01\x02"),
    ],
)
def test_malformed_bodies_are_refused_without_a_crash(
    published: Path, content_type: str, body: bytes
) -> None:
    with new_client(published) as client:
        token = csrf_of(client.get("/login").text)
        for headers in ({}, {"X-CSRF-Token": token}):
            response = client.post(
                "/login", content=body, headers={"Content-Type": content_type, **headers}
            )
            assert 400 <= response.status_code < 500, (content_type, headers)


def test_a_bad_content_length_is_refused(as_user: Callable[[str], TestClient]) -> None:
    response = as_user("admin").post("/logout", headers={"Content-Length": "abc"})
    assert response.status_code == 400


@pytest.mark.parametrize("route", GET_ROUTES, ids=lambda r: r.path)
def test_other_methods_on_read_only_routes_are_refused(
    as_user: Callable[[str], TestClient], route: object
) -> None:
    client = as_user("admin")
    token = csrf_of(client.get("/").text)
    address = fill(route, "aeblehaven")  # type: ignore[arg-type]
    for method in ("PUT", "PATCH", "DELETE"):
        refused = client.request(method, address, headers={"X-CSRF-Token": token})
        assert refused.status_code == 405, (method, address)
