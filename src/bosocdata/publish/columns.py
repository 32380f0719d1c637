"""The columns of the indicator table: INTERFACE.md's, in order, then our additions."""

from __future__ import annotations

INTERFACE_COLUMNS: tuple[str, ...] = (
    "area_id",
    "area_name",
    "period",
    "indicator_id",
    "unit",
    "numerator",
    "denominator",
    "value",
    "ci_low",
    "ci_high",
    "benchmark",
    "comparison",
    "suppressed",
)

# Statistics added by the indicator-catalogue issue; present when computed.
STATISTICS_COLUMNS: tuple[str, ...] = (
    "direction",
    "ci99_low",
    "ci99_high",
    "trend",
    "trend_p",
    "trend_change",
    "funnel95_low",
    "funnel95_high",
    "funnel99_low",
    "funnel99_high",
    # which indicators share one population (denominator): the disclosure audit reads it
    "denominator_group",
    # persons, events or sum: what the numerator counts, which decides the threshold rule
    "numerator_kind",
)

ALL_NAME = "Hele kommunen"
REST_NAME = "Uden for boligområderne"
