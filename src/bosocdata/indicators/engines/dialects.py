"""What differs between the SQL engines, as data.

The indicator SQL is written once, in DuckDB's dialect (`compiler.py`, `frames.py`,
`blocks.py`), and carried to other engines by sqlglot. What sqlglot cannot carry, and
how an engine keeps the frames of a computation, is listed here, one `Dialect` per
engine; the engine modules read this table instead of testing the engine by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final


@dataclass(frozen=True)
class Dialect:
    """One engine's SQL dialect and the few things that differ from DuckDB's."""

    name: str
    """sqlglot's name of the dialect."""
    transpiled: bool
    """The SQL is carried to this dialect by sqlglot (False: it runs as written)."""
    create_frame: str
    """Statement that materialises a frame `{name}` from a SELECT `{sql}` for the
    computation (a DuckDB temporary table, a cached Spark temporary view)."""
    drop_frame: str | None
    """Statement run before `create_frame` when the engine cannot replace in place."""
    nested_correlation: bool
    """Whether a subquery may refer to a column of a query two or more levels out (DuckDB
    can; Spark 4.0 cannot: `UNRESOLVED_COLUMN` at analysis)."""
    settings: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Session settings in force during a computation; the previous values are restored."""
    notes: tuple[str, ...] = ()
    """Differences sqlglot handles or that only matter for broken data (for the docs)."""


DUCKDB: Final = Dialect(
    name="duckdb",
    transpiled=False,
    create_frame="CREATE OR REPLACE TEMP TABLE {name} AS {sql}",
    drop_frame=None,
    nested_correlation=True,
    # The frames are sets: not keeping row order makes building them about twice as fast.
    settings=MappingProxyType({"preserve_insertion_order": "false"}),
)

SPARK: Final = Dialect(
    name="spark",
    transpiled=True,
    # A temporary view computed once and kept in memory: the frames are read by every
    # indicator, and a plain view would recompute the residents for each of them.
    create_frame="CACHE TABLE {name} AS {sql}",
    drop_frame="DROP VIEW IF EXISTS {name}",  # also uncaches it
    nested_correlation=False,
    notes=(
        "QUALIFY: sqlglot rewrites it as a subquery with a filter on the window column",
        "INTERVAL 15 MONTH: sqlglot writes INTERVAL '15' MONTH; both engines clamp the day"
        " to the end of a shorter month",
        "division by zero (only a 0 cm height in health_exams): DuckDB gives infinity,"
        " Spark in ANSI mode (the default of 4.0) stops with DIVIDE_BY_ZERO",
    ),
)

DIALECTS: Final[MappingProxyType[str, Dialect]] = MappingProxyType(
    {d.name: d for d in (DUCKDB, SPARK)}
)
