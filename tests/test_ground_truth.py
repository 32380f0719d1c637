"""What BoSocData finds on the synthetic municipality, checked against the generator's truth.

The generator writes the rates and area profiles it used to `ground_truth/`; these tests
run the whole pipeline (synth -> ingest -> compute) and compare, as the indicator and
assessment issues ask: intervals cover the true rates at about the nominal 95 %, the
areas made most vulnerable rank at the top, areas made to deteriorate show negative
dynamics, and the published zone passes the disclosure audit.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from bosocdata.disclosure.audit import audit_published_zone
from bosocdata.ingest import ingest_delivery
from bosocdata.pipeline import compute_all
from bosocdata.settings import Paths
from bosocdata.synth import generate

pytestmark = pytest.mark.slow

SCALE = 0.25  # the demo's size: areas of 350-6,200 residents, most above the 500 to rank


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Paths, Path]:
    base = tmp_path_factory.mktemp("truth")
    paths, delivery = Paths(base / "home"), base / "delivery"
    generate(delivery, scale=SCALE, seed=3, years=(2010, 2025))
    ingest_delivery(delivery, paths)
    compute_all(paths)
    return paths, delivery


def read(db: Path, sql: str) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def truth(delivery: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(delivery / "ground_truth" / name)


def test_95_percent_intervals_cover_the_true_rates_about_95_percent_of_the_time(
    run: tuple[Paths, Path],
) -> None:
    paths, delivery = run
    computed = read(paths.store, "SELECT * FROM indicator_results WHERE denominator > 0")
    rates = truth(delivery, "rates.csv").rename(columns={"year": "period"})
    cells = computed.merge(rates, on=["area_id", "period", "indicator_id"])
    covered = (cells["ci_low"] <= cells["true_value"]) & (cells["true_value"] <= cells["ci_high"])
    assert len(cells) > 3000, "every probability-driven indicator, area and year"
    assert 0.92 <= covered.mean() <= 0.975
    by_indicator = covered.groupby(cells["indicator_id"]).mean()
    assert by_indicator.min() >= 0.85, by_indicator.to_dict()


def test_the_areas_made_most_vulnerable_rank_at_the_top(run: tuple[Paths, Path]) -> None:
    # The generator gives each area a profile; drift and interventions move areas over
    # the years, so the test reads the ranks of every period: on average the very
    # vulnerable areas rank above the vulnerable, and those above the risk areas.
    paths, delivery = run
    index = read(paths.published, 'SELECT * FROM "index" WHERE rank IS NOT NULL')
    profiles = truth(delivery, "areas.csv").set_index("area_id")["profile"]
    position = (index["rank"] - 1) / (index["n_ranked"] - 1)  # 0 = most vulnerable
    mean = position.groupby(index["area_id"].map(profiles)).mean()
    assert mean["very_vulnerable"] < mean["vulnerable"] < mean["risk"], mean.to_dict()
    first = index[index["period"] == index["period"].min()]
    top = first.sort_values("rank")["area_id"].iloc[0]
    assert profiles[top] == "very_vulnerable"


def test_areas_made_to_deteriorate_show_negative_dynamics(run: tuple[Paths, Path]) -> None:
    # Dynamics compare two periods two years apart, so single years are noisy; over all
    # periods, deteriorating areas are mostly classed negative and improving ones not.
    paths, delivery = run
    dynamics = read(paths.published, "SELECT * FROM dynamics WHERE dynamics <> 'ukendt'")
    trend = dynamics["area_id"].map(truth(delivery, "areas.csv").set_index("area_id")["trend"])
    negative = (dynamics["dynamics"] == "negativ").groupby(trend).mean()
    score = dynamics["dynamics_score"].groupby(trend).mean()
    assert negative["deteriorating"] >= 0.4, negative.to_dict()
    assert negative["deteriorating"] > 3 * negative["improving"], negative.to_dict()
    assert score["deteriorating"] > score["stable"] > score["improving"], score.to_dict()


def test_every_rank_lies_inside_its_monte_carlo_interval(run: tuple[Paths, Path]) -> None:
    paths, _ = run
    index = read(paths.published, 'SELECT * FROM "index" WHERE rank IS NOT NULL')
    assert not index.empty
    inside = (index["rank_low"] <= index["rank"]) & (index["rank"] <= index["rank_high"])
    assert inside.all(), index.loc[~inside, ["area_id", "period", "rank", "rank_low"]]


def test_the_published_zone_passes_the_disclosure_audit(run: tuple[Paths, Path]) -> None:
    paths, _ = run
    report = audit_published_zone(paths.published, k=5)
    assert report.passed, report.text()
