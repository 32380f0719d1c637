"""The composite index: normalisations, weights, one area's index by hand, missing values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from test_assess_fixture import INDK, SIGT, THEMES, VOKS, indicator_table, make_config

from bosocdata.assessment.config import IndexConfig
from bosocdata.assessment.index import compute_index, index_weights, select_indicators
from bosocdata.errors import BosocError

SQRT13 = math.sqrt(13)


def _contrib(result, area: str, period: int, indicator: str):
    c = result.contributions
    return c[(c.area_id == area) & (c.period == period) & (c.indicator_id == indicator)].iloc[0]


def _index(result, area: str, period: int):
    t = result.index
    return t[(t.area_id == area) & (t.period == period)].iloc[0]


def test_selection_leaves_out_demography_and_official_criteria() -> None:
    themes = {**THEMES, "krit_domme": "official_criteria"}
    chosen = select_indicators(sorted(themes), themes, IndexConfig())
    assert chosen == sorted([VOKS, SIGT, INDK])


def test_equal_weights_within_themes_and_themes_equal() -> None:
    w = index_weights([INDK, SIGT, VOKS], THEMES, IndexConfig(theme_weighting="equal"))
    # two themes of 1/2; work_economy split over indkomst and voksne
    assert w.nominal.tolist() == pytest.approx([0.25, 0.5, 0.25])
    heavy = index_weights(
        [INDK, SIGT, VOKS],
        THEMES,
        IndexConfig(
            theme_weighting="equal", theme_weights={"work_economy": 3}, indicator_weights={VOKS: 2}
        ),
    )
    # work_economy 3/4, of which voksne 2/3 and indkomst 1/3; crime_safety 1/4
    assert heavy.nominal.tolist() == pytest.approx([0.25, 0.25, 0.5])


def test_by_default_every_indicator_counts_the_same_whatever_its_theme() -> None:
    # work_economy has two indicators, crime_safety one: 2/3 and 1/3, so each 1/3
    w = index_weights([INDK, SIGT, VOKS], THEMES, IndexConfig())
    assert w.nominal.tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 3])
    # a theme weight still multiplies: work_economy x 2 -> 4/5, 1/5
    doubled = index_weights(
        [INDK, SIGT, VOKS], THEMES, IndexConfig(theme_weights={"work_economy": 2})
    )
    assert doubled.nominal.tolist() == pytest.approx([0.4, 0.2, 0.4])


def test_by_default_an_area_worse_than_the_municipality_counts_as_vulnerable() -> None:
    """The z-score around the municipality: 2024 voksne, municipality 25, eligible areas
    40, 30, 20 (sd 10): A +1.5, B +0.5, C -0.5; D (too small, 50) +2.5. Around the areas'
    mean (30) B, at 1.2 times the municipality, would count 0."""
    result = compute_index(indicator_table(), THEMES, make_config(shipped=True))
    assert _contrib(result, "A", 2024, VOKS).normalised == pytest.approx(1.5)
    assert _contrib(result, "B", 2024, VOKS).normalised == pytest.approx(0.5)
    assert _contrib(result, "C", 2024, VOKS).normalised == pytest.approx(-0.5)
    assert _contrib(result, "D", 2024, VOKS).normalised == pytest.approx(2.5)
    assert _contrib(result, "__all__", 2024, VOKS).normalised == pytest.approx(0.0)
    # indkomst (down is worse): municipality 280,000; areas 200k, 250k, 300k (sd 50,000)
    assert _contrib(result, "A", 2024, INDK).normalised == pytest.approx(80 / 50)
    # sigtede: municipality 4; areas 5, 10, 3 (sd sqrt(13))
    assert _contrib(result, "B", 2024, SIGT).normalised == pytest.approx(6 / SQRT13)
    # A's index: each indicator 1/3
    a = _index(result, "A", 2024)["index"]
    assert a == pytest.approx((1.5 + 1.6 + 1 / SQRT13) / 3)
    assert _index(result, "__all__", 2024)["index"] == pytest.approx(0.0)


def test_weight_for_a_theme_not_in_the_index_is_refused() -> None:
    with pytest.raises(BosocError, match="housing_stability"):
        index_weights([VOKS], THEMES, IndexConfig(theme_weights={"housing_stability": 2}))


def test_zscore_across_the_eligible_areas() -> None:
    result = compute_index(indicator_table(), THEMES, make_config())
    # 2024 voksne: A 40, B 30, C 20 -> mean 30, sd 10; D (too small) 50 -> 2
    assert _contrib(result, "A", 2024, VOKS).normalised == pytest.approx(1.0)
    assert _contrib(result, "C", 2024, VOKS).normalised == pytest.approx(-1.0)
    assert _contrib(result, "D", 2024, VOKS).normalised == pytest.approx(2.0)
    # sigtede: 5, 10, 3 -> mean 6, sd sqrt(13)
    assert _contrib(result, "A", 2024, SIGT).normalised == pytest.approx(-1 / SQRT13)
    # indkomst is down_is_worse: -value; A 200,000 is the worst -> +1
    assert _contrib(result, "A", 2024, INDK).normalised == pytest.approx(1.0)


def test_ratio_and_percentile_normalisations() -> None:
    ratio = compute_index(
        indicator_table(), THEMES, make_config({"index": {"normalisation": "ratio"}})
    )
    assert _contrib(ratio, "A", 2024, VOKS).normalised == pytest.approx(40 / 25 - 1)
    assert _contrib(ratio, "A", 2024, INDK).normalised == pytest.approx(-(200 / 280 - 1))
    assert _contrib(ratio, "__all__", 2024, SIGT).normalised == pytest.approx(0.0)
    # index A = 0.25 * 0.6 + 0.25 * 2/7 + 0.5 * 0.25
    assert _index(ratio, "A", 2024)["index"] == pytest.approx(0.15 + 0.25 * 2 / 7 + 0.125)

    pct = compute_index(
        indicator_table(), THEMES, make_config({"index": {"normalisation": "percentile"}})
    )
    # voksne 40 among (40, 30, 20): 2 below + half of itself, of 3
    assert _contrib(pct, "A", 2024, VOKS).normalised == pytest.approx(100 * 2.5 / 3)
    assert _contrib(pct, "B", 2024, VOKS).normalised == pytest.approx(50.0)
    assert _contrib(pct, "D", 2024, VOKS).normalised == pytest.approx(100.0)


def test_the_index_of_area_a_by_hand() -> None:
    result = compute_index(indicator_table(), THEMES, make_config())
    a = _index(result, "A", 2024)
    # 0.25 * z(voksne) + 0.25 * z(indkomst) + 0.5 * z(sigtede) = 0.25 + 0.25 - 0.5/sqrt(13)
    assert a["index"] == pytest.approx(0.5 - 0.5 / SQRT13)
    assert _index(result, "B", 2024)["index"] == pytest.approx(0.5 * 4 / SQRT13)
    assert _index(result, "C", 2024)["index"] == pytest.approx(-0.5 - 0.5 * 3 / SQRT13)
    assert a["coverage"] == pytest.approx(1.0)
    # ranks among A, B, C: B 0.555 > A 0.361 > C; D is too small to be ranked
    ranks = {r.area_id: r.rank for r in result.index[result.index.period == 2024].itertuples()}
    assert (ranks["B"], ranks["A"], ranks["C"]) == (1, 2, 3)
    assert np.isnan(ranks["D"]) and np.isnan(ranks["__all__"])


def test_contributions_add_up_to_the_index() -> None:
    result = compute_index(indicator_table(), THEMES, make_config())
    c = result.contributions
    mine = c[(c.area_id == "A") & (c.period == 2024)]
    assert mine["contribution"].sum() == pytest.approx(_index(result, "A", 2024)["index"])
    assert mine["effective_weight"].sum() == pytest.approx(1.0)


def test_a_missing_indicator_is_reweighted_within_the_index_and_recorded() -> None:
    result = compute_index(indicator_table(), THEMES, make_config())
    # 2023: C has no sigtede value. Its crime theme is gone, so the index is the work
    # theme alone: voksne 22 (mean 30, sd 8 -> -1) and indkomst 290,000 (-> -1).
    c = _index(result, "C", 2023)
    assert c["index"] == pytest.approx(-1.0)
    assert c["coverage"] == pytest.approx(0.5)
    assert c["n_available"] == 2
    assert _contrib(result, "C", 2023, VOKS).effective_weight == pytest.approx(0.5)
    strict = compute_index(indicator_table(), THEMES, make_config({"index": {"min_coverage": 0.6}}))
    assert np.isnan(_index(strict, "C", 2023)["index"])
    assert np.isnan(_index(strict, "C", 2023)["rank"])


def test_min_ranks_are_scipys_rankdata_with_ties_and_gaps() -> None:
    """The project's own ranking gives what scipy.stats.rankdata(method="min",
    nan_policy="omit") gives, on Monte-Carlo-shaped arrays with ties and missing areas."""
    from scipy.stats import rankdata

    from bosocdata.assessment.index import min_ranks

    rng = np.random.default_rng(5)
    values = rng.integers(0, 6, size=(50, 3, 9)).astype(float)  # many ties
    values[rng.random(values.shape) < 0.2] = np.nan
    expected = rankdata(values, axis=-1, method="min", nan_policy="omit")
    np.testing.assert_array_equal(min_ranks(values), expected)
    assert list(min_ranks(np.array([3.0, 1.0, 3.0, np.nan, 2.0]))[[0, 1, 2, 4]]) == [3, 1, 3, 2]
