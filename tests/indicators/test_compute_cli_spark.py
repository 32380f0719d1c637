"""`bosoc compute --engine spark` publishes what `bosoc compute` on DuckDB publishes.

One small synthetic delivery is ingested once; the home folder is copied, and each copy
is computed from the command line, one with `--engine duckdb`, one with `--engine
spark` (local Spark). Every table of the two published zones must hold the same rows
(floats to 1e-9 relative; only the time of computation may differ). Needs pyspark and
Java 17, unless BOSOC_SKIP_SPARK=1.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.slow


def bosoc(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, BOSOC_HOME=str(home), **env)
    environment.pop("BOSOC_KEY_FILE", None)
    environment.pop("BOSOC_ENGINE", None)
    return subprocess.run(
        [sys.executable, "-m", "bosocdata", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=1800,  # Spark on a shared 2-core machine can take a quarter of an hour
    )


@pytest.fixture(scope="module")
def homes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if os.environ.get("BOSOC_SKIP_SPARK") == "1":
        pytest.skip("BOSOC_SKIP_SPARK=1: the Spark engine is not tested")
    base = tmp_path_factory.mktemp("engines")
    synth = bosoc(
        base / "duckdb",
        "synth",
        str(base / "delivery"),
        "--scale",
        "0.01",
        "--area-size",
        "0.1",
        "--years",
        "2021-2025",
    )
    assert synth.returncode == 0, synth.stderr
    ingest = bosoc(base / "duckdb", "ingest", str(base / "delivery"))
    assert ingest.returncode == 0, ingest.stderr
    shutil.copytree(base / "duckdb", base / "spark")
    on_duckdb = bosoc(base / "duckdb", "compute", "--engine", "duckdb")
    assert on_duckdb.returncode == 0, on_duckdb.stderr
    on_spark = bosoc(
        base / "spark",
        "compute",
        "--engine",
        "spark",
        BOSOC_SPARK_MASTER="local[2]",
        PYSPARK_SUBMIT_ARGS="--conf spark.sql.shuffle.partitions=4 pyspark-shell",
    )
    assert on_spark.returncode == 0, on_spark.stderr
    return base / "duckdb", base / "spark"


def published(home: Path) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(home / "published" / "published.duckdb"), read_only=True)
    try:
        names = [r[0] for r in con.execute("SHOW TABLES").fetchall()]
        return {name: con.execute(f'SELECT * FROM "{name}"').df() for name in names}
    finally:
        con.close()


def in_order(frame: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in frame.columns if frame[c].dtype.kind not in "fc"]
    return frame.sort_values(keys).reset_index(drop=True) if keys else frame


def test_spark_publishes_the_same_tables_and_rows_as_duckdb(homes: tuple[Path, Path]) -> None:
    expected, actual = published(homes[0]), published(homes[1])
    assert set(actual) == set(expected)
    assert {"indicator_table", "index", "population", "priorities"} <= set(expected)
    for name, frame in expected.items():
        other = actual[name]
        if name == "meta":
            frame = frame[frame["key"] != "computed_at"]
            other = other[other["key"] != "computed_at"]
        assert list(other.columns) == list(frame.columns), name
        assert len(other) == len(frame), f"{name}: {len(other)} rows on Spark, {len(frame)}"
        e, a = in_order(frame), in_order(other)
        for column in e.columns:
            if e[column].dtype.kind == "f":
                assert np.allclose(
                    a[column].to_numpy(float), e[column].to_numpy(float), rtol=1e-9, equal_nan=True
                ), f"{name}.{column}"
            else:
                assert a[column].astype(str).tolist() == e[column].astype(str).tolist(), (
                    f"{name}.{column}"
                )


def test_the_registers_spark_reads_stay_in_the_secure_zone_closed_to_others(
    homes: tuple[Path, Path],
) -> None:
    registers = homes[1] / "secure" / "spark" / "registers"
    assert (registers / "residences.parquet").is_dir()
    for path in [registers, *registers.rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    assert not (homes[1] / "spark-warehouse").exists()
    assert not (homes[0] / "secure" / "spark").exists(), "DuckDB writes no copy"


def test_the_shuffle_partitions_the_user_gave_are_kept(homes: tuple[Path, Path]) -> None:
    # the Spark run above was given 4 (PYSPARK_SUBMIT_ARGS); local mode's own default
    # (4 per core, engines/spark_run.py) must not replace it
    log = (homes[1] / "logs" / "bosoc.log").read_text(encoding="utf-8")
    assert "spark: master local[2], 4 shuffle partitions" in log
