"""Indicators of one population are counted in one query, and count what they count alone.

A synthetic delivery (scale 0.01) is ingested into a temporary store. Each indicator's
own query (`compile_indicator`, the SQL `bosoc indicators explain` shows) is the reference
for the rows the shared passes give it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from bosocdata.indicators import load_catalogue
from bosocdata.indicators.compiler import compile_indicator
from bosocdata.indicators.engines.duckdb import DuckDBEngine
from bosocdata.indicators.engines.portability import check_catalogue
from bosocdata.indicators.frames import PeriodKind, build_frames, periods_for, periods_sql
from bosocdata.indicators.passes import plan_passes, run_passes


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    from bosocdata.ingest import ingest_delivery
    from bosocdata.settings import Paths
    from bosocdata.synth.generate import generate

    base = tmp_path_factory.mktemp("passes")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("BOSOC_HOME", str(base / "home"))
        env.delenv("BOSOC_KEY_FILE", raising=False)
        generate(base / "delivery", scale=0.01, seed=5, years=(2019, 2022))
        paths = Paths.from_env()
        ingest_delivery(base / "delivery", paths)
    con = duckdb.connect(str(paths.store), read_only=True)
    con.execute("SET enable_progress_bar = false")
    yield con
    con.close()


def _pass_of(passes: list, indicator: str) -> dict[str, str | None]:
    return next(p.columns for p in passes if indicator in p.columns)


def test_indicators_of_one_population_share_a_pass_and_the_rest_run_alone() -> None:
    engine = DuckDBEngine(duckdb.connect(":memory:"))
    catalogue = list(load_catalogue())
    passes = plan_passes(catalogue, check_catalogue(catalogue, engine.dialect), engine.dialect)
    # every resident aged 18-64: three indicators, one query
    adults = _pass_of(passes, "voksne_uden_for_arbejdsmarkedet")
    assert {"helbredsbetinget_overfoersel", "krit_uden_tilknytning"} <= set(adults)
    assert len(set(adults.values())) == 3
    # an indicator and its twin criterion are one column of one query
    everyone = _pass_of(passes, "ikke_vestlig_baggrund")
    assert everyone["ikke_vestlig_baggrund"] == everyone["krit_ikke_vestlige"]
    assert {"boern_unge_under_18", "ikke_aktive_laanere"} <= set(everyone)
    # a mean runs alone (with its twin), in its own query's shape
    assert _pass_of(passes, "indkomst") == {"indkomst": None, "krit_indkomst": None}
    # each indicator is answered by exactly one pass
    answered = [i for p in passes for i in p.columns]
    assert sorted(answered) == sorted(d.id for d in catalogue)
    assert len(passes) < len(catalogue) - 5


def test_each_indicator_counted_together_equals_its_own_query(
    store: duckdb.DuckDBPyConnection,
) -> None:
    engine = DuckDBEngine(store)
    catalogue = list(load_catalogue())
    engine.create_frame(
        "bosoc_periods", periods_sql(periods_for([2019, 2020, 2021, 2022], PeriodKind.year))
    )
    build_frames(engine, {})
    passes = plan_passes(catalogue, check_catalogue(catalogue, engine.dialect), engine.dialect)
    together = run_passes(passes, engine.df, {})
    shared = [i for p in passes if len(set(p.columns.values())) > 1 for i in p.columns]
    assert len(shared) >= 8
    keys = ["area_id", "period"]
    for indicator in shared:
        definition = next(d for d in catalogue if d.id == indicator)
        alone = engine.df(compile_indicator(definition)).sort_values(keys, ignore_index=True)
        mine = together[indicator].sort_values(keys, ignore_index=True)
        assert alone["numerator"].sum() > 0, indicator  # the comparison means something
        pd.testing.assert_frame_equal(mine, alone, check_dtype=False, obj=indicator)


def _definition(folder: Path, indicator: str, date_column: str) -> None:
    (folder / f"{indicator}.yaml").write_text(
        f"""id: {indicator}
name_da: Seneste ydelse ({date_column})
name_en: Latest benefit ({date_column})
description_da: Prøve.
description_en: A trial.
theme: work_economy
unit: pct
direction: up_is_worse
registers: [labour_market]
source: Prøve.
population:
  where:
    - age: {{min: 18, max: 64}}
numerator:
  where:
    - latest_in_window: {{register: labour_market, date: {date_column}}}
""",
        encoding="utf-8",
    )


def test_indicators_whose_helper_tables_clash_run_one_by_one(tmp_path: Path) -> None:
    # both numerators name their helper table latest_labour_market, with different
    # bodies (the latest row by start, by end): one query cannot hold both
    _definition(tmp_path, "seneste_efter_start", "start_date")
    _definition(tmp_path, "seneste_efter_slut", "end_date")
    both = [
        d for d in load_catalogue(tmp_path) if d.id in {"seneste_efter_start", "seneste_efter_slut"}
    ]
    engine = DuckDBEngine(duckdb.connect(":memory:"))
    passes = plan_passes(both, check_catalogue(both, engine.dialect), engine.dialect)
    assert [p.columns for p in passes] == [{d.id: None} for d in both]
