"""Read-only access to the published zone, reopened when a new compute replaces it.

The publisher writes a new file and renames it over the old one. A DuckDB connection
made with `duckdb.connect(path)` would keep answering from the old file: DuckDB caches
one database instance per path in the process. So the zone is attached read-only to a
private in-memory database instead, and a new one is made whenever the file's identity
(inode, modification time, size) changes. Opening costs about 20 ms; a query on an
open zone well under one, so the open database is kept and each request takes a cursor.

After the attach, external access is switched off and the configuration locked: even
a query gone wrong cannot read another file.

**Area scope.** A request never queries the attached tables (`pub.*`) directly. Its cursor
gets temporary views of the same names in the cursor's own `temp` catalog
(`temp.indicator_table`, `temp.areas`, `temp.indicators`, `temp.meta`, and those of the
optional `AREA_TABLES` the file has), and all but `indicators` and `meta` hold only the
areas the user may see (`AreaScope`). Temporary objects belong to one cursor
(one DuckDB connection) and vanish when it closes, so two requests by two users never see
each other's views. A page or endpoint that queries the views is scoped without knowing it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

SCHEMA = "pub"
VIEWS = "temp"
"""The catalog of the per-cursor views that every query of the web application reads."""

OrganisationsOf = Callable[[], pd.DataFrame]
ScopeRule = Callable[[OrganisationsOf], "set[str] | None"]
"""Given (a way to get) the published `area_id, housing_organisation` of every area, the
area ids the user may see (None = every one)."""


AREA_TABLES: tuple[str, ...] = (
    "index",
    "categorisation",
    "dynamics",
    "alerts",
    "priorities",
    "contributions",
    "criteria",
    "targets",
    "twins",
    "twin_benchmarks",
    "area_groups",
    "population",
    "evaluation",
    "flows",
)
"""Optional published tables with an `area_id` column (the assessment stage's, the
population by age and sex, and the evaluation's `evaluation` and `flows`): when the file
has them, each cursor gets a view of the same name holding only the user's areas, like
`indicator_table` (`evaluation` by the rule of `_create_evaluation_views`)."""

_OWN_VIEWS: frozenset[str] = frozenset({"evaluation"})
"""Tables of AREA_TABLES whose view is made by a rule of their own, not by `area_id`."""


_ALSO_SCOPED: dict[str, str] = {
    # A twin is another area: an area's twins are shown only when the user may see every
    # one of them (a subset would tell that nearer twins exist among areas not theirs).
    "twins": (
        f" AND NOT EXISTS (SELECT 1 FROM {SCHEMA}.twins AS w WHERE w.area_id = t.area_id"
        " AND w.period = t.period AND w.twin_id NOT IN ({ids}))"
    ),
    # The twins' pooled value is shown only when the user may see every one of the twins.
    "twin_benchmarks": (
        f" AND NOT EXISTS (SELECT 1 FROM {SCHEMA}.twins AS w WHERE w.area_id = t.area_id"
        " AND w.period = t.period AND w.twin_id NOT IN ({ids}))"
    ),
}
"""What a table's rows say of other areas than their own `area_id`, scoped as well."""


def EVERY_AREA(_organisations: OrganisationsOf) -> set[str] | None:
    return None


def NO_AREA(_organisations: OrganisationsOf) -> set[str] | None:
    return set()


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
        self._tables: frozenset[str] = frozenset()
        self._organisations: pd.DataFrame | None = None
        self._computed_at: tuple[FileIdentity, str | None] | None = None

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
                self._tables = frozenset(_tables(self._con))
                self._organisations = None
            return self._con

    def tables(self) -> frozenset[str]:
        """The tables the file holds (NotPublished when there is no file)."""
        self._connection()
        return self._tables

    def computed_at(self) -> str | None:
        """When the zone was computed (its `meta`), read once per file: the health check
        asks every second and must not wait for a query."""
        con = self._connection()
        identity, known = self._identity, self._computed_at
        if known is not None and known[0] == identity:
            return known[1]
        value = None
        if "meta" in self._tables:
            cur = con.cursor()
            try:
                row = cur.execute(
                    f"SELECT value FROM {SCHEMA}.meta WHERE key = 'computed_at'"
                ).fetchone()
            finally:
                cur.close()
            value = None if row is None else str(row[0])
        if identity is not None:
            self._computed_at = (identity, value)
        return value

    def close(self) -> None:
        """Let go of the file (a one-off reader such as `bosoc report` is done)."""
        with self._lock:
            if self._con is not None:
                self._con.close()
            self._con, self._identity = None, None

    def _organisations_of(self, con: duckdb.DuckDBPyConnection) -> OrganisationsOf:
        def organisations() -> pd.DataFrame:
            with self._lock:
                if self._organisations is None or con is not self._con:
                    frame = area_organisations(con)
                    if con is not self._con:
                        return frame
                    self._organisations = frame
                return self._organisations

        return organisations

    def version(self, scope: ScopeRule) -> tuple[FileIdentity, frozenset[str] | None] | None:
        """What a page of `scope` depends on: the file's identity and the visible areas
        (None: every area); None when nothing is published."""
        try:
            con = self._connection()
        except NotPublished:
            return None
        identity = self._identity
        if identity is None:
            return None
        visible = scope(self._organisations_of(con))
        return identity, (None if visible is None else frozenset(visible))

    @contextmanager
    def cursor(self, scope: ScopeRule = NO_AREA) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one request, with the views `temp.<table>` limited to `scope`.

        The default scope shows no area at all: a caller that forgets to say whose
        request it is gets nothing rather than everything."""
        con = self._connection()
        tables = self._tables
        cur = con.cursor()
        try:
            _create_views(cur, scope(self._organisations_of(con)), tables)
            yield cur
        finally:
            cur.close()


def _tables(cur: duckdb.DuckDBPyConnection) -> set[str]:
    rows = cur.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = ?", [SCHEMA]
    ).fetchall()
    return {r[0] for r in rows}


def _literal(text: str) -> str:
    """A SQL string literal: a view cannot take `?` parameters. The ids come from the
    published zone itself or from an account's checked list (`[A-Za-z0-9_.-]`); doubling
    quotes makes any text a literal all the same."""
    return "'" + text.replace("'", "''") + "'"


def _create_views(
    cur: duckdb.DuckDBPyConnection, allowed: set[str] | None, tables: frozenset[str]
) -> None:
    """`temp.indicator_table` and `temp.areas` of the allowed areas only; `temp.indicators`
    and `temp.meta` as published (`meta` empty when the zone has none)."""
    where, ids = "", ""
    if allowed is not None:
        ids = ", ".join(_literal(a) for a in sorted(allowed)) or "NULL"
        where = f" WHERE area_id IN ({ids})"
    for table in ("indicator_table", "areas"):
        cur.execute(f"CREATE TEMP VIEW {table} AS SELECT * FROM {SCHEMA}.{table}{where}")
    for table in AREA_TABLES:
        if table in tables and table not in _OWN_VIEWS:
            also = _ALSO_SCOPED.get(table, "") if allowed is not None else ""
            cur.execute(
                f'CREATE TEMP VIEW "{table}" AS SELECT * FROM {SCHEMA}."{table}" AS t'
                f"{where}{also.format(ids=ids) if also else ''}"
            )
    _create_evaluation_views(cur, allowed, ids, tables)
    cur.execute(f"CREATE TEMP VIEW indicators AS SELECT * FROM {SCHEMA}.indicators")
    if "meta" in tables:
        cur.execute(f"CREATE TEMP VIEW meta AS SELECT * FROM {SCHEMA}.meta")
    else:
        cur.execute(
            "CREATE TEMP VIEW meta AS SELECT NULL::VARCHAR AS key, NULL::VARCHAR AS value"
            " WHERE false"
        )


def _create_evaluation_views(
    cur: duckdb.DuckDBPyConnection, allowed: set[str] | None, ids: str, tables: frozenset[str]
) -> None:
    """`temp.interventions` and `temp.evaluation` (written by `bosoc evaluate`).

    An intervention is seen only by a user who may see every one of its areas: its
    difference-in-differences rows pool the areas (`area_id` empty) and would tell of
    the others. An evaluation row is seen when its area is allowed (rows of no area:
    when its intervention is seen); a donor area (`unit`) not allowed is emptied."""
    if "interventions" not in tables:
        return
    seen = ""
    if allowed is not None:
        seen = (
            f" WHERE NOT EXISTS (SELECT 1 FROM {SCHEMA}.interventions AS w"
            f" WHERE w.intervention_id = t.intervention_id AND w.area_id NOT IN ({ids}))"
        )
    cur.execute(
        f"CREATE TEMP VIEW interventions AS SELECT * FROM {SCHEMA}.interventions AS t{seen}"
    )
    if "evaluation" not in tables:
        return
    where, donor = "", ""
    if allowed is not None:
        # a synthetic control's donor (`unit` of a weight) the user may not see is not named
        donor = f" REPLACE (CASE WHEN t.unit IN ({ids}) THEN t.unit END AS unit)"
        where = (
            f" WHERE (t.area_id IN ({ids}) OR (t.area_id IS NULL AND t.intervention_id IN"
            " (SELECT intervention_id FROM temp.interventions)))"
            " AND (t.intervention_id IS NULL OR t.intervention_id IN"
            " (SELECT intervention_id FROM temp.interventions))"
        )
    cur.execute(
        f"CREATE TEMP VIEW evaluation AS SELECT *{donor} FROM {SCHEMA}.evaluation AS t{where}"
    )


def area_organisations(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """`area_id, housing_organisation` of every published area (all of them, unscoped):
    what `bosocdata.access.allowed_areas` needs to work out a partner's areas."""
    columns = {
        r[0]
        for r in cur.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_catalog = ? AND table_name = 'areas'",
            [SCHEMA],
        ).fetchall()
    }
    organisation = (
        "housing_organisation"
        if "housing_organisation" in columns
        else "NULL::VARCHAR AS housing_organisation"
    )
    return cur.execute(f"SELECT area_id, {organisation} FROM {SCHEMA}.areas").df()
