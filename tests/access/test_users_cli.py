"""`bosoc users ...` and `bosoc audit ...` round trip, through a Typer app built here."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer
from argon2 import PasswordHasher
from typer.testing import CliRunner

from bosocdata.access import UserStore
from bosocdata.auditlog import audit_log_path
from bosocdata.cli import audit_cmd, users_cmd
from bosocdata.errors import BosocError
from bosocdata.settings import Paths

GOOD = "blue kettle on the sunny hill"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BOSOC_HOME", str(tmp_path / "home"))
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr("bosocdata.access.store.default_hasher", lambda: cheap)
    return tmp_path / "home"


def bosoc(*args: str, stdin: str | None = None) -> tuple[int, str]:
    """Run like `bosoc`: a `BosocError` is exit 2 (as `bosocdata.cli.main.run` maps it)."""
    app = typer.Typer()
    users_cmd.register(app)
    audit_cmd.register(app)
    result = CliRunner().invoke(app, list(args), input=stdin)
    if isinstance(result.exception, BosocError):
        return 2, result.output + str(result.exception)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_add_prints_a_generated_password_once_and_it_logs_in(home: Path) -> None:
    code, output = bosoc("users", "add", "kirsten", "--role", "analyst")

    assert code == 0, output
    password = re.search(r"denne ene gang\): (\S+)", output)
    assert password is not None
    assert UserStore(Paths(home)).authenticate("kirsten", password.group(1)) is not None


def test_add_with_the_password_on_stdin_prints_no_password(home: Path) -> None:
    code, output = bosoc(
        "users", "add", "kirsten", "--role", "viewer", "--password-stdin", stdin=GOOD + "\n"
    )

    assert code == 0, output
    assert GOOD not in output
    assert "Adgangskode" not in output
    assert UserStore(Paths(home)).authenticate("kirsten", GOOD) is not None


def test_a_weak_password_on_stdin_is_refused_with_exit_2(home: Path) -> None:
    code, output = bosoc(
        "users", "add", "kirsten", "--role", "viewer", "--password-stdin", stdin="short\n"
    )
    assert code == 2
    assert "at least 15" in output


def test_round_trip_add_list_set_role_set_areas_disable(home: Path) -> None:
    assert (
        bosoc("users", "add", "bo", "--role", "partner", "--housing-organisation", "Brabrand")[0]
        == 0
    )
    assert bosoc("users", "add", "anna", "--role", "viewer")[0] == 0
    assert bosoc("users", "set-role", "anna", "analyst")[0] == 0
    assert bosoc("users", "set-areas", "bo", "--areas", "A01,A02")[0] == 0
    assert bosoc("users", "disable", "anna")[0] == 0

    code, listing = bosoc("users", "list")

    assert code == 0
    assert listing.splitlines() == [
        "anna\tanalyst\talle områder\tspærret\t-",
        "bo\tpartner\tA01, A02\taktiv\t-",
    ]
    events = [json.loads(x)["event"] for x in audit_log_path(Paths(home)).read_text().splitlines()]
    assert events == ["user_added", "user_added", "role_changed", "areas_changed", "user_disabled"]
    actor = json.loads(audit_log_path(Paths(home)).read_text().splitlines()[0])["actor"]
    assert actor.startswith("cli:")


def test_set_areas_needs_exactly_one_choice(home: Path) -> None:
    bosoc("users", "add", "anna", "--role", "viewer")
    assert bosoc("users", "set-areas", "anna")[0] == 2
    assert bosoc("users", "set-areas", "anna", "--areas", "A01", "--all-areas")[0] == 2
    assert bosoc("users", "set-areas", "anna", "--all-areas")[0] == 0


def _published_areas(home: Path) -> None:
    """A published zone whose areas are A01, A02 (Brabrand) and B01 (AAB)."""
    import duckdb

    path = Paths(home).published
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE areas AS SELECT * FROM (VALUES ('A01', 'Brabrand'),"
        " ('A02', 'Brabrand'), ('B01', 'AAB'), ('__all__', NULL), ('__rest__', NULL))"
        " AS t(area_id, housing_organisation)"
    )
    con.close()


def test_areas_and_organisations_must_exist_and_the_rest_is_never_given(home: Path) -> None:
    """A mistyped area or organisation would leave a user with less than meant; the rest
    outside the areas, with the municipality, gives the sum of the areas not theirs."""
    _published_areas(home)
    refused = [
        ("users", "add", "pia", "--role", "partner", "--areas", "A01,__rest__"),
        ("users", "add", "pia", "--role", "partner", "--areas", "A01,A99"),
        ("users", "add", "pia", "--role", "partner", "--housing-organisation", "Brabrnad"),
    ]
    outputs = []
    for args in refused:
        code, output = bosoc(*args)
        assert code == 2, output
        outputs.append(output)
    assert "__rest__" in outputs[0] and "A99" in outputs[1]
    assert "did you mean Brabrand?" in outputs[2]
    assert UserStore(Paths(home)).get("pia") is None
    code, output = bosoc("users", "add", "pia", "--role", "partner", "--areas", "A01, B01")
    assert code == 0, output
    user = UserStore(Paths(home)).get("pia")
    assert user is not None and list(user.areas or ()) == ["A01", "B01"]
    code, output = bosoc("users", "set-areas", "pia", "--housing-organisation", "Brabrand")
    assert code == 0, output


def test_an_unknown_user_is_refused_with_exit_2(home: Path) -> None:
    code, output = bosoc("users", "disable", "nobody")
    assert code == 2
    assert "no user named 'nobody'" in output


def test_reset_password_gives_a_new_working_password(home: Path) -> None:
    bosoc("users", "add", "anna", "--role", "viewer", "--password-stdin", stdin=GOOD + "\n")
    code, output = bosoc("users", "reset-password", "anna")
    new = re.search(r"denne ene gang\): (\S+)", output)
    assert code == 0 and new is not None
    store = UserStore(Paths(home))
    assert store.authenticate("anna", GOOD) is None
    assert store.authenticate("anna", new.group(1)) is not None


def test_audit_verify_passes_then_names_the_tampered_line(home: Path) -> None:
    bosoc("users", "add", "anna", "--role", "viewer")
    bosoc("users", "add", "bo", "--role", "viewer")
    bosoc("users", "disable", "anna")
    code, output = bosoc("audit", "verify")
    assert code == 0
    assert "3 poster" in output

    log = audit_log_path(Paths(home))
    log.write_text(
        log.read_text().replace('"role":"viewer","username":"bo"', '"role":"admin","username":"bo"')
    )
    code, output = bosoc("audit", "verify")

    assert code == 2
    assert output.splitlines()[0].startswith("line 2: entry edited")


def test_audit_show_prints_the_last_entries(home: Path) -> None:
    for name in ["anna", "bo", "carl"]:
        bosoc("users", "add", name, "--role", "viewer")

    code, output = bosoc("audit", "show", "--last", "2")

    assert code == 0
    lines = output.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["2", "3"]
    assert all("\tuser_added\tcli:" in line for line in lines)
    assert '"username": "carl"' in lines[1]


def test_taking_the_last_admin_away_is_done_with_a_warning(home: Path) -> None:
    """Demoting or disabling the last enabled administrator is allowed (the server's
    `bosoc users` can make another) but said, with exit 1: nobody is left to read the
    audit log in the web application."""
    assert bosoc("users", "add", "boss", "--role", "admin")[0] == 0
    assert bosoc("users", "add", "ana", "--role", "analyst")[0] == 0
    assert bosoc("users", "set-role", "ana", "viewer")[0] == 0  # an admin is still there
    code, output = bosoc("users", "set-role", "boss", "analyst")
    assert code == 1 and "ingen aktiv administrator" in output
    assert bosoc("users", "set-role", "boss", "admin")[0] == 0
    code, output = bosoc("users", "disable", "boss")
    assert code == 1 and "ingen aktiv administrator" in output
