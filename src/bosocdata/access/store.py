"""Local user accounts: add, list, disable, change role or areas, authenticate.

Every change writes an audit-log entry inside the same transaction: when the audit log
cannot be written, the change is not made.
"""

from __future__ import annotations

import builtins
import json
import re
import sqlite3
from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bosocdata.access.db import reading, transaction
from bosocdata.access.passwords import (
    MAX_LENGTH,
    check_password,
    default_hasher,
    generate_password,
    normalise,
)
from bosocdata.access.roles import Role, User
from bosocdata.access.sessions import end_sessions_of
from bosocdata.auditlog import record
from bosocdata.auditlog.entries import utc_timestamp
from bosocdata.errors import BosocError
from bosocdata.settings import Paths

_USERNAME = re.compile(r"[a-z0-9][a-z0-9._@-]{1,63}")
_CPR_SHAPED = re.compile(r"\d{6}-?\d{4}")
_AREA_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def clean_username(username: str) -> str:
    name = username.strip().casefold()
    if not _USERNAME.fullmatch(name):
        raise BosocError(
            f"the username {username!r} is not allowed",
            hint="2-64 characters: letters a-z, digits and . _ @ -, starting with a letter "
            "or digit",
        )
    if _CPR_SHAPED.search(name):
        raise BosocError("a username may not contain a CPR number", hint="use initials")
    return name


def clean_areas(areas: Iterable[str]) -> tuple[str, ...]:
    cleaned = tuple(dict.fromkeys(a.strip() for a in areas if a.strip()))
    if not cleaned:
        raise BosocError("the list of areas is empty", hint="give area ids, e.g. --areas A01,A02")
    bad = [a for a in cleaned if not _AREA_ID.fullmatch(a)]
    if bad:
        raise BosocError(f"not an area id: {bad[0]!r}", hint="area ids as in the areas register")
    return cleaned


def check_scope(role: Role, housing_organisation: str | None, areas: object | None) -> None:
    if housing_organisation is not None and areas is not None:
        raise BosocError(
            "give a housing organisation or a list of areas, not both",
            hint="a partner sees the areas of one housing organisation",
        )
    restricted = housing_organisation is not None or areas is not None
    if role is Role.admin and restricted:
        raise BosocError("an admin sees every area and cannot be restricted to some", hint=None)
    if role is Role.partner and not restricted:
        raise BosocError(
            "a partner needs a housing organisation or a list of areas",
            hint="--housing-organisation NAME or --areas A01,A02",
        )


def _user(row: sqlite3.Row) -> User:
    areas = json.loads(row["areas"]) if row["areas"] is not None else None
    return User(
        username=row["username"],
        role=Role(row["role"]),
        housing_organisation=row["housing_organisation"],
        areas=tuple(areas) if areas is not None else None,
        enabled=bool(row["enabled"]),
        created_at=row["created_at"],
        last_login_at=row["last_login_at"],
    )


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise BosocError(
            f"unknown role {role!r}", hint=f"one of {', '.join(r.value for r in Role)}"
        ) from None


class UserStore:
    """The accounts in `$BOSOC_HOME/access/users.sqlite`; changes are audited as `actor`."""

    def __init__(self, paths: Paths, *, hasher: PasswordHasher | None = None) -> None:
        self.paths = paths
        self.hasher = hasher or default_hasher()
        self._dummy_hash: str | None = None

    # -- reading ---------------------------------------------------------------------------

    def get(self, username: str) -> User | None:
        with transaction(self.paths) as db:
            row = db.execute(
                "SELECT * FROM users WHERE username = ?", (username.strip().casefold(),)
            ).fetchone()
        return _user(row) if row else None

    def list(self) -> builtins.list[User]:
        with reading(self.paths) as db:
            if db is None:
                return []
            rows = db.execute("SELECT * FROM users ORDER BY username").fetchall()
        return [_user(row) for row in rows]

    def _existing(self, db: sqlite3.Connection, username: str) -> User:
        row = db.execute(
            "SELECT * FROM users WHERE username = ?", (username.strip().casefold(),)
        ).fetchone()
        if row is None:
            raise BosocError(f"no user named {username!r}", hint="see `bosoc users list`")
        return _user(row)

    # -- changing --------------------------------------------------------------------------

    def _new_password(self, username: str, password: str | None) -> tuple[str, str]:
        """(the password, its hash); generated when None."""
        if password is None:
            password = generate_password(username)
        else:
            check_password(password, username)
        return password, self.hasher.hash(normalise(password))

    def add(
        self,
        username: str,
        role: Role | str,
        password: str | None = None,
        housing_organisation: str | None = None,
        areas: Iterable[str] | None = None,
        *,
        actor: str = "system",
    ) -> str:
        """Add an enabled user; returns the password (generated when none was given)."""
        name = clean_username(username)
        the_role = _role(role)
        organisation = housing_organisation.strip() if housing_organisation else None
        area_list = clean_areas(areas) if areas is not None else None
        check_scope(the_role, organisation, area_list)
        password, hashed = self._new_password(name, password)
        now = utc_timestamp()
        with transaction(self.paths) as db:
            if db.execute("SELECT 1 FROM users WHERE username = ?", (name,)).fetchone():
                raise BosocError(f"the user {name!r} exists already", hint="choose another name")
            db.execute(
                "INSERT INTO users (username, role, password_hash, housing_organisation, areas,"
                " enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                (
                    name,
                    the_role.value,
                    hashed,
                    organisation,
                    json.dumps(list(area_list)) if area_list is not None else None,
                    now,
                    now,
                ),
            )
            record(
                self.paths,
                "user_added",
                actor=actor,
                details={
                    "username": name,
                    "role": the_role.value,
                    "housing_organisation": organisation,
                    "areas": list(area_list) if area_list is not None else None,
                },
            )
        return password

    def _set_enabled(self, username: str, enabled: bool, actor: str) -> None:
        with transaction(self.paths) as db:
            user = self._existing(db, username)
            db.execute(
                "UPDATE users SET enabled = ?, updated_at = ? WHERE username = ?",
                (int(enabled), utc_timestamp(), user.username),
            )
            event = "user_enabled" if enabled else "user_disabled"
            details: dict[str, object] = {"username": user.username}
            if not enabled:
                details["sessions_ended"] = end_sessions_of(self.paths.home, user.username)
            record(self.paths, event, actor=actor, details=details)

    def disable(self, username: str, *, actor: str = "system") -> None:
        """The user can no longer log in; the account and its history stay."""
        self._set_enabled(username, False, actor)

    def enable(self, username: str, *, actor: str = "system") -> None:
        self._set_enabled(username, True, actor)

    def set_role(self, username: str, role: Role | str, *, actor: str = "system") -> None:
        the_role = _role(role)
        with transaction(self.paths) as db:
            user = self._existing(db, username)
            check_scope(the_role, user.housing_organisation, user.areas)
            db.execute(
                "UPDATE users SET role = ?, updated_at = ? WHERE username = ?",
                (the_role.value, utc_timestamp(), user.username),
            )
            record(
                self.paths,
                "role_changed",
                actor=actor,
                details={
                    "username": user.username,
                    "from": user.role.value,
                    "to": the_role.value,
                    "sessions_ended": end_sessions_of(self.paths.home, user.username),
                },
            )

    def set_areas(
        self,
        username: str,
        *,
        areas: Iterable[str] | None = None,
        housing_organisation: str | None = None,
        actor: str = "system",
    ) -> None:
        """Restrict the user to a housing organisation's areas or to a list of areas; with
        neither, lift the restriction (not for a partner)."""
        organisation = housing_organisation.strip() if housing_organisation else None
        area_list = clean_areas(areas) if areas is not None else None
        with transaction(self.paths) as db:
            user = self._existing(db, username)
            check_scope(user.role, organisation, area_list)
            db.execute(
                "UPDATE users SET housing_organisation = ?, areas = ?, updated_at = ?"
                " WHERE username = ?",
                (
                    organisation,
                    json.dumps(list(area_list)) if area_list is not None else None,
                    utc_timestamp(),
                    user.username,
                ),
            )
            record(
                self.paths,
                "areas_changed",
                actor=actor,
                details={
                    "username": user.username,
                    "housing_organisation": organisation,
                    "areas": list(area_list) if area_list is not None else None,
                    "sessions_ended": end_sessions_of(self.paths.home, user.username),
                },
            )

    def set_password(
        self, username: str, password: str | None = None, *, actor: str = "system"
    ) -> str:
        """Replace the password; returns it (generated when none was given)."""
        with transaction(self.paths) as db:
            user = self._existing(db, username)
            password, hashed = self._new_password(user.username, password)
            db.execute(
                "UPDATE users SET password_hash = ?, updated_at = ? WHERE username = ?",
                (hashed, utc_timestamp(), user.username),
            )
            ended = end_sessions_of(self.paths.home, user.username)
            details = {"username": user.username, "sessions_ended": ended}
            record(self.paths, "password_reset", actor=actor, details=details)
        return password

    # -- logging in ------------------------------------------------------------------------

    def _verify(self, stored_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(stored_hash, normalise(password))
        except (VerificationError, InvalidHashError):
            return False

    def _waste_time(self, password: str) -> None:
        """Verify against a throwaway hash, so an unknown name takes as long as a known one."""
        if self._dummy_hash is None:
            self._dummy_hash = self.hasher.hash(generate_password())
        self._verify(self._dummy_hash, password)

    def authenticate(self, username: str, password: str) -> User | None:
        """The user when the name exists, is enabled and the password is right; else None.

        A hash made with older argon2 parameters is replaced by one with the current ones.
        Throttling and the audit entry are the caller's: see `bosocdata.access.login`.
        """
        if len(password) > 4 * MAX_LENGTH:
            return None
        with transaction(self.paths) as db:
            row = db.execute(
                "SELECT * FROM users WHERE username = ?", (username.strip().casefold(),)
            ).fetchone()
        if row is None:
            self._waste_time(password)
            return None
        if not self._verify(row["password_hash"], password) or not row["enabled"]:
            return None
        new_hash = row["password_hash"]
        if self.hasher.check_needs_rehash(new_hash):
            new_hash = self.hasher.hash(normalise(password))
        with transaction(self.paths) as db:
            changed = db.execute(
                "UPDATE users SET password_hash = ?, last_login_at = ? WHERE username = ?"
                " AND password_hash = ? AND enabled = 1",
                (new_hash, utc_timestamp(), row["username"], row["password_hash"]),
            ).rowcount
            row = db.execute(
                "SELECT * FROM users WHERE username = ?", (row["username"],)
            ).fetchone()
        # Zero rows: the password was changed or the user disabled while we checked.
        return _user(row) if changed == 1 else None
