"""Local accounts: argon2id hashes, authentication, scopes and the audit trail of changes."""

from __future__ import annotations

import json
import sqlite3
import stat

import pytest
from argon2 import PasswordHasher

from bosocdata.access import Role, UserStore, WeakPassword, users_db_path
from bosocdata.auditlog import audit_log_path, verify
from bosocdata.errors import BosocError
from bosocdata.settings import Paths

GOOD = "blue kettle on the sunny hill"


def stored_hash(paths: Paths, username: str) -> str:
    with sqlite3.connect(users_db_path(paths)) as db:
        return str(
            db.execute(
                "SELECT password_hash FROM users WHERE username = ?", (username,)
            ).fetchone()[0]
        )


def audit_events(paths: Paths) -> list[tuple[str, dict[str, object]]]:
    lines = audit_log_path(paths).read_text(encoding="utf-8").splitlines()
    return [(json.loads(x)["event"], json.loads(x)["details"]) for x in lines]


def test_the_password_is_stored_as_an_argon2id_hash_with_the_default_costs(
    paths: Paths,
) -> None:
    UserStore(paths).add("kirsten", "analyst", password=GOOD)

    hashed = stored_hash(paths, "kirsten")

    assert hashed.startswith("$argon2id$")
    assert "m=65536,t=3,p=4" in hashed  # RFC 9106 low-memory profile, argon2-cffi's default
    assert GOOD not in hashed


def test_the_database_file_is_readable_by_its_owner_only(store: UserStore) -> None:
    store.add("kirsten", "analyst", password=GOOD)
    mode = stat.S_IMODE(users_db_path(store.paths).stat().st_mode)
    assert mode == 0o600


def test_the_right_password_authenticates_and_a_wrong_one_does_not(store: UserStore) -> None:
    store.add("kirsten", "analyst", password=GOOD)

    user = store.authenticate("kirsten", GOOD)

    assert user is not None
    assert user.username == "kirsten"
    assert user.role is Role.analyst
    assert user.last_login_at is not None
    assert store.authenticate("kirsten", GOOD + "!") is None
    assert store.authenticate("kirsten", "") is None
    assert store.authenticate("nobody", GOOD) is None


def test_usernames_are_case_insensitive(store: UserStore) -> None:
    store.add("Kirsten", "analyst", password=GOOD)
    assert store.authenticate("KIRSTEN", GOOD) is not None
    with pytest.raises(BosocError, match="exists already"):
        store.add("kirsten", "viewer")


def test_a_disabled_user_is_refused_even_with_the_right_password(store: UserStore) -> None:
    store.add("kirsten", "analyst", password=GOOD)

    store.disable("kirsten")

    assert store.authenticate("kirsten", GOOD) is None
    store.enable("kirsten")
    assert store.authenticate("kirsten", GOOD) is not None


def test_unicode_passwords_are_normalised_before_hashing(store: UserStore) -> None:
    store.add("kirsten", "viewer", password="\ufb01ne \ufb01sh in the bay")  # ligature fi
    assert store.authenticate("kirsten", "fine fish in the bay") is not None


def test_a_hash_with_old_costs_is_replaced_at_the_next_login(
    paths: Paths, cheap_hasher: PasswordHasher
) -> None:
    UserStore(paths, hasher=cheap_hasher).add("kirsten", "viewer", password=GOOD)
    assert "t=1" in stored_hash(paths, "kirsten")
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)

    assert UserStore(paths, hasher=stronger).authenticate("kirsten", GOOD) is not None

    assert "m=16,t=2,p=1" in stored_hash(paths, "kirsten")
    assert UserStore(paths, hasher=stronger).authenticate("kirsten", GOOD) is not None


def test_a_generated_password_is_returned_and_works(store: UserStore) -> None:
    password = store.add("kirsten", "viewer")
    assert len(password) == 24
    assert store.authenticate("kirsten", password) is not None


def test_a_weak_password_creates_no_user(store: UserStore) -> None:
    with pytest.raises(WeakPassword, match="contains the username"):
        store.add("kirsten", "viewer", password="kirsten likes the sea")
    assert store.get("kirsten") is None


@pytest.mark.parametrize("name", ["a", "has space", "0102031234", "x" * 65, "æble"])
def test_bad_usernames_are_refused(store: UserStore, name: str) -> None:
    with pytest.raises(BosocError):
        store.add(name, "viewer")


def test_a_partner_needs_an_organisation_or_areas(store: UserStore) -> None:
    with pytest.raises(BosocError, match="partner needs"):
        store.add("bo", "partner")
    store.add("bo", "partner", housing_organisation="Brabrand Boligforening")
    user = store.get("bo")
    assert user is not None
    assert user.housing_organisation == "Brabrand Boligforening"
    with pytest.raises(BosocError, match="partner needs"):
        store.set_areas("bo")


def test_an_admin_cannot_be_restricted(store: UserStore) -> None:
    with pytest.raises(BosocError, match="admin"):
        store.add("root1", "admin", areas=["A01"])
    store.add("bo", "partner", areas=["A01", "A02"])
    with pytest.raises(BosocError, match="admin"):
        store.set_role("bo", "admin")


def test_an_unknown_role_is_refused(store: UserStore) -> None:
    with pytest.raises(BosocError, match="unknown role"):
        store.add("bo", "superuser")


def test_every_change_writes_an_audit_entry_and_no_password(store: UserStore) -> None:
    store.add("bo", "viewer", password=GOOD, actor="cli:root")
    store.set_role("bo", "analyst", actor="cli:root")
    store.set_areas("bo", areas=["A01"], actor="cli:root")
    store.disable("bo", actor="cli:root")
    store.set_password("bo", actor="cli:root")

    events = audit_events(store.paths)

    assert [e for e, _ in events] == [
        "user_added",
        "role_changed",
        "areas_changed",
        "user_disabled",
        "password_reset",
    ]
    # No web session was open: each change says it ended none.
    assert events[1][1] == {
        "username": "bo",
        "from": "viewer",
        "to": "analyst",
        "sessions_ended": 0,
    }
    assert events[2][1] == {
        "username": "bo",
        "housing_organisation": None,
        "areas": ["A01"],
        "sessions_ended": 0,
    }
    assert GOOD not in audit_log_path(store.paths).read_text(encoding="utf-8")
    assert verify(store.paths).ok


def test_list_returns_every_user_in_name_order(store: UserStore) -> None:
    store.add("zoe", "viewer")
    store.add("anna", "analyst")
    assert [u.username for u in store.list()] == ["anna", "zoe"]
