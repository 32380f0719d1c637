"""The Spark engine: the same indicator SQL, transpiled by sqlglot, on a SparkSession.

The registers are read from Parquet (one `<register>.parquet` file or folder each, as
`engines.duckdb.export_store_parquet` writes them) or given as Spark DataFrames, and
registered as temporary views under their store names. The frames are cached temporary
views. Needs the optional extra `spark` (pyspark) and Java 17.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import sqlglot

from bosocdata.errors import BosocError
from bosocdata.indicators.catalogue import Catalogue
from bosocdata.indicators.compute import ComputeResult, compute_on
from bosocdata.indicators.engines.dialects import SPARK, Dialect
from bosocdata.indicators.frames import PeriodKind
from bosocdata.indicators.schema import REGISTER_COLUMNS, REQUIRED_REGISTERS

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

#: A folder of Parquet files, or register name -> Spark DataFrame or Parquet path.
TableSource = str | os.PathLike[str] | Mapping[str, "DataFrame | str | os.PathLike[str]"]

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


class SparkEngine:
    """An `Engine` on a SparkSession whose registers are temporary views."""

    def __init__(self, spark: SparkSession, registers: set[str]) -> None:
        self.spark = spark
        self.registers = set(registers)

    @property
    def dialect(self) -> Dialect:
        return SPARK

    def _sql(self, sql: str) -> DataFrame:
        spark_sql = ";\n".join(sqlglot.transpile(sql, read="duckdb", write=self.dialect.name))
        return self.spark.sql(spark_sql)

    def tables(self) -> set[str]:
        return set(self.registers)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self._sql(sql).collect()]

    def df(self, sql: str) -> pd.DataFrame:
        frame = self._sql(sql)
        rows = frame.collect()
        return pd.DataFrame([tuple(r) for r in rows], columns=frame.columns).astype(
            _pandas_types(frame)
        )

    def create_frame(self, name: str, sql: str) -> None:
        spark_sql = ";\n".join(sqlglot.transpile(sql, read="duckdb", write=self.dialect.name))
        if self.dialect.drop_frame:
            self.spark.sql(self.dialect.drop_frame.format(name=name))
        self.spark.sql(self.dialect.create_frame.format(name=name, sql=spark_sql))

    @contextmanager
    def session(self) -> Iterator[None]:
        conf = self.spark.conf
        before = {key: conf.get(key, None) for key in self.dialect.settings}
        for key, value in self.dialect.settings.items():
            conf.set(key, value)
        try:
            yield
        finally:
            for key, previous in before.items():
                if previous is None:
                    conf.unset(key)
                else:
                    conf.set(key, previous)


def _pandas_types(frame: DataFrame) -> dict[str, str]:
    """Numeric columns as numpy types, so an all-NULL double column is float (NaN)."""
    kinds = {"double": "float64", "float": "float64", "bigint": "int64", "int": "int64"}
    out = {}
    for field in frame.schema.fields:
        kind = kinds.get(field.dataType.simpleString())
        if kind == "float64" or (kind is not None and not field.nullable):
            out[field.name] = kind
    return out


def register_tables(spark: SparkSession, source: TableSource) -> set[str]:
    """Register the store's tables of `source` as temporary views; their names.

    `source` is a folder holding `<register>.parquet` (a file or a folder of parts), or
    a mapping of register name to a Spark DataFrame or a Parquet path. Only the names
    the indicators know (`schema.REGISTER_COLUMNS`) are registered; the four required
    registers must be there.
    """
    frames = _frames(spark, source)
    missing = sorted(REQUIRED_REGISTERS - set(frames))
    if missing:
        raise BosocError(
            f"{_describe(source)}: the required registers {', '.join(missing)} are missing",
            hint="export the store with bosocdata.indicators.engines.duckdb."
            "export_store_parquet, or give every register",
        )
    for name, frame in frames.items():
        frame.createOrReplaceTempView(name)
    return set(frames)


def _frames(spark: SparkSession, source: TableSource) -> dict[str, DataFrame]:
    if isinstance(source, Mapping):
        items = {str(k): v for k, v in source.items()}
    else:
        folder = Path(source)
        if not folder.is_dir():
            raise BosocError(
                f"{folder}: no such folder of Parquet files",
                hint="give the folder export_store_parquet wrote, on storage the cluster reads",
            )
        items = {p.name.removesuffix(".parquet"): str(p) for p in folder.glob("*.parquet")}
    frames = {}
    for name, value in sorted(items.items()):
        if not _NAME.match(name) or name not in REGISTER_COLUMNS:
            continue
        if isinstance(value, str | os.PathLike):
            frames[name] = spark.read.parquet(str(value))
        else:
            frames[name] = value
    return frames


def _describe(source: TableSource) -> str:
    return "the tables given" if isinstance(source, Mapping) else str(source)


def compute_indicators_spark(
    spark: SparkSession,
    source: TableSource,
    catalogue: Catalogue,
    years: list[int] | None = None,
    period: str = "year",
) -> ComputeResult:
    """`compute_indicators` on Spark: the same table (columns, types and rows).

    The registers come from `source` (see `register_tables`); the frames are cached
    temporary views of `spark`, left in place (as DuckDB's temporary tables are) until
    the session ends or the next computation replaces them. An indicator the engine
    cannot run stops everything before it starts (`portability.NotPortable`).
    """
    engine = SparkEngine(spark, register_tables(spark, source))
    return compute_on(engine, catalogue, years, PeriodKind(period))
