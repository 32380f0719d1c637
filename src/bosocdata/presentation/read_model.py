"""The published zone as one object a page or a report is made from: `Published`.

There is one way in: a cursor of `zone.PublishedZone`, whose views hold only the areas
the reader may see. The web application hands it the request's cursor (a partner's
yearly report holds the partner's areas only); `bosoc report` opens the file with every
area (`load_published`). Areas, indicators and cells are the objects of `queries`, the
assessment's tables the rows of `assessment_tables`: nothing is copied field by field.
A cell marked `suppressed` arrives with every number emptied (see `queries`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from bosocdata.errors import BosocError, NotComputed
from bosocdata.presentation import assessment_tables as qa
from bosocdata.presentation import queries as q
from bosocdata.presentation.queries import ALL_ID, REST_ID, Area, Cell, Indicator
from bosocdata.presentation.zone import EVERY_AREA, PublishedZone

REQUIRED_TABLES: tuple[str, ...] = ("indicator_table", "areas", "indicators", "meta")
# Published tables of the assessment stage a report shows when present (in this order).
REPORT_TABLES: tuple[str, ...] = ("categorisation", "index")
# Tables only the secure store has: their presence means the wrong file was given.
SECURE_ONLY_TABLES: frozenset[str] = frozenset({"indicator_results", "persons", "deliveries"})


@dataclass(frozen=True)
class ExtraTable:
    """A published table of the assessment stage, its columns and rows as they are."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass
class Published:
    path: Path
    areas: dict[str, Area]
    indicators: dict[str, Indicator]
    cells: list[Cell]
    meta: dict[str, str]
    extra_tables: list[ExtraTable] = field(default_factory=list)
    _index: dict[tuple[str, str, int], Cell] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index = {(c.area_id, c.indicator_id, c.period): c for c in self.cells}

    @property
    def periods(self) -> list[int]:
        return sorted({c.period for c in self.cells})

    def cell(self, area_id: str, indicator_id: str, period: int) -> Cell | None:
        return self._index.get((area_id, indicator_id, period))

    def housing_area_ids(self) -> list[str]:
        return [a for a in self.areas if a not in (ALL_ID, REST_ID)]

    def resolve_year(self, year: int | None) -> int:
        """The year asked for, or the latest published one."""
        periods = self.periods
        if not periods:
            raise BosocError(
                f"{self.path} holds no indicator cells", hint="run `bosoc compute` first"
            )
        if year is None:
            return periods[-1]
        if year not in periods:
            raise BosocError(
                f"the year {year} is not in the published figures",
                hint=f"choose one of: {', '.join(str(p) for p in periods)}",
            )
        return year

    def check_area(self, area_id: str) -> Area:
        area = self.areas.get(area_id)
        if area is None:
            known = self.housing_area_ids()
            shown = ", ".join(known[:5]) + (", ..." if len(known) > 5 else "")
            raise BosocError(
                f"there is no area with the id {area_id!r} in {self.path}",
                hint=f"known areas: {shown or 'none'}",
            )
        return area


def read_published(
    cur: duckdb.DuckDBPyConnection, path: Path = Path("published.duckdb")
) -> Published:
    """Everything a report needs, read through a (scoped) cursor of `PublishedZone`."""
    extra = []
    for name in REPORT_TABLES:
        if qa.has_table(cur, name):
            columns = qa.columns_of(cur, name)
            rows = qa.rows_of(cur, name)
            extra.append(
                ExtraTable(name, tuple(columns), tuple(tuple(r[c] for c in columns) for r in rows))
            )
    return Published(
        path=path,
        areas=q.areas(cur),
        indicators=q.indicators(cur),
        cells=q.cells(cur),
        meta=q.meta(cur),
        extra_tables=extra,
    )


def load_published(path: Path) -> Published:
    """Every area of the published zone at `path` (for `bosoc report`)."""
    with every_area(path) as cur:
        return read_published(cur, path)


@contextmanager
def every_area(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of the published zone at `path` whose views hold every area (what
    `bosoc report` reads), after checking that it is the published zone."""
    if not path.is_file():
        raise NotComputed("the published zone")
    zone = PublishedZone(path)
    try:
        try:
            tables = zone.tables()
        except duckdb.Error as error:
            raise BosocError(
                f"cannot open the published zone {path}: {error}",
                hint="run `bosoc compute` to write it again",
            ) from None
        _check_tables(path, tables)
        with zone.cursor(EVERY_AREA) as cur:
            yield cur
    finally:
        zone.close()


def _check_tables(path: Path, tables: frozenset[str]) -> None:
    secure = sorted(tables & SECURE_ONLY_TABLES)
    if secure:
        raise BosocError(
            f"{path} holds the table {secure[0]!r}: it is not the published zone",
            hint="reports read only published/published.duckdb",
        )
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise BosocError(
            f"the published zone {path} has no table {missing[0]!r}",
            hint="run `bosoc compute` to write it again",
        )
