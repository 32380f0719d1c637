"""Versioned rule sets of the official criteria (almenboligloven § 61 a / § 61 b).

One YAML file per law version lives in this folder; a new law version is a new file.
"""

from bosocdata.assessment.rulesets.loader import (
    BUILT_IN_DIR,
    RuleSetError,
    criteria_indicators,
    load_rule_sets,
    rule_set_for_year,
)
from bosocdata.assessment.rulesets.model import (
    AtLeast,
    Category,
    Consecutive,
    Criterion,
    Distance,
    ListYears,
    Operator,
    RuleSet,
)
from bosocdata.assessment.rulesets.thresholds import (
    count_to_flip,
    exact,
    is_met,
    persons_to_flip,
)

__all__ = [
    "BUILT_IN_DIR",
    "AtLeast",
    "Category",
    "Consecutive",
    "Criterion",
    "Distance",
    "ListYears",
    "Operator",
    "RuleSet",
    "RuleSetError",
    "count_to_flip",
    "criteria_indicators",
    "exact",
    "is_met",
    "load_rule_sets",
    "persons_to_flip",
    "rule_set_for_year",
]
