"""The shared building blocks of indicator definitions.

A block is one condition on a *subject row*: a resident at R (alias `r`, columns of the
residents frame, see `frames.py`) or a household at R. Each block renders a boolean SQL
expression (DuckDB dialect, kept to what sqlglot can carry to Spark), a Danish clause
for the plain-language sentence, and the registers it reads. Definitions combine blocks;
no indicator has Python of its own.
"""

from __future__ import annotations

from bosocdata.indicators.blocks.base import (
    ANCHOR_DA,
    OP_DA,
    OPEN_END,
    REGISTER_DA,
    Anchor,
    Block,
    Compare,
    EventBlock,
    Issue,
    RegisterBlock,
    Scalar,
    SqlContext,
    in_list,
    literal,
    noun_da,
)
from bosocdata.indicators.blocks.household import HouseholdMovedOut
from bosocdata.indicators.blocks.person import (
    Age,
    EnrolledAtDistrictSchool,
    EventBefore,
    EventInWindow,
    GrundskoleCohort,
    HasDistrictSchool,
    LatestInWindow,
    NonWesternOrigin,
    Not,
    OverlapsWindow,
    RowOfYear,
    StatusAt,
    Test,
    YouthEducation,
    YouthState,
    iotf_values_sql,
)

BLOCKS: dict[str, type[Block]] = {
    b.name: b
    for b in (
        Age,
        StatusAt,
        OverlapsWindow,
        EventInWindow,
        EventBefore,
        RowOfYear,
        LatestInWindow,
        NonWesternOrigin,
        HasDistrictSchool,
        EnrolledAtDistrictSchool,
        GrundskoleCohort,
        YouthEducation,
        Not,
        HouseholdMovedOut,
    )
}

__all__ = [
    "ANCHOR_DA",
    "BLOCKS",
    "OPEN_END",
    "OP_DA",
    "REGISTER_DA",
    "Age",
    "Anchor",
    "Block",
    "Compare",
    "EnrolledAtDistrictSchool",
    "EventBefore",
    "EventBlock",
    "EventInWindow",
    "GrundskoleCohort",
    "HasDistrictSchool",
    "HouseholdMovedOut",
    "Issue",
    "LatestInWindow",
    "NonWesternOrigin",
    "Not",
    "OverlapsWindow",
    "RegisterBlock",
    "RowOfYear",
    "Scalar",
    "SqlContext",
    "StatusAt",
    "Test",
    "YouthEducation",
    "YouthState",
    "in_list",
    "iotf_values_sql",
    "literal",
    "noun_da",
]
