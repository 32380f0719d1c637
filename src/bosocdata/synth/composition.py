"""The planted composition change (catalogue.COMPOSITION_CHANGES): different in-movers.

From `from_year` on, a person-year in the area whose person did not live there on
1 January of `from_year` gets the shifted probability; everybody else keeps the area's
rate. No random numbers are drawn here, so the rest of the delivery stays as it was.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.special import expit, logit

from bosocdata.synth import catalogue as cat
from bosocdata.synth.spells import PersonYears


def newcomers(py: PersonYears, change: cat.CompositionChange) -> npt.NDArray[np.bool_]:
    """Person-years in the area after `from_year` of persons not there on its 1 January."""
    area = [spec.name for spec in cat.AREAS].index(change.area)
    here = py.area == area
    settled = np.unique(py.person[here & (py.year == change.from_year)])
    return here & (py.year > change.from_year) & ~np.isin(py.person, settled)


def with_composition(
    p: npt.NDArray[np.float64], py: PersonYears, indicator_id: str
) -> npt.NDArray[np.float64]:
    """The probabilities `p` of the indicator, shifted for the planted newcomers."""
    out = p
    for change in cat.COMPOSITION_CHANGES:
        if change.indicator_id != indicator_id:
            continue
        new = newcomers(py, change)
        if new.any():
            out = out.copy()
            out[new] = expit(logit(out[new]) + change.shift)
    return out
