"""The true rates: per area (and the ordinary neighbourhoods), per year, per indicator.

A rate's log-odds is the profile's base, plus a deviation for the area (one shared by
all its indicators and one per indicator), plus the area's trend times the years since
the first year, plus a small random walk, plus any intervention effect from its start
year on. The ordinary neighbourhoods (`__rest__`) get the low `rest` base and no trend.
The probabilities computed here are exactly those the registers are drawn from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import expit, logit

from bosocdata.synth import catalogue as cat

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Rates:
    """Rates indexed [area, year]; area index len(AREAS) is the ordinary neighbourhoods."""

    years: tuple[int, ...]
    area_ids: tuple[str, ...]
    profile_index: npt.NDArray[np.int64]  # per area incl. rest, index into PROFILES
    person: dict[str, FloatArray]  # probability 0-1 of the numerator property
    no_status: FloatArray  # probability of no labour status, residents 18-64
    place: dict[str, FloatArray]  # expected events per household and year
    other_incidents: FloatArray
    fire: FloatArray
    interventions: tuple[tuple[str, int, str, float, float], ...]  # + effect in pp

    @property
    def rest_index(self) -> int:
        return len(self.area_ids) - 1

    def year_index(self, year: int) -> int:
        return year - self.years[0]


def area_ids() -> tuple[str, ...]:
    return tuple(f"BO{i + 1:02d}" for i in range(len(cat.AREAS)))


def build_rates(years: tuple[int, int], rng: np.random.Generator) -> Rates:
    first, last = years
    year_list = tuple(range(first, last + 1))
    n_years = len(year_list)
    ids = (*area_ids(), cat.REST)
    n = len(ids)
    profile = np.array(
        [cat.PROFILES.index(a.profile) for a in cat.AREAS] + [cat.PROFILES.index("rest")]
    )
    slope = np.array([cat.TREND_SLOPE[a.trend] for a in cat.AREAS] + [0.0])
    elapsed = np.arange(n_years, dtype=np.float64)
    shared = rng.normal(0.0, cat.AREA_SHARED_SD, n)
    shared[-1] = 0.0

    def log_odds(base_pct: tuple[float, ...], own_sd: float, drift_sd: float) -> FloatArray:
        base = logit(np.asarray(base_pct)[profile] / 100.0)
        own = rng.normal(0.0, own_sd, n)
        walk = np.cumsum(rng.normal(0.0, drift_sd, (n, n_years)), axis=1)
        walk[:, 0] = 0.0
        result: FloatArray = (
            (base + shared + own)[:, None] + slope[:, None] * elapsed[None, :] + walk
        )
        result[-1] = base[-1] + walk[-1] / 2.0  # the ordinary neighbourhoods barely move
        return result

    person_logit = {
        key: log_odds(base, cat.AREA_INDICATOR_SD, cat.DRIFT_SD)
        for key, base in cat.BASE_RATES_PCT.items()
    }
    interventions = []
    for item in cat.INTERVENTIONS:
        if not first <= item.start_year <= last:
            continue
        a = [spec.name for spec in cat.AREAS].index(item.area)
        y = item.start_year - first
        before = expit(person_logit[item.indicator_id][a, y])
        person_logit[item.indicator_id][a, y:] += item.effect
        after = expit(person_logit[item.indicator_id][a, y])
        effect_pp = round(float(after - before) * 100.0, 4)
        interventions.append((ids[a], item.start_year, item.indicator_id, item.effect, effect_pp))
    person = {key: expit(value) for key, value in person_logit.items()}
    # Health-related transfers are a subset of being outside the labour market.
    person["helbredsbetinget_overfoersel"] = np.minimum(
        person["helbredsbetinget_overfoersel"], 0.8 * person["voksne_uden_for_arbejdsmarkedet"]
    )
    person = {key: np.round(value, 6) for key, value in person.items()}
    no_status = np.round(expit(log_odds(cat.NO_STATUS_PCT, 0.1, 0.02)), 6)

    def per_household(base_per100: tuple[float, ...]) -> FloatArray:
        level = np.asarray(base_per100)[profile] / 100.0
        own = rng.normal(0.0, 0.15, n)
        factor = np.exp((shared + own)[:, None] + 0.8 * slope[:, None] * elapsed[None, :])
        factor[-1] = 1.0
        return np.round(level[:, None] * factor, 6)

    place = {key: per_household(base) for key, base in cat.BASE_PLACE_PER100HH.items()}
    return Rates(
        years=year_list,
        area_ids=ids,
        profile_index=profile,
        person=person,
        no_status=no_status,
        place=place,
        other_incidents=per_household(cat.OTHER_INCIDENTS_PER100HH),
        fire=per_household(cat.FIRE_PER100HH),
        interventions=tuple(interventions),
    )
