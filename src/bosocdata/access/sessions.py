"""Server-side login sessions: `$BOSOC_HOME/access/sessions.sqlite`.

A session id is 32 random bytes (`secrets.token_urlsafe`), sent to the browser in the
session cookie and stored here only as its SHA-256: a copy of this file lets nobody take
over a session. Each session has its own CSRF token. A session ends at logout, after
`idle_seconds` without a request (8 hours by default: a working day) or `max_seconds`
after login whatever happens (12 hours). A user holds at most `max_per_user` sessions
(`BOSOC_WEB_MAX_SESSIONS`, 5 by default): a login beyond it ends the user's least recently
used one. Beside `users.sqlite` in the same 0700 folder, mode 0600, and here in `access/`
because changing an account ends its sessions (`UserStore`), from the web or the command
line alike.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bosocdata.access.db import private_transaction
from bosocdata.settings import whole_number_setting

IDLE_SECONDS = 8 * 3600
MAX_SECONDS = 12 * 3600
TOUCH_EVERY_SECONDS = 60
"""`last_seen` is written at most once a minute per session, not on every request."""
MAX_TOKEN_LENGTH = 128
SHOWN_ID_LENGTH = 16
"""A session is named to its user (on the sessions page) by the first 16 hex digits of the
hash of its id: enough to tell them apart, and nothing that opens it."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id_hash TEXT PRIMARY KEY,   -- SHA-256 (hex) of the session id in the cookie
    username TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    client TEXT,
    created_at REAL NOT NULL,   -- seconds since the epoch
    last_seen REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (username);
"""


@dataclass(frozen=True)
class Session:
    id_hash: str
    username: str
    csrf_token: str
    created_at: float
    last_seen: float
    client: str | None = None

    @property
    def shown_id(self) -> str:
        return self.id_hash[:SHOWN_ID_LENGTH]


def max_sessions_from_env() -> int:
    """`BOSOC_WEB_MAX_SESSIONS`: sessions one user may hold at once (at least 1)."""
    return whole_number_setting("web_max_sessions")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def sessions_db_path(home: Path) -> Path:
    """`$BOSOC_HOME/access/sessions.sqlite`."""
    return home / "access" / "sessions.sqlite"


class SessionStore:
    """Create, look up (and touch), end sessions; expired ones are removed as they are met."""

    def __init__(
        self,
        path: Path,
        *,
        idle_seconds: float = IDLE_SECONDS,
        max_seconds: float = MAX_SECONDS,
        max_per_user: int | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        self.idle_seconds = idle_seconds
        self.max_seconds = max_seconds
        self.max_per_user = max_sessions_from_env() if max_per_user is None else max_per_user
        self.clock = clock

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with private_transaction(self.path, _SCHEMA) as db:
            yield db

    def _expired(self, created_at: float, last_seen: float, now: float) -> bool:
        return now - last_seen > self.idle_seconds or now - created_at > self.max_seconds

    def create(self, username: str, client: str | None) -> tuple[str, Session]:
        """A new session for `username`: (the id for the cookie, the session)."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        session = Session(_hash(token), username, secrets.token_urlsafe(32), now, now)
        with self._db() as db:
            db.execute(
                "DELETE FROM sessions WHERE last_seen < ? OR created_at < ?",
                (now - self.idle_seconds, now - self.max_seconds),
            )
            db.execute(
                "INSERT INTO sessions (id_hash, username, csrf_token, client, created_at,"
                " last_seen) VALUES (?, ?, ?, ?, ?, ?)",
                (session.id_hash, username, session.csrf_token, client, now, now),
            )
            # Over the cap: the least recently used sessions of the user end.
            db.execute(
                "DELETE FROM sessions WHERE id_hash IN (SELECT id_hash FROM sessions"
                " WHERE username = ? ORDER BY last_seen DESC, created_at DESC"
                " LIMIT -1 OFFSET ?)",
                (username, self.max_per_user),
            )
        return token, session

    def get(self, token: str | None) -> Session | None:
        """The live session of a cookie value; None when unknown, malformed or expired."""
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        id_hash = _hash(token)
        now = self.clock()
        with self._db() as db:
            row = db.execute(
                "SELECT username, csrf_token, created_at, last_seen FROM sessions"
                " WHERE id_hash = ?",
                (id_hash,),
            ).fetchone()
            if row is None:
                return None
            username, csrf_token, created_at, last_seen = row
            if self._expired(created_at, last_seen, now):
                db.execute("DELETE FROM sessions WHERE id_hash = ?", (id_hash,))
                return None
            if now - last_seen >= TOUCH_EVERY_SECONDS:
                db.execute("UPDATE sessions SET last_seen = ? WHERE id_hash = ?", (now, id_hash))
                last_seen = now
        return Session(id_hash, username, csrf_token, created_at, last_seen)

    def end(self, session: Session) -> None:
        with self._db() as db:
            db.execute("DELETE FROM sessions WHERE id_hash = ?", (session.id_hash,))

    def end_all_of(self, username: str) -> int:
        """End every session of `username`; how many there were."""
        with self._db() as db:
            return db.execute("DELETE FROM sessions WHERE username = ?", (username,)).rowcount

    def of_user(self, username: str) -> list[Session]:
        """The user's live sessions, the most recently used first."""
        now = self.clock()
        with self._db() as db:
            rows = db.execute(
                "SELECT id_hash, username, csrf_token, created_at, last_seen, client"
                " FROM sessions WHERE username = ? ORDER BY last_seen DESC, created_at DESC",
                (username,),
            ).fetchall()
        return [Session(*row) for row in rows if not self._expired(row[3], row[4], now)]

    def end_shown(self, username: str, shown_id: str) -> bool:
        """End the session of `username` named `shown_id` on the sessions page; False when
        the user has no such session (another user's is never touched)."""
        if len(shown_id) != SHOWN_ID_LENGTH or not all(c in "0123456789abcdef" for c in shown_id):
            return False
        with self._db() as db:
            deleted = db.execute(
                "DELETE FROM sessions WHERE username = ? AND substr(id_hash, 1, ?) = ?",
                (username, SHOWN_ID_LENGTH, shown_id),
            ).rowcount
        return deleted > 0

    def end_others_of(self, session: Session) -> int:
        """End every session of the user but `session`; how many."""
        with self._db() as db:
            return db.execute(
                "DELETE FROM sessions WHERE username = ? AND id_hash != ?",
                (session.username, session.id_hash),
            ).rowcount


def end_sessions_of(home: Path, username: str) -> int:
    """End every web session of `username` (the account changed: password, role, scope,
    disabled). Works from any process: the command line ends the server's sessions."""
    path = sessions_db_path(home)
    if not path.exists():
        return 0
    return SessionStore(path, max_per_user=1).end_all_of(username)
