"""The population table as a two-way table with margins, and its linear programmes.

Per period the population table is a matrix: one row per area (with `__rest__` and the
`__all__` row), one column per age band x sex (12 cells). A reader knows

- **columns add up**: per band and sex, the areas plus `__rest__` make `__all__`;
- **rows add up to published margins**: the indicator table publishes residents counts
  per area that are sums of whole bands (all residents, 0-17, 18-64, 18+; see
  `margin_mask`). A margin shown there is a known row sum; a margin the indicator table
  withholds is a hidden count of its own, which the population table must not give
  away either;
- every count is >= 0.

`period_grids` builds that view; `period_component` turns it into the audit's linear
programme system (`audit_lp.Component`), which `audit_lp.solve_component` solves, so
the population table is audited exactly as the indicator table is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import pandas as pd

from bosocdata.disclosure.audit_lp import Component, Quantity, solve_component
from bosocdata.disclosure.rules import ALL_AREA, REST_AREA
from bosocdata.errors import BosocError
from bosocdata.indicators.population import AGE_BAND_LABELS, AGE_BANDS, SEXES

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: The 12 cells of an area's row: (age band, sex), band-major.
CELLS: tuple[tuple[str, str], ...] = tuple((b, s) for b in AGE_BAND_LABELS for s in SEXES)
WIDTH = len(CELLS)
#: The indicator_id the audit's cells carry, so that reports read like the indicator audit's.
TABLE_NAME = "population"
ALL_AGES = "all"
#: Feasible tables tried before bounding counts one by one in `beyond_reach`: with every
#: cell hidden nearly every count is wide, and a few dozen random optima prove most of
#: them so (measured: 30 takes a third of the time of the default 4 on the demo).
BASELINE_SEEDS = 30


def margin_mask(label: str) -> BoolArray:
    """The cells a margin label sums: `all`, `LO-HI` or `LO+` on band edges (`0-17`, `18+`).

    A label whose ages do not start and end on band edges is no sum of cells.
    """
    lows = [low for _, low, _ in AGE_BANDS]
    highs = [high for _, _, high in AGE_BANDS]
    text = str(label).strip()
    try:
        if text == ALL_AGES:
            low, high = 0, None
        elif text.endswith("+"):
            low, high = int(text[:-1]), None
        else:
            first, last = text.split("-")
            low, high = int(first), int(last)
    except ValueError:
        low, high = -1, -1
    if low not in lows or high not in highs:
        raise BosocError(
            f"published residents counts: the ages {label!r} are not a sum of whole age bands",
            hint=f"use 'all', or ages from {', '.join(AGE_BAND_LABELS)} joined, e.g. '0-17', '18+'",
        )
    first_band, last_band = lows.index(low), highs.index(high)
    bands = np.zeros(len(AGE_BANDS), dtype=bool)
    bands[first_band : last_band + 1] = True
    return np.repeat(bands, len(SEXES))


@dataclass(frozen=True)
class Margin:
    """A residents count of one area the indicator table publishes (value NaN = hidden)."""

    row: int
    label: str
    mask: BoolArray
    value: float


@dataclass
class PeriodGrid:
    """One period of the population table as a matrix (rows: areas; columns: `CELLS`)."""

    period: object
    areas: list[str]
    #: the counts: true ones when protecting, the published ones (NaN hidden) when auditing
    values: FloatArray
    hidden: BoolArray
    #: row number of each cell in the table it came from
    table_rows: IntArray
    margins: list[Margin]

    @property
    def total_row(self) -> int | None:
        return self.areas.index(ALL_AREA) if ALL_AREA in self.areas else None

    @property
    def has_rest(self) -> bool:
        return REST_AREA in self.areas

    def member_rows(self) -> list[int]:
        """The rows that add up to `__all__`: the areas and `__rest__`."""
        return [r for r, area in enumerate(self.areas) if area != ALL_AREA]


def _area_order(area: str) -> tuple[int, str]:
    return ({ALL_AREA: 1, REST_AREA: 2}.get(area, 0), area)


def cell_columns(table: pd.DataFrame) -> IntArray:
    """The column (index into `CELLS`) of each row of a population table."""
    band = table["age_band"].astype(str).map({b: i for i, b in enumerate(AGE_BAND_LABELS)})
    sex = table["sex"].astype(str).map({s: i for i, s in enumerate(SEXES)})
    unknown = band.isna() | sex.isna()
    if unknown.any():
        row = table.loc[unknown.to_numpy()].iloc[0]
        raise BosocError(
            f"population table: unknown age band or sex {row['age_band']!r}/{row['sex']!r} "
            f"({row['area_id']}, {row['period']})",
            hint=f"age bands are {', '.join(AGE_BAND_LABELS)}; sex is M or F",
        )
    return (band.to_numpy(dtype=np.intp) * len(SEXES) + sex.to_numpy(dtype=np.intp)).astype(np.intp)


def period_grids(
    table: pd.DataFrame, values: FloatArray, hidden: BoolArray, totals: pd.DataFrame
) -> list[PeriodGrid]:
    """One `PeriodGrid` per period; `totals` has area_id, period, ages, residents."""
    columns = cell_columns(table)
    grids = []
    totals_by_period: dict[object, pd.DataFrame] = (
        {period: part for period, part in totals.groupby("period", sort=False)}
        if len(totals)
        else {}
    )
    for period, index in table.groupby("period", sort=True).indices.items():
        rows = np.asarray(index, dtype=np.intp)
        area_ids = table["area_id"].astype(str).to_numpy()[rows]
        areas = sorted(set(area_ids), key=_area_order)
        row_of = {a: i for i, a in enumerate(areas)}
        r = np.array([row_of[a] for a in area_ids], dtype=np.intp)
        c = columns[rows]
        if (
            len(set(zip(r.tolist(), c.tolist(), strict=True))) != len(rows)
            or len(rows) != len(areas) * WIDTH
        ):
            raise BosocError(
                f"population table, period {period}: not exactly one row per area, age band "
                "and sex",
                hint="write it with bosocdata.indicators.population.population_table",
            )
        grid_values = np.full((len(areas), WIDTH), np.nan)
        grid_values[r, c] = values[rows]
        grid_hidden = np.zeros((len(areas), WIDTH), dtype=bool)
        grid_hidden[r, c] = hidden[rows]
        table_rows = np.zeros((len(areas), WIDTH), dtype=np.intp)
        table_rows[r, c] = rows
        margins = _margins(totals_by_period.get(period), row_of)
        grids.append(PeriodGrid(period, areas, grid_values, grid_hidden, table_rows, margins))
    return grids


def _margins(totals: pd.DataFrame | None, row_of: dict[str, int]) -> list[Margin]:
    if totals is None:
        return []
    margins = []
    for area, label, value in zip(
        totals["area_id"].astype(str),
        totals["ages"].astype(str),
        pd.to_numeric(totals["residents"], errors="coerce").to_numpy(dtype=np.float64),
        strict=True,
    ):
        if area in row_of:
            margins.append(Margin(row_of[area], label, margin_mask(label), float(value)))
    return margins


def known_row_sets(margins: list[Margin]) -> list[BoolArray]:
    """The sets of one row's cells whose sum a reader knows from its shown margins.

    Not only the shown margins themselves: whatever their linear combinations give, such
    as 65+ = all - 0-17 - 18-64, down to the finest pieces (the atoms) the margins cut
    the row into. Smallest sets first.

    The answer depends only on which margins the row has and which are shown, and most
    rows share one of a few patterns: it is worked out once per pattern.
    """
    pattern = tuple((m.mask.tobytes(), bool(np.isnan(m.value))) for m in margins)
    return [np.frombuffer(mask, dtype=np.bool_).copy() for mask in _known_sets(pattern)]


@lru_cache(maxsize=4096)
def _known_sets(pattern: tuple[tuple[bytes, bool], ...]) -> tuple[bytes, ...]:
    masks = [np.frombuffer(mask, dtype=np.bool_) for mask, _ in pattern]
    return tuple(known.tobytes() for known in _known_row_sets(masks, [h for _, h in pattern]))


def _known_row_sets(masks: list[BoolArray], hidden: list[bool]) -> list[BoolArray]:
    shown = [mask for mask, withheld in zip(masks, hidden, strict=True) if not withheld]
    if not shown:
        return []
    basis = np.array(shown, dtype=np.float64)
    rank = np.linalg.matrix_rank(basis)
    signature = np.array(shown).T  # per cell: which shown margins hold it
    atoms = [np.all(signature == signature[j], axis=1) for j in range(WIDTH) if signature[j].any()]
    known: list[BoolArray] = []
    for candidate in [*atoms, *masks]:
        if any(np.array_equal(candidate, k) for k in known):
            continue
        stacked = np.vstack([basis, candidate.astype(np.float64)])
        if np.linalg.matrix_rank(stacked) == rank:
            known.append(candidate)
    return sorted(known, key=lambda mask: int(mask.sum()))


def margin_truth(grid: PeriodGrid, margin: Margin) -> float:
    return float(grid.values[margin.row, margin.mask].sum())


@dataclass(frozen=True)
class Target:
    """What a `Quantity` of a population component stands for: a cell or a margin."""

    cell: tuple[int, int] | None = None
    margin: int | None = None


def period_component(
    grid: PeriodGrid, *, with_truth: bool, skip: frozenset[tuple[str, str]] = frozenset()
) -> tuple[Component | None, list[Target], list[str]]:
    """The linear programme system of one period, the target of each quantity, problems.

    Variables: the hidden cells, the hidden margins and, without a `__rest__` row, one
    slack per column; the quantities to bound are the hidden cells and margins but those
    in `skip` ((area_id, what) pairs). Problems: published relations that do not hold
    among shown numbers. With `with_truth`, `grid.values` are the true counts and seed
    the solver.
    """
    labels: list[str] = []
    truth: list[float] = []
    var_of_cell: dict[tuple[int, int], int] = {}
    var_of_margin: dict[int, int] = {}

    def new(label: str, value: float) -> int:
        labels.append(label)
        truth.append(value)
        return len(labels) - 1

    for r, c in zip(*np.nonzero(grid.hidden), strict=True):
        var_of_cell[(int(r), int(c))] = new(_cell_label(grid, int(r), int(c)), grid.values[r, c])
    for i, margin in enumerate(grid.margins):
        if np.isnan(margin.value):
            value = margin_truth(grid, margin) if with_truth else np.nan
            var_of_margin[i] = new(f"{grid.areas[margin.row]} {margin.label}", value)
    total = grid.total_row
    slack_of: dict[int, int] = {}
    if total is not None and not grid.has_rest:
        members = grid.member_rows()
        for c in range(WIDTH):
            value = grid.values[total, c] - grid.values[members, c].sum()
            slack_of[c] = new(f"rest {CELLS[c]}", value if with_truth else np.nan)

    size = len(labels)
    eq_rows: list[FloatArray] = []
    eq_rhs: list[float] = []
    problems: list[str] = []

    def add(coefficients: FloatArray, rhs: float, what: str) -> None:
        if coefficients.any():
            eq_rows.append(coefficients)
            eq_rhs.append(rhs)
        elif abs(rhs) > 1e-6:
            problems.append(f"period {grid.period}: {what} does not add up")

    if total is not None:
        for c in range(WIDTH):
            coefficients, rhs = np.zeros(size), 0.0
            for r in grid.member_rows():
                rhs = _term(coefficients, rhs, var_of_cell.get((r, c)), grid.values[r, c], 1.0)
            rhs = _term(coefficients, rhs, var_of_cell.get((total, c)), grid.values[total, c], -1)
            if c in slack_of:
                coefficients[slack_of[c]] = 1.0
            add(coefficients, rhs, f"the areas' {' '.join(CELLS[c])} against {ALL_AREA}")
    for i, margin in enumerate(grid.margins):
        coefficients, rhs = np.zeros(size), 0.0
        for c in np.flatnonzero(margin.mask).tolist():
            cell_var = var_of_cell.get((margin.row, c))
            rhs = _term(coefficients, rhs, cell_var, grid.values[margin.row, c], 1.0)
        rhs = _term(coefficients, rhs, var_of_margin.get(i), margin.value, -1.0)
        add(coefficients, rhs, f"{grid.areas[margin.row]}'s residents {margin.label}")

    quantities: list[Quantity] = []
    targets: list[Target] = []
    for (r, c), var in var_of_cell.items():
        if (grid.areas[r], cell_what(c)) not in skip:
            quantities.append(
                Quantity(grid.period, TABLE_NAME, grid.areas[r], cell_what(c), _unit(size, var))
            )
            targets.append(Target(cell=(r, c)))
    for i, var in var_of_margin.items():
        margin = grid.margins[i]
        what = margin_what(margin)
        if (grid.areas[margin.row], what) not in skip:
            quantities.append(
                Quantity(grid.period, TABLE_NAME, grid.areas[margin.row], what, _unit(size, var))
            )
            targets.append(Target(margin=i))
    if not quantities:
        return None, [], problems
    component = Component(
        key=(grid.period, TABLE_NAME),
        size=size,
        eq_rows=eq_rows,
        eq_rhs=eq_rhs,
        upper=[np.inf] * size,
        quantities=quantities,
        labels=labels,
        truth=np.array(truth, dtype=np.float64) if with_truth else None,
    )
    return component, targets, problems


def _cell_label(grid: PeriodGrid, r: int, c: int) -> str:
    return f"{grid.areas[r]} {cell_what(c)}"


def cell_what(column: int) -> str:
    """How a report names a cell: '65+ F'."""
    return " ".join(CELLS[column])


def margin_what(margin: Margin) -> str:
    """How a report names a margin: 'residents 0-17'."""
    return f"residents {margin.label}"


def beyond_reach(grid: PeriodGrid, k: int) -> dict[tuple[str, str], tuple[float, float]]:
    """The counts a reader narrows below k even with every cell of the period hidden.

    Those are given away by the residents counts of the indicator table alone (e.g.
    65+ = all - 0-17 - 18-64, all three shown, with fewer than k residents of 65+); no
    suppression in the population table can protect them, so its protection leaves
    them alone and the audit names them as a problem of the indicator table.
    (area_id, what) -> the interval.
    """
    everything = PeriodGrid(
        grid.period,
        grid.areas,
        grid.values,
        np.ones_like(grid.hidden),
        grid.table_rows,
        grid.margins,
    )
    component, _, _ = period_component(everything, with_truth=False)
    if component is None:
        return {}
    return {
        (interval.quantity.area_id, interval.quantity.what): (interval.low, interval.high)
        for interval in solve_component(component, k, seed_directions=BASELINE_SEEDS).narrow
    }


def _term(
    coefficients: FloatArray, rhs: float, var: int | None, value: float, sign: float
) -> float:
    """Add `sign * cell` to an equation `coefficients @ x = rhs`: a variable or a number."""
    if var is not None:
        coefficients[var] += sign
        return rhs
    return rhs - sign * float(value)


def _unit(size: int, index: int) -> FloatArray:
    vector = np.zeros(size)
    vector[index] = 1.0
    return vector
