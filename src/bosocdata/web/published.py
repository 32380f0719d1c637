"""Read-only access to the published zone, reopened when a new compute replaces it.

The publisher writes a new file and renames it over the old one. A DuckDB connection
made with `duckdb.connect(path)` would keep answering from the old file: DuckDB caches
one database instance per path in the process. So the zone is attached read-only to a
private in-memory database instead, and a new one is made whenever the file's identity
(inode, modification time, size) changes. Opening costs about 20 ms; a query on an
open zone well under one, so the open database is kept and each request takes a cursor.

After the attach, external access is switched off and the configuration locked: even
a query gone wrong cannot read another file.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

SCHEMA = "pub"


@dataclass(frozen=True)
class FileIdentity:
    inode: int
    mtime_ns: int
    size: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity | None:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None
        return cls(st.st_ino, st.st_mtime_ns, st.st_size)


class NotPublished(Exception):
    """The published zone does not exist (yet): nothing has been computed."""


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    literal = str(path).replace("'", "''")  # ATTACH takes no parameters; path is ours
    con.execute(f"ATTACH '{literal}' AS {SCHEMA} (READ_ONLY)")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


class PublishedZone:
    """The published DuckDB file, opened read-only on demand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._identity: FileIdentity | None = None

    def exists(self) -> bool:
        return FileIdentity.of(self.path) is not None

    def _connection(self) -> duckdb.DuckDBPyConnection:
        identity = FileIdentity.of(self.path)
        if identity is None:
            raise NotPublished(str(self.path))
        with self._lock:
            if self._con is None or identity != self._identity:
                # The old connection is dropped, not closed: a request still reading
                # from it keeps its cursor; DuckDB frees it with the last reference.
                self._con = _open(self.path)
                self._identity = identity
            return self._con

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one request; table names are `pub.<table>`."""
        cur = self._connection().cursor()
        try:
            yield cur
        finally:
            cur.close()
