"""Synthetic control against Abadie, Diamond & Hainmueller (2010) and Abadie & Gardeazabal (2003).

Published values:
- ADH 2010, *JASA* 105(490), Table 2 (state weights in the synthetic California):
  Colorado 0.164, Connecticut 0.069, Montana 0.199, Nevada 0.234, Utah 0.334, all
  other states 0; and the text: "by 2000 annual per-capita cigarette sales in
  California were about 26 packs lower", on average about 19 packs over 1989-2000.
  California ranks first of 39 in the post/pre RMSPE ratio (p = 1/39 = 0.026).
- Abadie & Gardeazabal 2003, *AER* 93(1): the synthetic Basque Country is
  Cataluña 0.8508 and Madrid 0.1492.
Data: tests/data/evaluation/ (SOURCES.md).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bosocdata.evaluation.panel import make_panel
from bosocdata.evaluation.synth import Predictor, SynthResult, synthetic_control

DATA = Path(__file__).resolve().parents[1] / "data" / "evaluation"

ADH_TABLE_2 = {
    "Colorado": 0.164,
    "Connecticut": 0.069,
    "Montana": 0.199,
    "Nevada": 0.234,
    "Utah": 0.334,
}
ADH_PREDICTORS = [
    "lnincome:1980-1988",
    "retprice:1980-1988",
    "age15to24:1980-1988",
    "beer:1984-1988",
    "cigsale:1975",
    "cigsale:1980",
    "cigsale:1988",
]
BASQUE_PREDICTORS = [
    *(f"{c}:1964-1969" for c in ("school.illit", "school.prim", "school.med")),
    *(f"{c}:1964-1969" for c in ("school.high", "school.post.high", "invest")),
    "gdpcap:1960-1969",
    *(
        f"sec.{c}:1961-1969"
        for c in (
            "agriculture",
            "energy",
            "industry",
            "construction",
            "services.venta",
            "services.nonventa",
        )
    ),
    "popdens:1969",
]


def california(optimizer: str, placebo: bool = False) -> SynthResult:
    predictors = [Predictor.parse(p) for p in ADH_PREDICTORS]
    frame = pd.read_csv(DATA / "smoking_adh2010.csv")
    keep = tuple(sorted({p.column for p in predictors} - {"cigsale"}))
    panel = make_panel(frame, unit="state", time="year", outcome="cigsale", keep=keep)
    return synthetic_control(
        panel,
        "California",
        1989,
        predictors=predictors,
        placebo=placebo,
        optimizer=optimizer,  # type: ignore[arg-type]
    )


def estimate(result: SynthResult, estimand: str, **where: int) -> float:
    for r in result.rows:
        if r["estimand"] == estimand and all(r.get(k) == v for k, v in where.items()):
            return float(r["estimate"])
    raise AssertionError(estimand)


@pytest.mark.parametrize("optimizer", ["global", "classic"])
def test_california_weights_are_within_001_of_adh_table_2(optimizer: str) -> None:
    result = california(optimizer)
    for state, published in ADH_TABLE_2.items():
        assert result.weights[state] == pytest.approx(published, abs=0.01), state
    others = {s: w for s, w in result.weights.items() if s not in ADH_TABLE_2}
    assert max(others.values()) < 0.01
    assert sum(result.weights.values()) == pytest.approx(1.0)


def test_california_post_1988_gap_is_about_minus_19_packs() -> None:
    result = california("global")
    assert estimate(result, "att_post") == pytest.approx(-19.0, abs=1.0)
    assert estimate(result, "gap", period=2000) == pytest.approx(-26.0, abs=1.5)
    # a close pre-period fit: RMSPE under 2 packs (ADH report 1.76)
    assert estimate(result, "rmspe_pre") < 2.0


def test_a_result_is_reproducible() -> None:
    first, second = california("global"), california("global")
    assert first.weights == second.weights


@pytest.mark.slow
def test_california_is_first_of_39_in_the_placebo_ranking() -> None:
    result = california("global", placebo=True)
    assert estimate(result, "placebo_p") == pytest.approx(1 / 39)


def test_basque_weights_are_within_001_of_abadie_gardeazabal() -> None:
    predictors = [Predictor.parse(p) for p in BASQUE_PREDICTORS]
    frame = pd.read_csv(DATA / "basque_ag2003.csv")
    # AG 2003 fit the outcome over 1960-1969 (the years before are not in their loss)
    frame = frame[frame["year"] >= 1960]
    keep = tuple(sorted({p.column for p in predictors} - {"gdpcap"}))
    panel = make_panel(frame, unit="regionname", time="year", outcome="gdpcap", keep=keep)
    result = synthetic_control(
        panel,
        "Basque Country (Pais Vasco)",
        1970,
        predictors=predictors,
        placebo=False,
        optimizer="classic",
    )
    assert result.weights["Cataluna"] == pytest.approx(0.851, abs=0.01)
    assert result.weights["Madrid (Comunidad De)"] == pytest.approx(0.149, abs=0.01)


def test_predictor_window_syntax() -> None:
    assert Predictor.parse("beer:1984-1988") == Predictor("beer", 1984, 1988)
    assert Predictor.parse("cigsale:1975") == Predictor("cigsale", 1975, 1975)
    assert Predictor.parse("lnincome") == Predictor("lnincome")
