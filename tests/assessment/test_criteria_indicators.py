"""The criteria's indicators are written once, in the rule sets: `bosoc compute` and the
twins' default read them from there."""

from __future__ import annotations

import pytest

from bosocdata.assessment.config import default_config
from bosocdata.assessment.rulesets import RuleSetError, criteria_indicators, load_rule_sets

# INDICATORS.md's official criteria and the input columns of `bosoc criteria`
# (docs/concepts/official-criteria.md), in the order of § 61 a, stk. 1, nr. 1-5.
EXPECTED = {
    "krit_uden_tilknytning": "uden_tilknytning_pct",
    "krit_domme": "domme_ratio",
    "krit_grundskole": "grundskole_pct",
    "krit_indkomst": "indkomst_pct",
    "krit_ikke_vestlige": "ikke_vestlige_pct",
}


def test_the_rule_sets_name_the_five_criteria_indicators_and_their_columns() -> None:
    found = criteria_indicators()
    assert list(found.items()) == list(EXPECTED.items())
    assert default_config().twins.indicators == list(EXPECTED)


def test_one_indicator_read_as_two_columns_is_refused() -> None:
    rule_sets = load_rule_sets()
    newest = rule_sets[-1]
    changed = newest.criteria[1].model_copy(update={"column": "other_pct"})
    broken = newest.model_copy(update={"criteria": [*newest.criteria, changed]})
    with pytest.raises(RuleSetError, match="reads indicator krit_"):
        criteria_indicators([*rule_sets[:-1], broken])
