"""Comparison with the benchmark, honouring the indicator's direction."""

from __future__ import annotations

import numpy as np

from bosocdata.statistics import compare_with_benchmark

#: Benchmark 20. Intervals: entirely above, entirely below, straddling, touching from above.
LOW = [22.0, 15.0, 18.0, 20.0]
HIGH = [30.0, 19.0, 25.0, 26.0]


def test_up_is_worse_above_is_worse_below_is_better():
    result = compare_with_benchmark(LOW, HIGH, 20.0, "up_is_worse")
    assert list(result) == ["worse", "better", "similar", "similar"]


def test_down_is_worse_above_is_better_below_is_worse():
    result = compare_with_benchmark(LOW, HIGH, 20.0, "down_is_worse")
    assert list(result) == ["better", "worse", "similar", "similar"]


def test_directions_per_row():
    result = compare_with_benchmark(
        [22.0, 22.0], [30.0, 30.0], [20.0, 20.0], np.array(["up_is_worse", "down_is_worse"])
    )
    assert list(result) == ["worse", "better"]


def test_missing_interval_or_benchmark_gives_no_comparison():
    result = compare_with_benchmark([np.nan, 22.0], [np.nan, 30.0], [20.0, np.nan], "up_is_worse")
    assert list(result) == [None, None]
