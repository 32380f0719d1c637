"""A second factor for local accounts: TOTP (RFC 6238) with one-time recovery codes.

`$BOSOC_HOME/access/second_factor.sqlite` (mode 0600 in the 0700 `access/` folder, beside
`users.sqlite`) holds per user the TOTP secret (base32, needed in clear to compute the
codes: the file is protected like the password hashes), whether enrolment was confirmed
with a first code, the last time step used (a code is accepted once: no replay), and
the SHA-256 of ten recovery codes, each good once. A login half done (password right,
code still to come) is kept here too, under the SHA-256 of a random id, for 5 minutes
and 5 wrong codes at most.

Which roles must have a second factor is `BOSOC_WEB_SECOND_FACTOR_ROLES` (admin by
default); anyone else may enrol. Accounts of single sign-on never get here: the identity
provider's own factors apply.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pyotp

from bosocdata.access.db import private_transaction
from bosocdata.access.roles import Role
from bosocdata.errors import BosocError
from bosocdata.settings import Paths, setting

ISSUER = "BoSocData"
RECOVERY_CODES = 10
PENDING_SECONDS = 300
PENDING_ATTEMPTS = 5
VALID_WINDOW = 1
"""A code of the step before or after the present one is accepted too (clock drift)."""
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i

_SCHEMA = """
CREATE TABLE IF NOT EXISTS totp (
    username TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    confirmed_at REAL,          -- NULL while enrolment is unconfirmed
    last_step INTEGER NOT NULL DEFAULT -1
);
CREATE TABLE IF NOT EXISTS recovery_codes (
    username TEXT NOT NULL,
    code_hash TEXT NOT NULL,    -- SHA-256 (hex) of the code
    used_at REAL
);
CREATE INDEX IF NOT EXISTS recovery_user ON recovery_codes (username);
CREATE TABLE IF NOT EXISTS pending_logins (
    id_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    next_path TEXT NOT NULL,
    created_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);
"""


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def required_roles_from_env(raw: str | None = None) -> frozenset[Role]:
    """`BOSOC_WEB_SECOND_FACTOR_ROLES`: roles (comma-separated) that must use a second
    factor; `none` for no role."""
    text = (setting("web_second_factor_roles") if raw is None else raw).strip().lower()
    if text in ("", "none", "ingen"):
        return frozenset()
    roles = set()
    for part in text.replace(" ", ",").split(","):
        if not part:
            continue
        try:
            roles.add(Role(part))
        except ValueError:
            raise BosocError(
                f"BOSOC_WEB_SECOND_FACTOR_ROLES: unknown role {part!r}",
                hint="a comma-separated list of admin, analyst, partner, viewer; or none",
            ) from None
    return frozenset(roles)


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


@dataclass(frozen=True)
class PendingLogin:
    username: str
    next_path: str


class SecondFactorStore:
    """TOTP secrets, recovery codes and half-done logins of `$BOSOC_HOME/access/`."""

    def __init__(self, paths: Paths, clock: Callable[[], float] = time.time) -> None:
        self.path = paths.home / "access" / "second_factor.sqlite"
        self.clock = clock

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with private_transaction(self.path, _SCHEMA) as db:
            yield db

    # -- enrolment -----------------------------------------------------------------------

    def enrolled(self, username: str) -> bool:
        with self._db() as db:
            row = db.execute(
                "SELECT 1 FROM totp WHERE username = ? AND confirmed_at IS NOT NULL", (username,)
            ).fetchone()
        return row is not None

    def begin_enrolment(self, username: str) -> str:
        """A new unconfirmed secret for `username` (an old unconfirmed one is replaced). A
        user with a confirmed second factor cannot enrol again until it is removed (`bosoc
        users reset-second-factor`): a confirmed secret is never shown again."""
        secret = pyotp.random_base32()
        with self._db() as db:
            db.execute(
                "INSERT INTO totp (username, secret, confirmed_at) VALUES (?, ?, NULL)"
                " ON CONFLICT (username) DO UPDATE SET secret = excluded.secret,"
                " confirmed_at = NULL, last_step = -1 WHERE totp.confirmed_at IS NULL",
                (username, secret),
            )
            row = db.execute(
                "SELECT secret FROM totp WHERE username = ? AND confirmed_at IS NULL", (username,)
            ).fetchone()
        if row is None:
            raise BosocError(
                f"{username} has a second factor already",
                hint="remove it first: bosoc users reset-second-factor NAME",
            )
        return str(row[0])

    def unconfirmed_secret(self, username: str) -> str | None:
        with self._db() as db:
            row = db.execute(
                "SELECT secret FROM totp WHERE username = ? AND confirmed_at IS NULL", (username,)
            ).fetchone()
        return str(row[0]) if row else None

    def confirm(self, username: str, code: str) -> list[str] | None:
        """Confirm enrolment with a first code; the new recovery codes, or None when the
        code is wrong."""
        secret = self.unconfirmed_secret(username)
        if secret is None or not self._check_totp(username, secret, code):
            return None
        with self._db() as db:
            db.execute(
                "UPDATE totp SET confirmed_at = ? WHERE username = ?", (self.clock(), username)
            )
        return self.new_recovery_codes(username)

    def new_recovery_codes(self, username: str) -> list[str]:
        """Ten fresh recovery codes (`xxxxx-xxxxx`); the old ones stop working."""
        codes = [
            "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
            for _ in range(RECOVERY_CODES)
        ]
        shown = [f"{c[:5]}-{c[5:]}" for c in codes]
        with self._db() as db:
            db.execute("DELETE FROM recovery_codes WHERE username = ?", (username,))
            db.executemany(
                "INSERT INTO recovery_codes (username, code_hash) VALUES (?, ?)",
                [(username, _hash(c)) for c in codes],
            )
        return shown

    def remove(self, username: str) -> bool:
        """Forget the user's second factor (a lost phone: `bosoc users reset-second-factor`)."""
        with self._db() as db:
            removed = db.execute("DELETE FROM totp WHERE username = ?", (username,)).rowcount
            db.execute("DELETE FROM recovery_codes WHERE username = ?", (username,))
        return removed > 0

    def recovery_codes_left(self, username: str) -> int:
        with self._db() as db:
            (count,) = db.execute(
                "SELECT count(*) FROM recovery_codes WHERE username = ? AND used_at IS NULL",
                (username,),
            ).fetchone()
        return int(count)

    # -- checking a code -----------------------------------------------------------------

    def _check_totp(self, username: str, secret: str, code: str) -> bool:
        """The code of one of the accepted steps, not used before (then marked used)."""
        digits = normalise_code(code)
        if len(digits) != 6 or not digits.isdigit():
            return False
        totp = pyotp.TOTP(secret)
        now = self.clock()
        step_now = int(now // totp.interval)
        for offset in range(-VALID_WINDOW, VALID_WINDOW + 1):
            step = step_now + offset
            if hmac.compare_digest(totp.generate_otp(step), digits):
                with self._db() as db:
                    used = db.execute(
                        "UPDATE totp SET last_step = ? WHERE username = ? AND last_step < ?",
                        (step, username, step),
                    ).rowcount
                return used == 1
        return False

    def verify(self, username: str, code: str) -> str | None:
        """`totp` or `recovery_code` when `code` is right for the enrolled user (a recovery
        code is used up); None when it is not."""
        with self._db() as db:
            row = db.execute(
                "SELECT secret FROM totp WHERE username = ? AND confirmed_at IS NOT NULL",
                (username,),
            ).fetchone()
        if row is None:
            return None
        if self._check_totp(username, str(row[0]), code):
            return "totp"
        cleaned = normalise_code(code)
        if len(cleaned) != 10:
            return None
        with self._db() as db:
            used = db.execute(
                "UPDATE recovery_codes SET used_at = ? WHERE username = ? AND code_hash = ?"
                " AND used_at IS NULL",
                (self.clock(), username, _hash(cleaned)),
            ).rowcount
        return "recovery_code" if used == 1 else None

    # -- a login half done ---------------------------------------------------------------

    def start_login(self, username: str, next_path: str) -> str:
        """The password was right; the id (for a cookie) of the login waiting for a code."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self._db() as db:
            db.execute("DELETE FROM pending_logins WHERE created_at < ?", (now - PENDING_SECONDS,))
            db.execute(
                "INSERT INTO pending_logins (id_hash, username, next_path, created_at)"
                " VALUES (?, ?, ?, ?)",
                (_hash(token), username, next_path, now),
            )
        return token

    def pending(self, token: str | None) -> PendingLogin | None:
        if not token or len(token) > 128:
            return None
        with self._db() as db:
            row = db.execute(
                "SELECT username, next_path, created_at, attempts FROM pending_logins"
                " WHERE id_hash = ?",
                (_hash(token),),
            ).fetchone()
        if row is None:
            return None
        if self.clock() - row[2] > PENDING_SECONDS or row[3] >= PENDING_ATTEMPTS:
            self.end_login(token)
            return None
        return PendingLogin(str(row[0]), str(row[1]))

    def failed_attempt(self, token: str) -> int:
        """Count a wrong code; attempts left (0: the login must start again)."""
        with self._db() as db:
            db.execute(
                "UPDATE pending_logins SET attempts = attempts + 1 WHERE id_hash = ?",
                (_hash(token),),
            )
            row = db.execute(
                "SELECT attempts FROM pending_logins WHERE id_hash = ?", (_hash(token),)
            ).fetchone()
        left = PENDING_ATTEMPTS - (int(row[0]) if row else PENDING_ATTEMPTS)
        if left <= 0:
            self.end_login(token)
        return max(0, left)

    def end_login(self, token: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM pending_logins WHERE id_hash = ?", (_hash(token),))


def otpauth_uri(secret: str, username: str) -> str:
    """The `otpauth://totp/...` address an authenticator app reads (from the QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)
