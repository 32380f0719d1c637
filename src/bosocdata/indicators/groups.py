"""Groups of areas: a helhedsplan's areas, a housing organisation's, any named set.

A group's figures are computed from the persons, as an area's are (not averaged from
its areas): the same indicator queries run once more with the area link pointing each
address of a member area at its group. No query changes: for that run, temporary views
`areas` and `addresses` shadow the store's tables (the group as the area), and only the
groups' rows are kept. Groups that share an area are computed in separate runs
(`layers`), so that no address is linked twice in one run.

Where groups come from (docs/concepts/assessment.md, Groups of areas):
- the file `BOSOC_AREA_GROUPS` (columns group_id, group_name, area_id; one row per
  group and member area);
- the `interventions` register: every `helhedsplan` covering at least two areas is a
  group `indsats_<intervention_id>` named after the intervention.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from bosocdata.errors import BosocError
from bosocdata.indicators.catalogue import Catalogue

GROUP_COLUMNS = ("group_id", "group_name", "area_id")


@dataclass(frozen=True)
class AreaGroup:
    group_id: str
    name: str
    areas: tuple[str, ...]


def read_area_groups(path: Path, areas: Sequence[str]) -> list[AreaGroup]:
    """The groups file: one line per group and member area, checked against the areas."""
    try:
        raw = pd.read_csv(path, sep=None, engine="python", dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise BosocError(f"{path.name}: not a readable CSV file: {error}") from None
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    for name in GROUP_COLUMNS:
        if name not in raw.columns:
            raise BosocError(
                f"{path.name}: column `{name}` is missing",
                hint="the columns are: " + ", ".join(GROUP_COLUMNS),
            )
    known = set(areas)
    members: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for line, row in enumerate(raw.to_dict("records"), start=2):
        group, name, area = (str(row[c]).strip() for c in GROUP_COLUMNS)
        if not group or not area:
            raise BosocError(f"{path.name}: line {line}: group_id and area_id are needed")
        if group in known or group in ("__all__", "__rest__"):
            raise BosocError(
                f"{path.name}: line {line}, column `group_id`: {group!r} is an area's id",
                hint="a group needs an id of its own",
            )
        if area not in known:
            raise BosocError(
                f"{path.name}: line {line}, column `area_id`: {area!r} is not an area",
                hint="see the areas register",
            )
        if area in members.get(group, []):
            raise BosocError(f"{path.name}: line {line}: area {area} is twice in group {group}")
        members.setdefault(group, []).append(area)
        names.setdefault(group, name or group)
    return [AreaGroup(g, names[g], tuple(sorted(a))) for g, a in sorted(members.items())]


def groups_from_interventions(con: duckdb.DuckDBPyConnection) -> list[AreaGroup]:
    """Every helhedsplan of the `interventions` register covering two areas or more."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "interventions" not in tables:
        return []
    rows = con.execute(
        "SELECT intervention_id, min(name), list(DISTINCT area_id ORDER BY area_id) "
        "FROM interventions WHERE kind = 'helhedsplan' GROUP BY intervention_id "
        "HAVING count(DISTINCT area_id) >= 2 ORDER BY intervention_id"
    ).fetchall()
    return [AreaGroup(f"indsats_{i}", str(n), tuple(str(a) for a in areas)) for i, n, areas in rows]


def layers(groups: Sequence[AreaGroup]) -> list[list[AreaGroup]]:
    """The groups in runs where no two share an area (first fit, in the given order)."""
    runs: list[tuple[list[AreaGroup], set[str]]] = []
    for group in groups:
        for run, used in runs:
            if used.isdisjoint(group.areas):
                run.append(group)
                used.update(group.areas)
                break
        else:
            runs.append(([group], set(group.areas)))
    return [run for run, _ in runs]


def membership(groups: Sequence[AreaGroup]) -> pd.DataFrame:
    """The published `area_groups` table: group_id, group_name, area_id."""
    rows = [(g.group_id, g.name, a) for g in groups for a in g.areas]
    return pd.DataFrame(rows, columns=list(GROUP_COLUMNS))


@contextmanager
def linked_to_groups(con: duckdb.DuckDBPyConnection, run: Sequence[AreaGroup]) -> Iterator[None]:
    """The store seen with each member area's addresses linked to its group instead."""
    link = pd.DataFrame(
        [(a, g.group_id) for g in run for a in g.areas], columns=["area_id", "group_id"]
    )
    names = pd.DataFrame([(g.group_id, g.name) for g in run], columns=["area_id", "name"])
    database = str(con.execute("SELECT current_database()").fetchall()[0][0])
    store = '"' + database.replace('"', '""') + '".main.addresses'
    con.register("bosoc_group_link", link)
    con.register("bosoc_group_names", names)
    try:
        con.execute(
            "CREATE OR REPLACE TEMP VIEW addresses AS SELECT a.* REPLACE (l.group_id AS area_id) "
            f"FROM {store} AS a LEFT JOIN bosoc_group_link AS l ON l.area_id = a.area_id"
        )
        con.execute(
            "CREATE OR REPLACE TEMP VIEW areas AS SELECT area_id, name FROM bosoc_group_names"
        )
        yield
    finally:
        con.execute("DROP VIEW IF EXISTS temp.addresses")
        con.execute("DROP VIEW IF EXISTS temp.areas")
        con.unregister("bosoc_group_link")
        con.unregister("bosoc_group_names")


def compute_group_rows(
    con: duckdb.DuckDBPyConnection,
    catalogue: Catalogue,
    groups: Sequence[AreaGroup],
    years: list[int] | None,
    period: str = "year",
) -> pd.DataFrame:
    """The indicator rows of every group, from the persons (one run per layer)."""
    from bosocdata.indicators.compute import compute_indicators

    parts = []
    for run in layers(groups):
        with linked_to_groups(con, run):
            result = compute_indicators(con, catalogue, years, period=period)
        ids = {g.group_id for g in run}
        parts.append(result.table[result.table["area_id"].isin(ids)])
    if not parts:
        return pd.DataFrame()
    return pd.concat(parts, ignore_index=True)
