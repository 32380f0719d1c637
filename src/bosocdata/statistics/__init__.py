"""Statistics on every indicator cell: intervals, benchmark comparison, trend, funnel limits.

The pipeline calls `add_statistics`; the functions below it are the building blocks, each
vectorised over numpy arrays. Methods and references: docs/concepts/statistics.md.
"""

from __future__ import annotations

from bosocdata.statistics.comparison import compare_with_benchmark
from bosocdata.statistics.funnel import (
    funnel_curve,
    funnel_denominator_grid,
    mean_funnel_limits,
    proportion_funnel_limits,
    rate_funnel_limits,
)
from bosocdata.statistics.intervals import (
    byars_lower,
    byars_upper,
    exact_poisson_lower,
    exact_poisson_upper,
    mean_interval,
    poisson_interval,
    proportion_interval,
    rate_interval,
    wilson_interval,
)
from bosocdata.statistics.table import ADDED_COLUMNS, add_statistics, funnel_curves
from bosocdata.statistics.trend import (
    cochran_armitage,
    mean_trend,
    poisson_trend,
    trend_direction,
)

__all__ = [
    "ADDED_COLUMNS",
    "add_statistics",
    "byars_lower",
    "byars_upper",
    "cochran_armitage",
    "compare_with_benchmark",
    "exact_poisson_lower",
    "exact_poisson_upper",
    "funnel_curve",
    "funnel_curves",
    "funnel_denominator_grid",
    "mean_funnel_limits",
    "mean_interval",
    "mean_trend",
    "poisson_interval",
    "poisson_trend",
    "proportion_funnel_limits",
    "proportion_interval",
    "rate_funnel_limits",
    "rate_interval",
    "trend_direction",
    "wilson_interval",
]
