"""The same indicator definitions on Apache Spark give the same table as on DuckDB.

A synthetic delivery (scale 0.01) is ingested into a temporary store; its registers are
exported to Parquet and read by a local Spark session. DuckDB's table is the reference:
every row (area, period, indicator) must be there on Spark with the same numbers (floats
to 1e-9 relative). Needs pyspark (extra `spark`) and Java 17; without them the tests
fail, unless BOSOC_SKIP_SPARK=1.
"""

from __future__ import annotations

import gc
import os
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest
from test_engine_portability import NOT_YET_PORTABLE

from bosocdata.errors import BosocError
from bosocdata.indicators import ComputeResult, compute_indicators, load_catalogue
from bosocdata.indicators.catalogue import Catalogue
from bosocdata.indicators.engines.duckdb import export_store_parquet
from bosocdata.indicators.frames import default_years

pytestmark = [
    pytest.mark.slow,
    # py4j leaves result sockets for the garbage collector; `spark` collects them itself
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
]

YEAR = 2024
KEYS = ["indicator_id", "area_id", "period"]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """One local Spark session for the module (it takes ~10 s to start)."""
    if os.environ.get("BOSOC_SKIP_SPARK") == "1":
        pytest.skip("BOSOC_SKIP_SPARK=1: the Spark engine is not tested")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        pytest.fail(
            "pyspark is not installed: pip install -e '.[spark]' (pyspark==4.0.5), "
            "or set BOSOC_SKIP_SPARK=1 to skip the Spark engine tests",
            pytrace=False,
        )
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (java_home and Path(java_home, "bin/java").exists()):
        pytest.fail(
            "Java is missing (Spark needs Java 17): apt-get install -y "
            "openjdk-17-jre-headless, or set BOSOC_SKIP_SPARK=1",
            pytrace=False,
        )
    session = (
        SparkSession.builder.master("local[2]")
        .appName("bosocdata-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        # on data this small, compiling generated code costs more than it saves
        .config("spark.sql.codegen.wholeStage", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    _collect_py4j_sockets()


@pytest.fixture(autouse=True)
def _no_sockets_left_behind() -> Iterator[None]:
    yield
    _collect_py4j_sockets()


def _collect_py4j_sockets() -> None:
    """Close, here, the sockets py4j left for the garbage collector, so that their
    ResourceWarning is not raised later inside another module's test."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(store.duckdb, folder of Parquet registers) of a synthetic delivery."""
    from bosocdata.ingest import ingest_delivery
    from bosocdata.settings import Paths
    from bosocdata.synth.generate import generate

    base = tmp_path_factory.mktemp("spark_store")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("BOSOC_HOME", str(base / "home"))
        env.delenv("BOSOC_KEY_FILE", raising=False)
        generate(base / "delivery", scale=0.01, seed=11, area_size=0.1)
        paths = Paths.from_env()
        ingest_delivery(base / "delivery", paths)
    con = duckdb.connect(str(paths.store), read_only=True)
    try:
        export_store_parquet(con, base / "parquet")
    finally:
        con.close()
    yield paths.store, base / "parquet"


def portable(catalogue: Catalogue) -> Catalogue:
    return Catalogue({d.id: d for d in catalogue if d.id not in NOT_YET_PORTABLE})


def both(
    spark: Any, store: tuple[Path, Path], years: list[int] | None, period: str = "year"
) -> tuple[ComputeResult, ComputeResult]:
    from bosocdata.indicators.engines.spark import compute_indicators_spark

    catalogue = portable(load_catalogue())
    con = duckdb.connect(str(store[0]), read_only=True)
    try:
        on_duckdb = compute_indicators(con, catalogue, years, period=period)
    finally:
        con.close()
    on_spark = compute_indicators_spark(spark, store[1], catalogue, years, period=period)
    return on_duckdb, on_spark


def assert_same_table(expected: pd.DataFrame, actual: pd.DataFrame) -> None:
    assert list(actual.columns) == list(expected.columns)
    assert actual.dtypes.to_dict() == expected.dtypes.to_dict()
    e = expected.sort_values(KEYS).reset_index(drop=True)
    a = actual.sort_values(KEYS).reset_index(drop=True)
    assert len(a) == len(e), f"{len(a)} rows on Spark, {len(e)} on DuckDB"
    for column in e.columns:
        if pd.api.types.is_float_dtype(e[column]):
            wrong = ~np.isclose(a[column], e[column], rtol=1e-9, atol=0.0, equal_nan=True)
        else:
            wrong = (a[column] != e[column]).to_numpy()
        if wrong.any():
            first = e.loc[wrong, KEYS].iloc[0].to_dict()
            raise AssertionError(
                f"{column} differs in {int(wrong.sum())} rows, first {first}: "
                f"DuckDB {e.loc[wrong, column].iloc[0]!r}, Spark {a.loc[wrong, column].iloc[0]!r}"
            )


def test_the_catalogue_on_spark_equals_duckdb_row_for_row(
    spark: Any, store: tuple[Path, Path]
) -> None:
    on_duckdb, on_spark = both(spark, store, [YEAR])
    # the comparison means something: every indicator counted something in the municipality
    whole = on_duckdb.table[on_duckdb.table.area_id == "__all__"]
    assert set(whole[whole.numerator > 0].indicator_id) == set(whole.indicator_id)
    assert_same_table(on_duckdb.table, on_spark.table)
    assert on_spark.not_available == on_duckdb.not_available
    assert on_spark.periods == on_duckdb.periods == [YEAR]
    # frames, indicators run alone, and indicators of one population counted together
    assert {k.split(":")[0] for k in on_spark.timings} == {"frame", "indicator", "indicators"}


def test_quarterly_periods_on_spark_equal_duckdb(spark: Any, store: tuple[Path, Path]) -> None:
    from bosocdata.indicators.engines.spark import compute_indicators_spark

    full = load_catalogue()
    # a condition on residents at R, and events in W at the area's addresses
    ids = ["voksne_uden_for_arbejdsmarkedet", "anmeldelser"]
    catalogue = Catalogue({i: full.get(i) for i in ids})
    con = duckdb.connect(str(store[0]), read_only=True)
    try:
        on_duckdb = compute_indicators(con, catalogue, [YEAR], period="quarter")
    finally:
        con.close()
    on_spark = compute_indicators_spark(spark, store[1], catalogue, [YEAR], period="quarter")
    assert on_spark.periods == [YEAR * 10 + q for q in (1, 2, 3, 4)]
    assert_same_table(on_duckdb.table, on_spark.table)


def test_default_years_are_the_same_on_spark(spark: Any, store: tuple[Path, Path]) -> None:
    from bosocdata.indicators.engines.spark import SparkEngine, register_tables

    engine = SparkEngine(spark, register_tables(spark, store[1]))
    con = duckdb.connect(str(store[0]), read_only=True)
    try:
        expected = default_years(con)
    finally:
        con.close()
    assert expected  # the synthetic delivery covers 2010-2025
    assert default_years(engine) == expected


def test_a_folder_without_the_required_registers_is_refused(
    spark: Any, store: tuple[Path, Path], tmp_path: Path
) -> None:
    from bosocdata.indicators.engines.spark import compute_indicators_spark

    shutil.copy(store[1] / "persons.parquet", tmp_path / "persons.parquet")
    with pytest.raises(BosocError, match="addresses, areas, residences are missing"):
        compute_indicators_spark(spark, tmp_path, load_catalogue(), [YEAR])
    with pytest.raises(BosocError, match="no such folder"):
        compute_indicators_spark(spark, tmp_path / "nowhere", load_catalogue(), [YEAR])
