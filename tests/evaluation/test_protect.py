"""Disclosure control of the decomposition: every group under the threshold rule."""

from __future__ import annotations

import pandas as pd

from bosocdata.evaluation.decompose import terms_rows
from bosocdata.evaluation.protect import protect_decomposition
from bosocdata.evaluation.table import evaluation_frame
from bosocdata.indicators.model import Unit


def counts(area: str, groups: dict[tuple[str, int], tuple[int, int]]) -> pd.DataFrame:
    """(group, side) -> (persons, numerator) for one area, as the engine returns them."""
    return pd.DataFrame(
        [
            {"area_id": area, "side": side, "grp": g, "n": n, "num": num, "died": 0}
            for (g, side), (n, num) in groups.items()
        ]
    ).assign(before=2020, after=2024, indicator_id="ind")


SAFE = {
    ("stayers", 0): (100, 30),
    ("stayers", 1): (100, 25),
    ("in_movers", 1): (20, 10),
    ("out_movers", 0): (20, 6),
}  # no entrants, no leavers: empty groups are no persons
SMALL = {**SAFE, ("leavers", 0): (3, 1)}  # 3 leavers: below k = 5


def table() -> pd.DataFrame:
    rows = terms_rows(counts("A", SAFE), Unit.pct) + terms_rows(counts("B", SMALL), Unit.pct)
    return evaluation_frame(rows, {"method": "decompose"})


def test_a_decomposition_with_a_small_group_is_withheld_whole() -> None:
    out = protect_decomposition(table(), k=5, units={"ind": "pct"})
    a, b = out[out["area_id"] == "A"], out[out["area_id"] == "B"]
    assert not a["suppressed"].any()
    assert a["estimate"].notna().sum() >= 11  # terms and sizes; empty groups' rates are empty
    assert b["suppressed"].all()
    assert b["estimate"].isna().all() and b["n_treated"].isna().all()


def test_a_group_whose_complement_is_small_is_unsafe() -> None:
    # 20 in-movers of whom 17 have the trait: 3 without it, below k = 5
    rows = terms_rows(counts("C", {**SAFE, ("in_movers", 1): (20, 17)}), Unit.pct)
    out = protect_decomposition(
        evaluation_frame(rows, {"method": "decompose"}), k=5, units={"ind": "pct"}
    )
    assert out["suppressed"].all()


def test_a_suppressed_indicator_cell_withholds_its_decomposition() -> None:
    out = protect_decomposition(
        table(), k=5, units={"ind": "pct"}, suppressed_cells={("ind", "A", 2024)}
    )
    assert out.loc[out["area_id"] == "A", "suppressed"].all()


def test_for_a_mean_only_the_group_sizes_count() -> None:
    # dkk: the numerator is a sum of incomes; 100 persons with sum 30 is not a small count
    rows = terms_rows(counts("D", SAFE), Unit.dkk)
    out = protect_decomposition(
        evaluation_frame(rows, {"method": "decompose"}), k=5, units={"ind": "dkk"}
    )
    assert not out["suppressed"].any()
