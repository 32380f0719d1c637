"""Login throttling, per username and per client address.

After `max_failures` failed logins within `window_seconds` on one key (a username or a
client address), that key is refused for `first_delay_seconds`; each further lock of the
same key doubles the delay, up to `max_delay_seconds`. A successful login clears the
username's count (not the address's: one good login must not wipe out a run of guesses at
other accounts). Lock counts are forgotten a day after the last lock ended. Counts live
in the accounts' SQLite file, so every web worker and restart sees the same ones.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from sqlite3 import Connection

from bosocdata.access.db import transaction
from bosocdata.settings import Paths

FORGET_LOCKS_AFTER_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ThrottleRules:
    max_failures: int = 5
    window_seconds: float = 15 * 60
    first_delay_seconds: float = 60
    max_delay_seconds: float = 24 * 3600


def _keys(username: str, client: str | None) -> list[str]:
    """The throttle keys, hashed: what was typed as a name is not stored as typed (it is
    sometimes a password typed into the wrong field)."""
    keys = [f"user:{username.strip().casefold()}"]
    if client:
        keys.append(f"client:{client}")
    return [hashlib.sha256(key.encode("utf-8")).hexdigest() for key in keys]


class LoginThrottle:
    """`retry_after` before checking a password; `record_failure`/`record_success` after."""

    def __init__(
        self,
        paths: Paths,
        *,
        rules: ThrottleRules | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.paths = paths
        self.rules = rules or ThrottleRules()
        self.clock = clock

    def retry_after(self, username: str, client: str | None = None) -> float:
        """Seconds until a login for this name from this address may be tried; 0 = now."""
        now = self.clock()
        keys = _keys(username, client)
        marks = ",".join("?" * len(keys))
        with transaction(self.paths) as db:
            row = db.execute(
                f"SELECT MAX(locked_until) FROM login_locks WHERE key IN ({marks})", keys
            ).fetchone()
        locked_until = row[0] if row and row[0] is not None else 0.0
        return max(0.0, float(locked_until) - now)

    def _delay(self, lockouts: int) -> float:
        return min(
            self.rules.first_delay_seconds * 2 ** (lockouts - 1), self.rules.max_delay_seconds
        )

    def _fail(self, db: Connection, key: str, now: float) -> None:
        since = now - self.rules.window_seconds
        db.execute("DELETE FROM login_failures WHERE failed_at < ?", (since,))
        db.execute(
            "DELETE FROM login_locks WHERE locked_until < ?", (now - FORGET_LOCKS_AFTER_SECONDS,)
        )
        db.execute("INSERT INTO login_failures (key, failed_at) VALUES (?, ?)", (key, now))
        count = db.execute("SELECT COUNT(*) FROM login_failures WHERE key = ?", (key,)).fetchone()[
            0
        ]
        if count < self.rules.max_failures:
            return
        lock = db.execute(
            "SELECT locked_until, lockouts FROM login_locks WHERE key = ?", (key,)
        ).fetchone()
        remembered = lock is not None and now - lock[0] < FORGET_LOCKS_AFTER_SECONDS
        lockouts = (lock[1] if remembered else 0) + 1
        db.execute(
            "INSERT OR REPLACE INTO login_locks (key, locked_until, lockouts) VALUES (?, ?, ?)",
            (key, now + self._delay(lockouts), lockouts),
        )
        db.execute("DELETE FROM login_failures WHERE key = ?", (key,))

    def record_failure(self, username: str, client: str | None = None) -> float:
        """Count a failed login; returns `retry_after` afterwards (0 unless now locked).

        Attempts refused because of a lock are not checked and so not counted."""
        now = self.clock()
        with transaction(self.paths) as db:
            for key in _keys(username, client):
                self._fail(db, key, now)
        return self.retry_after(username, client)

    def record_success(self, username: str, client: str | None = None) -> None:
        key = _keys(username, client)[0]
        with transaction(self.paths) as db:
            db.execute("DELETE FROM login_failures WHERE key = ?", (key,))
            db.execute("DELETE FROM login_locks WHERE key = ?", (key,))
