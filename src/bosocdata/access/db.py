"""The SQLite file of local accounts and login failures: `$BOSOC_HOME/access/users.sqlite`.

Outside both the secure store and the published zone. Created mode 0600 in a 0700 folder:
it holds password hashes. Every operation opens its own connection and transaction, so the
CLI and several web workers can use the file at once.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from bosocdata.settings import Paths

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'partner', 'viewer')),
    password_hash TEXT NOT NULL,
    housing_organisation TEXT,
    areas TEXT,  -- JSON list of area ids, NULL = not restricted by list
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_login_at TEXT,
    CHECK (housing_organisation IS NULL OR areas IS NULL)
);
CREATE TABLE IF NOT EXISTS login_failures (
    key TEXT NOT NULL,          -- SHA-256 of 'user:<name>' or 'client:<address>'
    failed_at REAL NOT NULL     -- seconds since the epoch
);
CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures (key, failed_at);
CREATE INDEX IF NOT EXISTS login_failures_time ON login_failures (failed_at);
CREATE TABLE IF NOT EXISTS login_locks (
    key TEXT PRIMARY KEY,
    locked_until REAL NOT NULL,
    lockouts INTEGER NOT NULL   -- how many times in a row: the delay doubles each time
);
"""


def users_db_path(paths: Paths) -> Path:
    """`$BOSOC_HOME/access/users.sqlite`."""
    return paths.home / "access" / "users.sqlite"


def _create_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


@contextmanager
def private_transaction(
    path: Path, schema: str, *, version: int = 1
) -> Iterator[sqlite3.Connection]:
    """A connection to a private SQLite file inside `BEGIN IMMEDIATE`.

    The file is created mode 0600 in a 0700 folder; `schema` (CREATE ... IF NOT EXISTS
    statements) is applied once, tracked by `PRAGMA user_version`. Committed on success,
    rolled back on error. Every call opens its own connection, so the command line and
    several web workers can use the file at once.
    """
    _create_file(path)
    with closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as connection:
        connection.row_factory = sqlite3.Row
        connection.execute("BEGIN IMMEDIATE")
        try:
            if connection.execute("PRAGMA user_version").fetchone()[0] < version:
                for statement in schema.split(";"):
                    if statement.strip():
                        connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {int(version)}")
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")


@contextmanager
def reading(paths: Paths) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection to the accounts file, None when there is none yet: listing
    the users creates nothing and works on a read-only copy of a home (an auditor's)."""
    path = users_db_path(paths)
    if not path.is_file():
        yield None
        return
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=30)) as db:
        db.row_factory = sqlite3.Row
        yield db


@contextmanager
def transaction(paths: Paths) -> Iterator[sqlite3.Connection]:
    """A connection to the accounts file inside `BEGIN IMMEDIATE`."""
    with private_transaction(users_db_path(paths), _SCHEMA, version=SCHEMA_VERSION) as db:
        yield db
