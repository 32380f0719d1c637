"""BoSocData's points model: point boundaries, direction, class cut-offs, minimum size."""

from __future__ import annotations

import pandas as pd
import pytest
from test_assess_fixture import indicator_table, make_config

from bosocdata.assessment.categorisation import categorise, indicator_points
from bosocdata.assessment.config import ConfigError, load_config


def _points(values: list[float], benchmark: float, direction: str, **config) -> list[float]:
    rows = pd.DataFrame(
        {
            "area_id": [f"a{i}" for i in range(len(values))],
            "period": 2024,
            "indicator_id": "x",
            "value": values,
            "benchmark": benchmark,
            "direction": direction,
            "comparison": config.pop("comparison", "similar"),
        }
    )
    cat = make_config({"categorisation": config}).categorisation if config else None
    cat = cat or make_config().categorisation
    return indicator_points(rows, cat)["points"].tolist()


def test_points_at_the_boundaries_of_the_default_scale() -> None:
    # municipality 20 %: up to 1.25 x (25) no point, beyond 1.25 one, beyond 1.5 two,
    # beyond 2 three; better than the municipality never scores
    assert _points([10, 25, 25.2, 30, 30.2, 40, 41], 20, "up_is_worse") == [0, 0, 1, 1, 2, 2, 3]


def test_down_is_worse_compares_the_municipality_with_the_area() -> None:
    # income: municipality 300,000; 200,000 is 1.5 x below -> 1 point; 150,000 -> 2
    assert _points([400_000, 200_000, 150_000, 149_000], 300_000, "down_is_worse") == [0, 1, 2, 3]


def test_points_only_where_significantly_worse_when_asked() -> None:
    assert _points([41], 20, "up_is_worse", require_significant=True) == [0]
    assert _points([41], 20, "up_is_worse", require_significant=True, comparison="worse") == [3]


def test_missing_value_is_not_scored() -> None:
    assert pd.isna(_points([float("nan")], 20, "up_is_worse")[0])


def test_the_fixture_areas_by_hand() -> None:
    result, points = categorise(indicator_table(), make_config())
    y = result[result.period == 2024].set_index("area_id")
    # A: voksne 40/25 = 1.6 -> 2, sigtede 5/4 = 1.25 -> 0; B: 1.2 -> 0, 10/4 = 2.5 -> 3
    assert y.loc["A", "points"] == 2 and y.loc["B", "points"] == 3 and y.loc["C", "points"] == 0
    assert y.loc["A", "n_scored"] == 2 and y.loc["A", "max_points"] == 39
    assert y.loc["A", "category"] == "uden_for_risiko"
    assert y.loc["D", "category"] == "for_lille"  # 300 residents, below 500
    assert set(result["area_id"]) == {"A", "B", "C", "D"}
    a = points[(points.area_id == "A") & (points.period == 2024)].set_index("indicator_id")
    assert a.loc["voksne_uden_for_arbejdsmarkedet", "ratio"] == pytest.approx(1.6)


def test_class_cut_offs_and_minimum_size() -> None:
    config = make_config(
        {
            "min_residents": 700,
            "categorisation": {
                "indicators": ["voksne_uden_for_arbejdsmarkedet", "sigtede_unge"],
                "cutoffs": {"saerligt_udsat": 3, "udsat": 2, "risiko": 1},
            },
        }
    )
    result, _ = categorise(indicator_table(), config)
    y = result[result.period == 2024].set_index("area_id")["category"]
    # B: 3 points = the saerligt_udsat minimum; A: 2 = udsat; C (600 residents) too small
    assert (y["B"], y["A"], y["C"]) == ("saerligt_udsat", "udsat", "for_lille")


def test_rescaling_for_missing_indicators() -> None:
    config = make_config({"categorisation": {"missing": "rescale"}})
    result, _ = categorise(indicator_table(), config)
    a = result[(result.area_id == "A") & (result.period == 2024)].iloc[0]
    # 2 points of the 6 possible on 2 scored indicators, scaled to the 39 of 13
    assert a["score"] == pytest.approx(2 * 39 / 6)


def test_cut_offs_out_of_order_are_refused_with_file_and_line(tmp_path) -> None:
    path = tmp_path / "assessment.yaml"
    path.write_text(
        "categorisation:\n  cutoffs:\n    saerligt_udsat: 4\n    udsat: 10\n    risiko: 2\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"assessment.yaml:\d+: categorisation"):
        load_config(path)


def test_the_default_configuration_loads() -> None:
    config = load_config()
    assert config.min_residents == 500
    assert config.categorisation.thresholds == [1.25, 1.5, 2.0]
    assert config.categorisation.cutoffs == {"saerligt_udsat": 16, "udsat": 10, "risiko": 5}
