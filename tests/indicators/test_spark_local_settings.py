"""Local mode shuffles into 4 partitions per core; a cluster and a user's value are left
as they are (engines/spark_run.py). No Spark is started: the session is a stand-in with
the three things the setting reads and writes."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest

from bosocdata.indicators.engines.spark_run import _local_shuffle_partitions, local_cores


@dataclass
class _Conf:
    given: dict[str, str] = field(default_factory=dict)

    def contains(self, key: str) -> bool:
        return key in self.given


@dataclass
class _Context:
    master: str
    conf: _Conf

    def getConf(self) -> _Conf:
        return self.conf


@dataclass
class _RuntimeConf:
    values: dict[str, str] = field(default_factory=dict)

    def set(self, key: str, value: str) -> None:
        self.values[key] = value


@dataclass
class _Session:
    sparkContext: _Context
    conf: _RuntimeConf = field(default_factory=_RuntimeConf)


def _partitions(master: str, given: dict[str, str] | None = None) -> str | None:
    session = _Session(_Context(master, _Conf(given or {})))
    _local_shuffle_partitions(session)  # type: ignore[arg-type]
    return session.conf.values.get("spark.sql.shuffle.partitions")


@pytest.mark.parametrize(
    ("master", "cores"),
    [("local", 1), ("local[4]", 4), ("local[2,3]", 2), ("local[*]", os.cpu_count())],
)
def test_a_local_master_shuffles_into_four_partitions_per_core(master: str, cores: int) -> None:
    assert local_cores(master) == cores
    assert _partitions(master) == str(4 * cores)


@pytest.mark.parametrize("master", ["spark://head:7077", "yarn", "k8s://https://k:6443"])
def test_a_cluster_keeps_spark_s_own_setting(master: str) -> None:
    assert local_cores(master) is None
    assert _partitions(master) is None


def test_a_value_the_user_gave_is_kept() -> None:
    assert _partitions("local[2]", {"spark.sql.shuffle.partitions": "3"}) is None
