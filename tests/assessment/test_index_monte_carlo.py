"""The Monte-Carlo over theme weights and normalisations: seeded, and it brackets the rank."""

from __future__ import annotations

import numpy as np
import pandas as pd
from test_assess_fixture import THEMES, indicator_table, make_config

from bosocdata.assessment.index import compute_index


def _run(**monte_carlo) -> pd.DataFrame:
    config = make_config({"index": {"monte_carlo": {"draws": 300, **monte_carlo}}})
    return compute_index(indicator_table(), THEMES, config).index


def test_the_same_seed_gives_the_same_intervals() -> None:
    first = _run(seed=7)
    again = _run(seed=7)
    columns = ["rank_median", "rank_low", "rank_high"]
    pd.testing.assert_frame_equal(first[columns], again[columns])


def test_the_interval_contains_the_deterministic_rank() -> None:
    index = _run(seed=11)
    ranked = index[index["rank"].notna()]
    assert len(ranked) == 9  # A, B, C in three periods
    assert (ranked["rank_low"] <= ranked["rank"]).all()
    assert (ranked["rank"] <= ranked["rank_high"]).all()
    assert index.loc[index["rank"].isna(), "rank_median"].isna().all()


def test_without_perturbation_every_draw_gives_the_deterministic_rank() -> None:
    for kind in ({"kind": "uniform", "spread": 0.0},):
        index = _run(weights=kind, normalisations=["zscore"])
        ranked = index[index["rank"].notna()]
        for column in ("rank_median", "rank_low", "rank_high"):
            np.testing.assert_array_equal(ranked[column], ranked["rank"])


def test_dirichlet_weights_are_seeded_too() -> None:
    weights = {"kind": "dirichlet", "concentration": 5}
    first = _run(seed=3, weights=weights)
    assert first["rank_high"].equals(_run(seed=3, weights=weights)["rank_high"])
    ranked = first[first["rank"].notna()]
    assert ((ranked["rank_low"] >= 1) & (ranked["rank_high"] <= 3)).all()
