"""Reading the published zone, read-only, into plain objects a report is built from.

Reports read nothing else: not the secure store, not the synthetic delivery. The file is
attached read-only to a private in-memory database (as the web application does) and
read whole: even a large municipality publishes a few tens of thousands of aggregate
cells. A cell marked `suppressed` is emptied here again, whatever the file holds, so
no template can ever print a withheld number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from bosocdata.errors import BosocError, NotComputed

ALL_ID = "__all__"
REST_ID = "__rest__"
RESIDENTS_INDICATOR = "boern_unge_under_18"
REQUIRED_TABLES: tuple[str, ...] = ("indicator_table", "areas", "indicators", "meta")
# Published tables of the assessment stage, shown when present (in this order).
OPTIONAL_TABLES: tuple[str, ...] = ("categorisation", "index")
# Tables only the secure store has: their presence means the wrong file was given.
SECURE_ONLY_TABLES: frozenset[str] = frozenset({"indicator_results", "persons", "deliveries"})
_SCHEMA = "pub"

_CELL_COLUMNS: tuple[str, ...] = (
    "area_id",
    "period",
    "indicator_id",
    "unit",
    "denominator",
    "value",
    "ci_low",
    "ci_high",
    "benchmark",
    "comparison",
    "suppressed",
    "direction",
    "trend",
)


@dataclass(frozen=True)
class AreaInfo:
    area_id: str
    name: str
    housing_organisation: str | None
    district: str | None


@dataclass(frozen=True)
class IndicatorInfo:
    indicator_id: str
    name_da: str
    name_en: str
    unit: str | None
    direction: str | None
    theme: str | None

    def name(self, lang: str) -> str:
        return (self.name_en if lang == "en" else self.name_da) or self.indicator_id


@dataclass(frozen=True)
class Cell:
    """One published cell; every number None where disclosure control withheld it."""

    area_id: str
    period: int
    indicator_id: str
    unit: str | None
    denominator: float | None
    value: float | None
    ci_low: float | None
    ci_high: float | None
    benchmark: float | None
    comparison: str | None
    suppressed: bool
    direction: str | None
    trend: str | None


@dataclass(frozen=True)
class ExtraTable:
    """A published table of the assessment stage, read as it is."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass
class Published:
    path: Path
    areas: dict[str, AreaInfo]
    indicators: dict[str, IndicatorInfo]
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

    def check_area(self, area_id: str) -> AreaInfo:
        area = self.areas.get(area_id)
        if area is None:
            known = self.housing_area_ids()
            shown = ", ".join(known[:5]) + (", ..." if len(known) > 5 else "")
            raise BosocError(
                f"there is no area with the id {area_id!r} in {self.path}",
                hint=f"known areas: {shown or 'none'}",
            )
        return area


def load_published(path: Path) -> Published:
    """Everything a report needs from the published zone at `path`."""
    if not path.is_file():
        raise NotComputed("the published zone")
    con = _open(path)
    try:
        tables = _tables(con)
        _check_tables(path, tables)
        published = Published(
            path=path,
            areas=_areas(con),
            indicators=_indicators(con),
            cells=_cells(con),
            meta=dict(con.execute(f"SELECT key, value FROM {_SCHEMA}.meta").fetchall()),
            extra_tables=[_extra_table(con, name) for name in OPTIONAL_TABLES if name in tables],
        )
    finally:
        con.close()
    return published


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    literal = str(path).replace("'", "''")  # ATTACH takes no parameters
    try:
        con.execute(f"ATTACH '{literal}' AS {_SCHEMA} (READ_ONLY)")
    except duckdb.Error as error:
        con.close()
        raise BosocError(
            f"cannot open the published zone {path}: {error}",
            hint="run `bosoc compute` to write it again",
        ) from None
    con.execute("SET enable_external_access = false")
    return con


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = ?", [_SCHEMA]
    ).fetchall()
    return {r[0] for r in rows}


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_catalog = ? AND table_name = ? ORDER BY ordinal_position",
        [_SCHEMA, table],
    ).fetchall()
    return [r[0] for r in rows]


def _check_tables(path: Path, tables: set[str]) -> None:
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


def _select(
    con: duckdb.DuckDBPyConnection, table: str, wanted: Sequence[str]
) -> list[tuple[Any, ...]]:
    """`wanted` columns of `table`; a column the file does not have reads as NULL."""
    have = set(_columns(con, table))
    select = ", ".join(f'"{c}"' if c in have else f'NULL AS "{c}"' for c in wanted)
    return con.execute(f'SELECT {select} FROM {_SCHEMA}."{table}"').fetchall()


def _areas(con: duckdb.DuckDBPyConnection) -> dict[str, AreaInfo]:
    rows = _select(con, "areas", ("area_id", "name", "housing_organisation", "district"))
    return {r[0]: AreaInfo(r[0], r[1] or r[0], r[2], r[3]) for r in rows}


def _indicators(con: duckdb.DuckDBPyConnection) -> dict[str, IndicatorInfo]:
    wanted = ("indicator_id", "name_da", "name_en", "unit", "direction", "theme")
    return {r[0]: IndicatorInfo(*r) for r in _select(con, "indicators", wanted)}


def _cells(con: duckdb.DuckDBPyConnection) -> list[Cell]:
    return [
        _cell(dict(zip(_CELL_COLUMNS, r, strict=True)))
        for r in _select(con, "indicator_table", _CELL_COLUMNS)
    ]


def _cell(row: dict[str, Any]) -> Cell:
    suppressed = bool(row["suppressed"])
    hidden = ("denominator", "value", "ci_low", "ci_high", "comparison", "trend")
    if suppressed:
        row.update(dict.fromkeys(hidden))
    return Cell(
        area_id=row["area_id"],
        period=int(row["period"]),
        indicator_id=row["indicator_id"],
        unit=row["unit"],
        denominator=_number(row["denominator"]),
        value=_number(row["value"]),
        ci_low=_number(row["ci_low"]),
        ci_high=_number(row["ci_high"]),
        benchmark=_number(row["benchmark"]),
        comparison=row["comparison"],
        suppressed=suppressed,
        direction=row["direction"],
        trend=row["trend"],
    )


def _number(x: Any) -> float | None:
    """A DOUBLE as float; NULL and NaN as None."""
    if x is None:
        return None
    value = float(x)
    return None if value != value else value


def _extra_table(con: duckdb.DuckDBPyConnection, name: str) -> ExtraTable:
    columns = _columns(con, name)
    rows = con.execute(f'SELECT * FROM {_SCHEMA}."{name}"').fetchall()
    return ExtraTable(name, tuple(columns), tuple(tuple(r) for r in rows))
