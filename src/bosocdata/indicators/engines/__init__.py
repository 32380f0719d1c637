"""Engines that run the indicator SQL: DuckDB (the default) and Apache Spark.

The definitions compile to one SQL text (DuckDB dialect); an engine runs it, transpiled
by sqlglot where needed. `dialects.py` lists what differs between the engines,
`portability.py` refuses, before anything runs, a definition an engine cannot run, and
`base.Engine` is what the computation (`compute.compute_on`) needs of an engine.
`spark.py` imports pyspark, the optional extra `spark`, so it is not imported here.
"""

from bosocdata.indicators.engines.base import Engine
from bosocdata.indicators.engines.dialects import DIALECTS, DUCKDB, SPARK, Dialect

__all__ = ["DIALECTS", "DUCKDB", "SPARK", "Dialect", "Engine"]
