"""`bosoc compute --engine spark`: the store's registers to Parquet, then Spark.

The secure store stays the one source: before each computation its registers are
written as Parquet (a folder of part files per register, folders 0700) where Spark
reads them, `BOSOC_SPARK_REGISTERS`, and a SparkSession on `BOSOC_SPARK_MASTER` (or
spark-submit's `--master`) computes the catalogue from them. Spark's scratch space
(`spark.local.dir`) and warehouse are kept inside the secure zone too. Only the
per-area aggregates come back; statistics, disclosure control and publication run on
them exactly as after DuckDB.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from bosocdata.errors import BosocError
from bosocdata.indicators.catalogue import Catalogue
from bosocdata.indicators.compute import ComputeResult
from bosocdata.indicators.engines.duckdb import register_select, store_tables
from bosocdata.indicators.schema import REGISTER_COLUMNS
from bosocdata.settings import Paths, spark_registers_dir

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# Part files of about this size: a large register is read by many tasks at once, a
# small one stays one file. Partitioning by a column would not pay: every indicator
# reads every year of its registers, so nothing could be skipped.
PART_FILE_BYTES = "128MB"


logger = logging.getLogger("bosocdata.indicators.engines.spark")


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    return path


def export_for_spark(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[str]:
    """Write the store's registers to `out_dir/<register>.parquet/` (part files).

    The new set is written beside the old one and swapped in whole, so Spark never
    reads half a set; the folders are 0700 (they hold pseudonymised person data).
    """
    _private_dir(out_dir.parent)
    staging = out_dir.with_name(out_dir.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    _private_dir(staging)
    names = sorted(store_tables(con) & set(REGISTER_COLUMNS))
    for name in names:
        target = str(staging / f"{name}.parquet").replace("'", "''")
        con.execute(
            f"COPY ({register_select(con, name)}) TO '{target}' "
            f"(FORMAT parquet, COMPRESSION zstd, FILE_SIZE_BYTES '{PART_FILE_BYTES}')"
        )
    for folder in staging.rglob("*"):
        folder.chmod(0o700 if folder.is_dir() else 0o600)
    old = out_dir.with_name(out_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return names


def _master() -> str | None:
    """BOSOC_SPARK_MASTER; else spark-submit's --master (None); else local[*]."""
    configured = os.environ.get("BOSOC_SPARK_MASTER", "").strip()
    if configured:
        return configured
    if os.environ.get("PYSPARK_GATEWAY_PORT"):  # started by spark-submit
        return None
    return "local[*]"


def spark_session(paths: Paths) -> SparkSession:
    """A SparkSession whose scratch space and warehouse are inside the secure zone."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise BosocError(
            "--engine spark needs pyspark, which is not installed",
            hint="pip install -e '.[spark]' (pyspark 4.0.5 and Java 17)",
        ) from None
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise BosocError(
            "--engine spark needs Java 17, which is not found",
            hint="apt-get install -y openjdk-17-jre-headless, or set JAVA_HOME",
        )
    scratch = _private_dir(paths.secure_dir / "spark" / "tmp")
    builder = SparkSession.builder.appName("bosocdata")
    master = _master()
    if master is not None:
        builder = builder.master(master)
    spark = (
        builder.config("spark.sql.session.timeZone", "UTC")
        .config("spark.local.dir", str(scratch))
        .config("spark.sql.warehouse.dir", str(_private_dir(paths.secure_dir / "spark" / "wh")))
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    _local_shuffle_partitions(spark)
    logger.info(
        "spark: master %s, %s shuffle partitions",
        spark.sparkContext.master,
        spark.conf.get("spark.sql.shuffle.partitions"),
    )
    return spark


SHUFFLE_PARTITIONS_PER_CORE = 4


def _local_shuffle_partitions(spark: SparkSession) -> None:
    """On one machine, shuffle into 4 partitions per core instead of Spark's 200.

    Spark's default suits a cluster; in local mode each of the 200 tasks of every shuffle
    is scheduled on the same few cores (scale 1 on 2 cores: 345 s with 200, 256 s with
    8). A value the user gave (spark-defaults.conf, --conf) is kept, and so is every
    setting of a cluster.
    """
    context = spark.sparkContext
    if context.getConf().contains("spark.sql.shuffle.partitions"):
        return
    cores = local_cores(context.master or "")
    if cores is not None:
        spark.conf.set("spark.sql.shuffle.partitions", str(SHUFFLE_PARTITIONS_PER_CORE * cores))


def local_cores(master: str) -> int | None:
    """The cores of a local master (`local`, `local[4]`, `local[*]`, `local[2,3]`); None
    for a cluster."""
    found = re.fullmatch(r"local(?:\[(\*|\d+)(?:,\s*\d+)?\])?", master.strip())
    if found is None:
        return None
    threads = found.group(1)
    if threads is None:
        return 1
    if threads == "*":
        return os.cpu_count() or 1
    return int(threads)


def compute_store_on_spark(
    con: duckdb.DuckDBPyConnection,
    paths: Paths,
    catalogue: Catalogue,
    years: list[int] | None,
    period: str,
) -> ComputeResult:
    """The catalogue on Spark, from the registers of the store `con` is open on."""
    from bosocdata.indicators.engines.spark import compute_indicators_spark

    started = time.perf_counter()
    folder = spark_registers_dir(paths)
    export_for_spark(con, folder)
    exported = time.perf_counter() - started
    spark = spark_session(paths)
    try:
        result = compute_indicators_spark(spark, folder, catalogue, years, period)
    finally:
        spark.stop()
    result.timings["export registers for spark"] = exported
    return result
