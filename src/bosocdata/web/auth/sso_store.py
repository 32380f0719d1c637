"""The single sign-on's server-side store, `$BOSOC_HOME/access/oidc.sqlite`: the pending
flows (state, nonce, PKCE verifier of a login under way at the provider) and the
identities of the provider tied to local usernames. Also the failure every step of the
flow raises (`SsoFailure`)."""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bosocdata.access.db import private_transaction
from bosocdata.access.login import UNKNOWN_ACTOR

FLOW_SECONDS = 600
"""A login at the provider must be finished within 10 minutes."""
MAX_PENDING_FLOWS = 10_000
"""Unfinished flows kept at once; more are refused until old ones expire (disk guard)."""
OIDC_DB = "oidc.sqlite"


class SsoFailure(Exception):
    """A refused SSO login: the status and message shown, the audit `reason`, the actor."""

    def __init__(
        self, status: int, reason: str, message_key: str, actor: str = UNKNOWN_ACTOR, **params: str
    ) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.message_key = message_key
        self.actor = actor
        self.params = params


def bad_state() -> SsoFailure:
    return SsoFailure(400, "bad_state", "sso_bad_state")


def unreachable() -> SsoFailure:
    return SsoFailure(502, "provider_unreachable", "sso_provider_down")


def bad_token() -> SsoFailure:
    return SsoFailure(401, "bad_id_token", "sso_bad_token")


@dataclass(frozen=True)
class PendingFlow:
    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str
    next_path: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


_SCHEMA = """
CREATE TABLE IF NOT EXISTS pending (
    id_hash TEXT PRIMARY KEY,   -- SHA-256 (hex) of the id in the bosoc_sso cookie
    flow TEXT NOT NULL,         -- JSON: state, nonce, code_verifier, redirect_uri, next_path
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,      -- the provider's `sub`
    username TEXT NOT NULL UNIQUE,
    linked_at REAL NOT NULL,
    PRIMARY KEY (issuer, subject)
);
"""


class SsoStore:
    """`$BOSOC_HOME/access/oidc.sqlite` (mode 0600 in the 0700 `access/` folder)."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with private_transaction(self.path, _SCHEMA) as db:
            yield db

    def add_pending(self, flow: PendingFlow) -> str:
        """Keep `flow`; returns the id for the browser's cookie."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self._db() as db:
            db.execute("DELETE FROM pending WHERE created_at < ?", (now - FLOW_SECONDS,))
            (count,) = db.execute("SELECT count(*) FROM pending").fetchone()
            if count >= MAX_PENDING_FLOWS:
                raise SsoFailure(429, "too_many_flows", "sso_busy")
            db.execute(
                "INSERT INTO pending (id_hash, flow, created_at) VALUES (?, ?, ?)",
                (_hash(token), json.dumps(flow.__dict__), now),
            )
        return token

    def take_pending(self, token: str | None) -> PendingFlow | None:
        """The flow of a cookie value, deleted as it is read; None when unknown or expired."""
        if not token or len(token) > 128:
            return None
        with self._db() as db:
            row = db.execute(
                "DELETE FROM pending WHERE id_hash = ? RETURNING flow, created_at", (_hash(token),)
            ).fetchone()
        if row is None or self.clock() - row[1] > FLOW_SECONDS:
            return None
        return PendingFlow(**json.loads(row[0]))

    def username_of(self, issuer: str, subject: str) -> str | None:
        with self._db() as db:
            row = db.execute(
                "SELECT username FROM identities WHERE issuer = ? AND subject = ?",
                (issuer, subject),
            ).fetchone()
        return row[0] if row else None

    def link(self, issuer: str, subject: str, username: str) -> None:
        with self._db() as db:
            db.execute(
                "INSERT INTO identities (issuer, subject, username, linked_at) VALUES (?, ?, ?, ?)",
                (issuer, subject, username, self.clock()),
            )

    def is_linked(self, username: str) -> bool:
        with self._db() as db:
            row = db.execute("SELECT 1 FROM identities WHERE username = ?", (username,)).fetchone()
        return row is not None
