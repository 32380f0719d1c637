"""The demo's municipality looks like the real one: its areas are large enough to rank.

`bosoc demo` builds the synthetic municipality at `DEMO_SCALE`; the scale shrinks the
ordinary neighbourhoods, while the monitored areas keep the 350-6,200 residents they
are built for (Aarhus follows areas of about 500-6,000). An analyst opening the demo
must therefore see most areas ranked, not "for lille til at vurdere".
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml

from bosocdata.cli.demo_cmd import DEMO_SCALE, DEMO_SEED, DEMO_YEARS
from bosocdata.ingest import ingest_delivery
from bosocdata.pipeline import compute_all
from bosocdata.settings import Paths
from bosocdata.synth import generate

pytestmark = pytest.mark.slow

CONFIG = Path(__file__).parents[1] / "src/bosocdata/assessment/config/default.yaml"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Paths, Path]:
    base = tmp_path_factory.mktemp("demo")
    paths, delivery = Paths(base / "home"), base / "delivery"
    generate(delivery, scale=DEMO_SCALE, seed=DEMO_SEED, years=DEMO_YEARS)
    ingest_delivery(delivery, paths)
    compute_all(paths)
    return paths, delivery


def latest_index(paths: Paths) -> pd.DataFrame:
    con = duckdb.connect(str(paths.published), read_only=True)
    try:
        return con.execute(
            'SELECT * FROM "index" WHERE is_area AND period = (SELECT max(period) FROM "index")'
        ).df()
    finally:
        con.close()


def test_the_demo_ranks_at_least_80_percent_of_its_areas_in_its_latest_year(
    demo: tuple[Paths, Path],
) -> None:
    paths, _ = demo
    index = latest_index(paths)
    assert len(index) == 25, "the demo monitors 25 housing areas"
    assert index["rank"].notna().mean() >= 0.8, index[["area_name", "residents", "rank"]]


def test_an_area_is_unranked_only_when_too_small_or_too_much_is_withheld(
    demo: tuple[Paths, Path],
) -> None:
    # The two reasons the priorities page gives (docs/concepts/assessment.md): fewer
    # residents than the minimum, or less than `min_coverage` of the index's weight
    # published (disclosure control withheld the rest).
    paths, _ = demo
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    minimum, coverage = config["min_residents"], config["index"]["min_coverage"]
    index = latest_index(paths)
    ranked = index["rank"].notna()
    assert (index.loc[ranked, "residents"] >= minimum).all()
    assert (index.loc[ranked, "coverage"] >= coverage - 1e-9).all()
    unranked = index.loc[~ranked]
    too_small = unranked["residents"] < minimum
    too_little_shown = unranked["coverage"] < coverage
    assert (too_small | too_little_shown).all(), unranked[["area_name", "residents", "coverage"]]


def test_the_areas_have_the_residents_the_delivery_gives_them(
    demo: tuple[Paths, Path],
) -> None:
    # Counted straight from the delivery's CPR address history for the areas delivered
    # as address lists: residents at R = 1 January of the latest year.
    paths, delivery = demo
    year = DEMO_YEARS[1]
    counted = duckdb.sql(
        f"""
        SELECT a.area_id, count(*) AS residents
        FROM read_csv('{delivery / "residences.csv"}', all_varchar = true) r
        JOIN read_csv('{delivery / "area_addresses.csv"}', all_varchar = true) a
          USING (address_id)
        WHERE CAST(r.start AS DATE) <= DATE '{year}-01-01'
          AND (r."end" IS NULL OR CAST(r."end" AS DATE) > DATE '{year}-01-01')
        GROUP BY a.area_id
        """
    ).df()
    index = latest_index(paths).set_index("area_id")["residents"]
    assert len(counted) == 13
    for area_id, residents in zip(counted["area_id"], counted["residents"], strict=True):
        assert index[area_id] == residents, area_id
    assert counted["residents"].between(300, 6_500).all(), "realistic sizes, as at scale 1"
