"""Which indicators a reader sees first: read from the assessment configuration.

`featured.front_page` are the front page's columns, `featured.yearly_report` the yearly
report's overview, and the residents of an area are the denominator of
`population_indicator` (src/bosocdata/assessment/config/default.yaml): ids live in
configuration, not in the code of the pages.
"""

from __future__ import annotations

from functools import cache

from bosocdata.assessment.config import AssessmentConfig, default_config


@cache
def _config() -> AssessmentConfig:
    return default_config()


def front_page_indicators() -> tuple[str, ...]:
    return tuple(_config().featured.front_page)


def yearly_report_indicators() -> tuple[str, ...]:
    return tuple(_config().featured.yearly_report)


def residents_indicator() -> str:
    """The indicator whose denominator is every resident of the area."""
    return _config().population_indicator
