"""The planted composition change shifts the newcomers only, without drawing anything new."""

from __future__ import annotations

import numpy as np
from scipy.special import expit, logit

from bosocdata.synth import catalogue as cat
from bosocdata.synth.composition import newcomers, with_composition
from bosocdata.synth.spells import PersonYears

CHANGE = cat.COMPOSITION_CHANGES[0]
AREA = [a.name for a in cat.AREAS].index(CHANGE.area)


def person_years(rows: list[tuple[int, int, int]]) -> PersonYears:
    """(person, year, area) rows; the other columns do not matter here."""
    person, year, area = (np.array(c, dtype=np.int64) for c in zip(*rows, strict=True))
    zero = np.zeros(len(rows), dtype=np.int64)
    return PersonYears(person, year, zero, area, zero, zero, zero, zero, zero)


def test_only_persons_who_came_after_the_first_year_are_newcomers() -> None:
    y = CHANGE.from_year
    py = person_years(
        [
            (1, y, AREA), (1, y + 1, AREA),  # lived there on 1 January of y: a stayer
            (2, y, AREA + 1), (2, y + 1, AREA),  # moved in during y: a newcomer in y+1
            (3, y + 2, AREA),  # came later: a newcomer
            (4, y - 1, AREA + 1), (4, y, AREA + 1),  # never there
        ]
    )  # fmt: skip
    assert newcomers(py, CHANGE).tolist() == [False, False, False, True, True, False, False]


def test_the_newcomers_probability_is_shifted_on_the_log_odds_scale() -> None:
    y = CHANGE.from_year
    py = person_years([(1, y, AREA), (1, y + 1, AREA), (2, y + 1, AREA)])
    p = np.array([0.3, 0.3, 0.3])
    shifted = with_composition(p, py, CHANGE.indicator_id)
    assert shifted[:2].tolist() == [0.3, 0.3]
    assert shifted[2] == expit(logit(0.3) + CHANGE.shift)
    assert with_composition(p, py, "sigtede_unge") is p  # other indicators untouched
