"""The second factor of local accounts: TOTP (RFC 6238) and recovery codes.

Codes are computed here from the secret the enrolment page shows, with the RFC 6238
algorithm written out below (HMAC-SHA-1, 30-second steps, 6 digits; checked against
the RFC's own test vector), not with the library the application uses.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from pathlib import Path

import pytest
from security_fixture import TestClient
from typer.testing import CliRunner
from web_login import CHEAP_HASHER, PASSWORD, add_user, csrf_of

from bosocdata.access import Role
from bosocdata.access.second_factor import required_roles_from_env
from bosocdata.auditlog import read_lines
from bosocdata.cli.main import app as cli_app
from bosocdata.settings import SETTINGS, Paths
from bosocdata.web.app import create_app

ADMINS = frozenset({Role.admin})


def totp(secret_b32: str, at: float, digits: int = 6) -> str:
    """RFC 6238 with SHA-1: HOTP (RFC 4226) of the 30-second step count."""
    key = base64.b32decode(secret_b32.replace(" ", "").upper())
    mac = hmac.new(key, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def test_the_reference_totp_matches_rfc_6238() -> None:
    # RFC 6238, appendix B: key "12345678901234567890", T = 59 s, SHA-1, 8 digits.
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp(secret, 59, digits=8) == "94287082"
    assert totp(secret, 1111111109, digits=8) == "07081804"


def _client(published: Path, roles: frozenset[Role] = ADMINS) -> TestClient:
    app = create_app(published, auth="login", hasher=CHEAP_HASHER, second_factor_roles=roles)
    return TestClient(app)


def _password(client: TestClient, username: str) -> object:
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token, "next": "/kort"},
        follow_redirects=False,
    )


def _code(client: TestClient, code: str, path: str = "/login/totp") -> object:
    token = csrf_of(client.get(path).text)
    return client.post(path, data={"code": code, "csrf_token": token}, follow_redirects=False)


def _logged_in(client: TestClient) -> bool:
    return client.get("/", follow_redirects=False).status_code == 200


def _enrol_at_login(client: TestClient, username: str) -> tuple[str, list[str], str]:
    """Password, then the enrolment page: (the secret shown, the recovery codes, the
    code that confirmed it)."""
    answer = _password(client, username)
    assert answer.status_code == 303 and answer.headers["location"] == "/login/totp"  # type: ignore[attr-defined]
    page = client.get("/login/totp").text
    assert "<svg" in page and "QR" in page  # the QR code, drawn in the page
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page)
    assert secret is not None
    first_code = totp(secret.group(1), time.time())
    done = _code(client, first_code)
    assert done.status_code == 200  # type: ignore[attr-defined]
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", done.text)  # type: ignore[attr-defined]
    assert len(codes) == 10
    return secret.group(1), codes, first_code


def test_an_admin_enrols_at_first_login_and_then_needs_a_code(published: Path) -> None:
    add_user(published.parent.parent, "admin-totp", "admin")
    with _client(published) as first:
        secret, _, _ = _enrol_at_login(first, "admin-totp")
        assert _logged_in(first)
    with _client(published) as second:
        answer = _password(second, "admin-totp")
        assert answer.headers["location"] == "/login/totp"  # type: ignore[attr-defined]
        assert not _logged_in(second)  # the password alone gives no session
        page = second.get("/login/totp").text
        assert "<svg" not in page and "totp-secret" not in page  # never shown again
        wrong = _code(second, "000000" if totp(secret, time.time()) != "000000" else "111111")
        assert wrong.status_code == 401 and "4 forsøg" in wrong.text  # type: ignore[attr-defined]
        # The next step's code (the present one was used at enrolment: no replay).
        right = _code(second, totp(secret, time.time() + 30))
        assert right.status_code == 303 and right.headers["location"] == "/kort"  # type: ignore[attr-defined]
        assert _logged_in(second)
    events = [line.entry for line in read_lines(Paths(published.parent.parent)) if line.entry]
    mine = [
        (e["event"], e["details"].get("second_factor"))
        for e in events
        if e["actor"] == "admin-totp"
    ]  # type: ignore[union-attr]
    assert ("second_factor_enrolled", None) in mine
    assert mine.count(("login", "totp")) == 2
    assert ("failed_login", None) in mine


def test_a_code_is_accepted_once_and_a_recovery_code_once(published: Path) -> None:
    add_user(published.parent.parent, "admin-reuse", "admin")
    with _client(published) as first:
        _, codes, used = _enrol_at_login(first, "admin-reuse")
    with _client(published) as second:
        _password(second, "admin-reuse")
        assert _code(second, used).status_code == 401  # type: ignore[attr-defined]
        assert _code(second, codes[0].upper()).status_code == 303  # type: ignore[attr-defined]
    with _client(published) as third:
        _password(third, "admin-reuse")
        assert _code(third, codes[0]).status_code == 401  # type: ignore[attr-defined]
        assert _code(third, codes[1]).status_code == 303  # type: ignore[attr-defined]


def _renew(client: TestClient, code: str) -> object:
    token = csrf_of(client.get("/tofaktor").text)
    return client.post(
        "/tofaktor",
        data={"code": code, "action": "recovery", "csrf_token": token},
        follow_redirects=False,
    )


def test_new_recovery_codes_need_a_code_not_only_a_session(published: Path) -> None:
    """Whoever has taken over a session must not be able to make recovery codes that
    outlive it: a wrong or missing code makes none (and is audited); a right one does."""
    home = Paths(published.parent.parent)
    add_user(home.home, "admin-renew", "admin")
    with _client(published) as client:
        secret, codes, _ = _enrol_at_login(client, "admin-renew")
        for wrong in ("", "000000" if totp(secret, time.time() + 30) != "000000" else "111111"):
            refused = _renew(client, wrong)
            assert refused.status_code in (400, 401, 422)  # type: ignore[attr-defined]
            assert "<code>" not in refused.text  # type: ignore[attr-defined]
        with _client(published) as other:  # the old codes still work
            _password(other, "admin-renew")
            assert _code(other, codes[0]).status_code == 303  # type: ignore[attr-defined]
        made = _renew(client, totp(secret, time.time() + 30))
        assert made.status_code == 200  # type: ignore[attr-defined]
        fresh = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", made.text)  # type: ignore[attr-defined]
        assert len(fresh) == 10 and codes[1] not in fresh
    events = [line.entry for line in read_lines(home) if line.entry["actor"] == "admin-renew"]
    assert ("recovery_codes_renewed", "totp") in [
        (e["event"], e["details"].get("second_factor")) for e in events
    ]
    assert any(e["details"].get("action") == "recovery_codes" for e in events)


def test_five_wrong_codes_end_the_half_done_login(published: Path) -> None:
    add_user(published.parent.parent, "admin-guess", "admin")
    with _client(published) as first:
        secret, _, _ = _enrol_at_login(first, "admin-guess")
    with _client(published) as second:
        _password(second, "admin-guess")
        right = totp(secret, time.time() + 30)
        wrong = "123456" if right != "123456" else "654321"
        statuses = [_code(second, wrong).status_code for _ in range(5)]  # type: ignore[attr-defined]
        assert statuses == [401, 401, 401, 401, 303]
        # The right code comes too late: back to the password.
        late = _code(second, right)
        assert late.status_code == 303 and late.headers["location"] == "/login"  # type: ignore[attr-defined]
        assert not _logged_in(second)


def test_other_roles_log_in_with_the_password_unless_enrolled(published: Path) -> None:
    add_user(published.parent.parent, "analytiker-totp", "analyst")
    with _client(published) as client:
        answer = _password(client, "analytiker-totp")
        assert answer.headers["location"] == "/kort"  # type: ignore[attr-defined]
        page = client.get("/tofaktor").text
        secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page)
        assert secret is not None
        done = _code(client, totp(secret.group(1), time.time()), path="/tofaktor")
        assert "gendannelseskoder" in done.text  # type: ignore[attr-defined]
    with _client(published) as again:  # enrolled of their own accord: now asked
        assert _password(again, "analytiker-totp").headers["location"] == "/login/totp"  # type: ignore[attr-defined]


def test_the_pending_login_is_no_session(published: Path) -> None:
    add_user(published.parent.parent, "admin-halv", "admin")
    with _client(published) as client:
        _password(client, "admin-halv")
        for path in ("/", "/kort", "/eksport", "/sessioner", "/tofaktor"):
            assert client.get(path, follow_redirects=False).status_code == 303


def test_reset_second_factor_lets_the_user_enrol_again(
    published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(published.parent.parent, "admin-mistet", "admin")
    with _client(published) as first:
        _enrol_at_login(first, "admin-mistet")
        assert _logged_in(first)
    monkeypatch.setenv("BOSOC_HOME", str(published.parent.parent))
    result = CliRunner().invoke(cli_app, ["users", "reset-second-factor", "admin-mistet"])
    assert result.exit_code == 0, result.output
    assert not _logged_in(first)  # its sessions ended with it
    with _client(published) as second:
        _enrol_at_login(second, "admin-mistet")  # a new secret, a new enrolment


def test_admins_need_it_by_default_and_the_roles_are_a_setting() -> None:
    default = next(s.default for s in SETTINGS if s.env == "BOSOC_WEB_SECOND_FACTOR_ROLES")
    assert required_roles_from_env(default) == {Role.admin}
    assert required_roles_from_env("admin, analyst") == {Role.admin, Role.analyst}
    assert required_roles_from_env("none") == frozenset()
