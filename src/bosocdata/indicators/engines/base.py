"""The seam between the indicator computation and the engine that runs its SQL.

`compute.compute_on(engine, ...)` needs five things of an engine, all given SQL in
DuckDB's dialect (the engine transpiles it when it speaks another): the store's tables,
rows of a small query, a small result as a pandas DataFrame, a frame materialised for
the computation, and its session settings in force while it runs. Person data stays in
the engine; only per-area aggregates and the list of areas come back to Python.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, Protocol

import pandas as pd

from bosocdata.indicators.engines.dialects import Dialect


class Engine(Protocol):
    """Runs the indicator SQL (DuckDB dialect) on one engine."""

    @property
    def dialect(self) -> Dialect: ...

    def tables(self) -> set[str]:
        """The names of the store's tables (registers) the engine can read."""
        ...

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """The rows of a small query (years, area names)."""
        ...

    def df(self, sql: str) -> pd.DataFrame:
        """The result of a query, as a pandas DataFrame (aggregates only)."""
        ...

    def create_frame(self, name: str, sql: str) -> None:
        """Materialise the SELECT `sql` as `name`, replacing an earlier one."""
        ...

    def session(self) -> AbstractContextManager[None]:
        """`dialect.settings` in force inside the block, the previous values after it."""
        ...
