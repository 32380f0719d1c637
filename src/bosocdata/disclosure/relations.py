"""The linear relations of the indicator table that a reader could use to undo suppression.

Two kinds, both per period (docs/concepts/disclosure-control.md):

- numerator relation, per period and indicator: the area cells plus `__rest__` add up
  to `__all__`;
- denominator relation, per period and *denominator group*: indicators that count out of
  the same population (all residents, residents 18-64, households, ...) have the same
  denominator in each area, so a denominator is one number however many indicators show
  it, and those numbers again add up to `__all__` over the areas.

Groups of areas (a helhedsplan's areas, computed from their persons as rows of their own)
add one relation each, of both kinds: the group's cell is the sum of its areas' cells.
Their rows stay out of the `__all__` relation (a group's persons are already counted in
its areas).

Both the suppression (`disclosure_secondary`) and the audit (`audit`) work on the
`TableCells` view built here, so they agree on what the relations are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from bosocdata.disclosure.ages import AgeIndex, IndicatorAges, age_index
from bosocdata.disclosure.rules import ALL_AREA, REST_AREA, has_complement, rule_units

IntArray = npt.NDArray[np.intp]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class DenominatorCell:
    """One denominator: one period, denominator group and area, shown by `rows`."""

    area_id: str
    rows: IntArray
    #: rows of `rows` whose numerator counts out of this denominator (numerator <= it)
    bounded_rows: IntArray


@dataclass(frozen=True)
class Relation:
    """`sum(members) = total` for one period and indicator (or denominator group).

    `members` are the area cells and `__rest__`; `total` is the `__all__` cell. Without
    a `__rest__` cell the areas add up to at most the total: `has_rest` is False.
    """

    key: tuple[object, ...]
    members: list[int]
    total: int | None
    has_rest: bool


@dataclass(frozen=True)
class TableCells:
    """The indicator table as arrays, with its relations."""

    area_id: npt.NDArray[np.object_]
    period: npt.NDArray[np.object_]
    indicator_id: npt.NDArray[np.object_]
    unit: npt.NDArray[np.object_]
    group: npt.NDArray[np.object_]
    numerator: FloatArray
    denominator: FloatArray
    bounded: npt.NDArray[np.bool_]
    #: per period and indicator: members are row numbers
    numerator_relations: list[Relation]
    #: per period and denominator group: members index into `denominator_cells`
    denominator_relations: list[Relation]
    denominator_cells: list[DenominatorCell]
    #: row number -> index of its denominator cell
    denominator_cell_of_row: IntArray
    #: which counts are residents of an age range (relation 5), if known
    ages: AgeIndex | None = None
    #: groups of areas: group id -> its areas (each group's cells sum its areas')
    area_groups: Mapping[str, Sequence[str]] | None = None

    def age_atoms_of_cell(self, cell: int) -> BoolArray | None:
        """The age atoms a denominator cell counts, if its group is an age group."""
        if self.ages is None:
            return None
        return self.ages.group_atoms.get(str(self.group[self.denominator_cells[cell].rows[0]]))

    def age_atoms_of_numerator(self, row: int) -> BoolArray | None:
        """The age atoms a row's numerator counts, if it is a pure age range of residents."""
        if self.ages is None:
            return None
        return self.ages.numerator_atoms.get(str(self.indicator_id[row]))

    @property
    def size(self) -> int:
        return len(self.area_id)


def infer_denominator_groups(table: pd.DataFrame) -> dict[str, str]:
    """indicator_id -> group: indicators whose denominators agree wherever both are known.

    Two indicators with the same population show the same denominator in every area and
    period; two with different populations practically never do. Agreeing on every cell
    both show (and sharing at least one) puts them in one group, named by its first
    indicator id. Putting two indicators together by chance only adds a relation, which
    makes the suppression stricter, never weaker.
    """
    known = table.loc[table["denominator"].notna(), ["period", "area_id", "indicator_id"]]
    wide = (
        table.loc[known.index]
        .pivot_table(
            index=["period", "area_id"],
            columns="indicator_id",
            values="denominator",
            aggfunc="first",
        )
        .sort_index(axis=1)
    )
    indicators = sorted(str(i) for i in table["indicator_id"].unique())
    parent = {i: i for i in indicators}

    def root(i: str) -> str:
        while parent[i] != i:
            i = parent[i]
        return i

    columns = [str(c) for c in wide.columns]
    values = wide.to_numpy(dtype=np.float64)
    present = ~np.isnan(values)
    for a in range(len(columns)):
        for b in range(a + 1, len(columns)):
            both = present[:, a] & present[:, b]
            if both.any() and np.array_equal(values[both, a], values[both, b]):
                ra, rb = root(columns[a]), root(columns[b])
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    return {i: root(i) for i in indicators}


def denominator_groups(
    table: pd.DataFrame, given: Mapping[str, str] | None = None
) -> npt.NDArray[np.object_]:
    """The denominator group of each row: `given`, else the column, else inferred."""
    indicator = table["indicator_id"].astype(str)
    if given is not None:
        mapping = dict(given)
    elif "denominator_group" in table.columns and table["denominator_group"].notna().all():
        return table["denominator_group"].astype(str).to_numpy(dtype=object)
    else:
        mapping = infer_denominator_groups(table)
    return indicator.map(lambda i: mapping.get(i, i)).to_numpy(dtype=object)


def build_cells(
    table: pd.DataFrame,
    groups: npt.NDArray[np.object_],
    ages_of: Mapping[str, IndicatorAges] | None = None,
    area_groups: Mapping[str, Sequence[str]] | None = None,
) -> TableCells:
    """The arrays and relations of `table` (row order kept; its index is ignored).

    `ages_of` (indicator_id -> `IndicatorAges`, `metadata.age_structure`) adds the
    relations between residents counts of different ages. `area_groups` (group id ->
    its areas' ids) names the rows that are groups of areas, each the sum of its areas.
    """
    area_groups = dict(area_groups or {})
    frame = pd.DataFrame(
        {
            "area_id": table["area_id"].astype(str).to_numpy(dtype=object),
            "period": table["period"].to_numpy(dtype=object),
            "indicator_id": table["indicator_id"].astype(str).to_numpy(dtype=object),
            "unit": rule_units(table),
            "group": groups,
        }
    )
    numerator = pd.to_numeric(table["numerator"], errors="coerce").to_numpy(dtype=np.float64)
    denominator = pd.to_numeric(table["denominator"], errors="coerce").to_numpy(dtype=np.float64)
    bounded = has_complement(frame["unit"].to_numpy())

    areas = frame["area_id"].to_numpy()
    numerator_relations = []
    for key, rows in frame.groupby(["period", "indicator_id"], sort=True).indices.items():
        items = np.asarray(rows).tolist()
        numerator_relations += _relations(_pair(key), items, areas[items].tolist(), area_groups)

    cells: list[DenominatorCell] = []
    cell_of_row = np.full(len(frame), -1, dtype=np.intp)
    denominator_relations: list[Relation] = []
    for key, group_rows in frame.groupby(["period", "group"], sort=True).indices.items():
        area_ids: list[str] = []
        for area_id, area_rows_arr in _split_by_area(np.asarray(group_rows, dtype=np.intp), areas):
            cell_of_row[area_rows_arr] = len(cells)
            area_ids.append(str(area_id))
            cells.append(
                DenominatorCell(str(area_id), area_rows_arr, area_rows_arr[bounded[area_rows_arr]])
            )
        first = len(cells) - len(area_ids)
        denominator_relations += _relations(
            _pair(key), list(range(first, len(cells))), area_ids, area_groups
        )
    return TableCells(
        area_id=frame["area_id"].to_numpy(dtype=object),
        period=frame["period"].to_numpy(dtype=object),
        indicator_id=frame["indicator_id"].to_numpy(dtype=object),
        unit=frame["unit"].to_numpy(dtype=object),
        group=frame["group"].to_numpy(dtype=object),
        numerator=numerator,
        denominator=denominator,
        bounded=bounded,
        numerator_relations=numerator_relations,
        denominator_relations=denominator_relations,
        denominator_cells=cells,
        denominator_cell_of_row=cell_of_row,
        ages=age_index(
            dict(zip(frame["indicator_id"].tolist(), frame["group"].tolist(), strict=True)),
            ages_of,
        ),
        area_groups=area_groups or None,
    )


def _split_by_area(rows: IntArray, areas: npt.NDArray[np.object_]) -> list[tuple[object, IntArray]]:
    """`rows` split by their area, areas sorted, rows in their order within each area
    (what iterating a pandas groupby gives, without a Series per area)."""
    order = np.argsort(areas[rows], kind="stable")
    ordered = rows[order]
    names, starts = np.unique(areas[ordered], return_index=True)
    return list(zip(names.tolist(), np.split(ordered, starts[1:]), strict=True))


def _pair(key: object) -> tuple[object, ...]:
    return tuple(key) if isinstance(key, tuple) else (key,)


def _relations(
    key: tuple[object, ...],
    items: list[int],
    areas: Sequence[object],
    area_groups: Mapping[str, Sequence[str]],
) -> list[Relation]:
    """The `__all__` relation of the areas, and one relation per group shown here.

    A group's cell equals the sum of its areas' cells exactly (`has_rest`) when every one
    of them is in the table; with one missing, the shown areas add up to at most it.
    """
    if not area_groups:
        return [_relation(key, items, areas)]
    plain = [(i, a) for i, a in zip(items, areas, strict=True) if str(a) not in area_groups]
    found = [_relation(key, [i for i, _ in plain], [a for _, a in plain])]
    item_of = {str(a): i for i, a in zip(items, areas, strict=True)}
    for group, members in area_groups.items():
        if group not in item_of:
            continue
        shown = [item_of[m] for m in members if m in item_of]
        complete = len(shown) == len(members)
        found.append(Relation(key, shown, item_of[group], complete))
    return found


def _relation(key: tuple[object, ...], items: list[int], areas: Sequence[object]) -> Relation:
    """Split `items` into the `__all__` total and the members (areas and `__rest__`)."""
    members: list[int] = []
    total: int | None = None
    has_rest = False
    for item, area in zip(items, areas, strict=True):
        if area == ALL_AREA:
            total = item
        else:
            members.append(item)
            has_rest = has_rest or area == REST_AREA
    return Relation(key, members, total, has_rest)


def denominator_hidden(cells: TableCells, hidden: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Per denominator cell: True when every row showing it is suppressed."""
    return np.array([bool(hidden[c.rows].all()) for c in cells.denominator_cells], dtype=bool)


def denominator_values(cells: TableCells, usable: npt.NDArray[np.bool_]) -> FloatArray:
    """Per denominator cell: its value from the first `usable` row that has one, else NaN."""
    values = np.full(len(cells.denominator_cells), np.nan)
    for i, cell in enumerate(cells.denominator_cells):
        known = cell.rows[usable[cell.rows] & ~np.isnan(cells.denominator[cell.rows])]
        if len(known):
            values[i] = cells.denominator[known[0]]
    return values
