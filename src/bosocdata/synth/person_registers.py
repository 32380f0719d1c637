"""Person registers drawn from the true rates of the area a person lives in at R.

For a period Y, every resident at R = 1 January Y belongs to the indicator population
by age at R, and has the numerator property with the probability of the area of their
address at R (cohort attribution: events fall on a day while they are still resident,
wherever they live then). Columns are returned as numpy arrays: `cpr` holds the
person's index, date columns hold days since 1970-01-01 (NO_DATE = empty).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bosocdata.codes import LABOUR_STATUSES
from bosocdata.synth import catalogue as cat
from bosocdata.synth.composition import with_composition
from bosocdata.synth.households import is_nonwestern_country
from bosocdata.synth.population import Population
from bosocdata.synth.rates import Rates
from bosocdata.synth.spells import (
    PersonYears,
    latent_uniform,
    spells_at_reference,
    spells_in_windows,
    uniform_day,
)

Columns = dict[str, npt.NDArray]
IntArray = npt.NDArray[np.int64]
_STATUS = {name: i for i, name in enumerate(LABOUR_STATUSES)}


def _rate(rates: Rates, indicator: str, py: PersonYears) -> npt.NDArray[np.float64]:
    return rates.person[indicator][py.area, py.year_index]


def _pick(rng: np.random.Generator, choices: tuple[tuple[str, float], ...], n: int) -> npt.NDArray:
    names = np.array([c for c, _ in choices])
    weights = np.array([w for _, w in choices])
    return names[rng.choice(len(names), n, p=weights / weights.sum())]


def _by_cumulative(
    u: npt.NDArray[np.float64], names: tuple[str, ...], weights: tuple[float, ...]
) -> IntArray:
    codes = np.array([_STATUS[name] for name in names])
    edges = np.cumsum(weights) / np.sum(weights)
    return codes[np.minimum(np.searchsorted(edges, u, side="right"), len(codes) - 1)]


def labour_market(
    py: PersonYears, pop: Population, rates: Rates, last_year: int, rng: np.random.Generator
) -> tuple[Columns, IntArray]:
    """The labour-market spells, and the status code at R of every person-year (-1 none)."""
    u = latent_uniform(py, pop.n_persons, 0.8, rng)
    v = rng.random(pop.n_persons)[py.person]  # which status within a group: per person
    w = rng.random(pop.n_persons)[py.person]
    age = py.age
    p_outside = with_composition(
        _rate(rates, "voksne_uden_for_arbejdsmarkedet", py), py, "voksne_uden_for_arbejdsmarkedet"
    )
    p_health = _rate(rates, "helbredsbetinget_overfoersel", py)
    p_none = rates.no_status[py.area, py.year_index]
    young = age < 40
    health = np.where(
        young,
        _by_cumulative(
            v,
            (
                "sygedagpenge",
                "ressourceforloeb",
                "jobafklaring",
                "ledighedsydelse",
                "foertidspension",
            ),
            (45, 25, 15, 10, 5),
        ),
        _by_cumulative(
            v,
            (
                "sygedagpenge",
                "ressourceforloeb",
                "jobafklaring",
                "ledighedsydelse",
                "foertidspension",
            ),
            (25, 10, 10, 15, 40),
        ),
    )
    immigrant = (pop.origin[py.person] == 2) & is_nonwestern_country(pop.country[py.person])
    other_outside = np.where(
        age < 30,
        _by_cumulative(v, ("uddannelseshjaelp", "ledig", "kontanthjaelp"), (45, 30, 25)),
        _by_cumulative(v, ("ledig", "kontanthjaelp"), (50, 50)),
    )
    other_outside = np.where(immigrant & (w < 0.35), _STATUS["integrationsydelse"], other_outside)
    new_mother = (~pop.male[py.person]) & (age >= 25) & (age <= 40) & (rng.random(len(py)) < 0.07)
    attached = np.select(
        [(age < 30) & (v < 0.5), new_mother, w < 0.07, w < 0.10],
        [_STATUS["uddannelse"], _STATUS["barsel"], _STATUS["selvstaendig"], _STATUS["fleksjob"]],
        default=_STATUS["beskaeftiget"],
    )
    working_age = np.select(
        [u < p_health, u < p_outside, u < p_outside + p_none],
        [health, other_outside, -1],
        default=attached,
    )
    status = np.select(
        [age < 15, age < 18, age < 65, age < 67],
        [
            -1,
            np.where(v < 0.8, _STATUS["uddannelse"], -1),
            working_age,
            np.where(
                v < 0.35,
                _STATUS["efterloen"],
                np.where(v < 0.7, _STATUS["beskaeftiget"], _STATUS["folkepension"]),
            ),
        ],
        default=_STATUS["folkepension"],
    )
    tracked = age >= 15
    spells = spells_at_reference(py.where(tracked), status[tracked], last_year=last_year, rng=rng)
    names = np.array(LABOUR_STATUSES)
    columns = {
        "cpr": spells.person,
        "start": spells.start,
        "end": spells.end,
        "status": names[spells.state],
    }
    return columns, status


def income(
    py: PersonYears, status: IntArray, rates: Rates, first_year: int, rng: np.random.Generator
) -> Columns:
    """Gross income of the calendar year before R, for residents 15-74 at R."""
    keep = (py.age >= 15) & (py.age <= 74)
    sub, st = py.where(keep), status[keep]
    base_by_status = np.array([cat.INCOME_BY_STATUS[s] for s in LABOUR_STATUSES])
    base = np.where(st >= 0, base_by_status[np.maximum(st, 0)], cat.INCOME_NO_STATUS)
    factor = np.asarray(cat.INCOME_FACTOR)[rates.profile_index[sub.area]]
    growth = (1.0 + cat.INCOME_GROWTH) ** (sub.year - 1 - first_year)
    noise = rng.lognormal(-0.06, 0.35, len(sub))
    gross = np.round(base * factor * growth * noise, -2)
    return {"cpr": sub.person, "year": sub.year - 1, "gross_income": gross}


def crime(py: PersonYears, rates: Rates, rng: np.random.Generator) -> tuple[Columns, Columns]:
    """Charges and convictions. Counted laws follow the rates; other laws are background."""
    youth = py.where((py.age >= 15) & (py.age <= 17))
    adults = py.where(py.age >= 18)
    # Young people: charges by rate; half of them convicted later the same year.
    charged_y = youth.where(rng.random(len(youth)) < _rate(rates, "sigtede_unge", youth))
    charge_y = uniform_day(charged_y, rng)
    law_y = _pick(rng, cat.LAWS_COUNTED, len(charged_y))
    convicted_y = rng.random(len(charged_y)) < 0.5
    verdict_y = charge_y + np.floor(
        rng.random(len(charged_y)) * (charged_y.exit - charge_y)
    ).astype(np.int64)
    # Adults: one uniform decides both, so convictions mostly come with a charge.
    u = rng.random(len(adults))
    charged_a = u < _rate(rates, "sigtede_voksne", adults)
    convicted_a = u < _rate(rates, "domme", adults)
    verdict_a = uniform_day(adults, rng)
    charge_a = np.where(
        convicted_a,
        adults.ref
        + np.floor(rng.random(len(adults)) * (verdict_a - adults.ref + 1)).astype(np.int64),
        uniform_day(adults, rng),
    )
    law_charge_a = _pick(rng, cat.LAWS_COUNTED, len(adults))
    law_verdict_a = np.where(
        charged_a & convicted_a, law_charge_a, _pick(rng, cat.LAWS_COUNTED, len(adults))
    )
    # Background: traffic and other laws, any resident from 15, not counted by the indicators.
    everyone = py.where(py.age >= 15)
    other = everyone.where(rng.random(len(everyone)) < 0.03)
    other_charge = uniform_day(other, rng)
    other_law = np.array(cat.LAWS_OTHER)[rng.integers(0, len(cat.LAWS_OTHER), len(other))]
    other_convicted = rng.random(len(other)) < 0.6
    other_verdict = other_charge + np.floor(
        rng.random(len(other)) * (other.exit - other_charge)
    ).astype(np.int64)
    charges = {
        "cpr": np.concatenate([charged_y.person, adults.person[charged_a], other.person]),
        "charge_date": np.concatenate([charge_y, charge_a[charged_a], other_charge]),
        "law": np.concatenate([law_y, law_charge_a[charged_a], other_law]),
    }
    convictions = {
        "cpr": np.concatenate(
            [
                charged_y.person[convicted_y],
                adults.person[convicted_a],
                other.person[other_convicted],
            ]
        ),
        "verdict_date": np.concatenate(
            [verdict_y[convicted_y], verdict_a[convicted_a], other_verdict[other_convicted]]
        ),
        "law": np.concatenate(
            [law_y[convicted_y], law_verdict_a[convicted_a], other_law[other_convicted]]
        ),
    }
    return charges, convictions


def notifications(py: PersonYears, rates: Rates, rng: np.random.Generator) -> Columns:
    children = py.where(py.age <= 17)
    notified = children.where(
        rng.random(len(children)) < _rate(rates, "underretninger_boern_unge", children)
    )
    again = notified.where(rng.random(len(notified)) < 0.3)
    return {
        "cpr": np.concatenate([notified.person, again.person]),
        "notification_date": np.concatenate([uniform_day(notified, rng), uniform_day(again, rng)]),
    }


def child_measures(
    py: PersonYears, pop: Population, rates: Rates, last_year: int, rng: np.random.Generator
) -> Columns:
    children = py.where(py.age <= 17)
    u = latent_uniform(py, pop.n_persons, 0.75, rng)[py.age <= 17]
    active = u < _rate(rates, "foranstaltninger_boern_unge", children)
    spells = spells_in_windows(children, active, last_year=last_year, rng=rng)
    kind = np.where(rng.random(len(spells.person)) < 0.25, "doegn", "dag")
    return {"cpr": spells.person, "kind": kind, "start": spells.start, "end": spells.end}


def leisure_enrolment(
    py: PersonYears, pop: Population, rates: Rates, last_year: int, rng: np.random.Generator
) -> Columns:
    tracked = (py.age >= 10) & (py.age <= 17)
    sub = py.where(tracked)
    u = latent_uniform(py, pop.n_persons, 0.6, rng)[tracked]
    state = np.where(u < _rate(rates, "uden_fritidstilbud", sub), -1, 0)
    spells = spells_at_reference(sub, state, last_year=last_year, rng=rng)
    return {"cpr": spells.person, "start": spells.start, "end": spells.end}


_ENROL_BY_AGE = np.array([0.35, 0.9, 0.9, 0.97, 0.97, 0.97, 0.85, 0.85, 0.85, 0.6, 0, 0, 0, 0])


def childcare_enrolment(
    py: PersonYears, pop: Population, rates: Rates, last_year: int, rng: np.random.Generator
) -> Columns:
    tracked = py.age <= 13
    sub = py.where(tracked)
    enrol_u = rng.random(pop.n_persons)[sub.person]
    kind_u = rng.random(pop.n_persons)[sub.person]
    enrolled = enrol_u < _ENROL_BY_AGE[sub.age]
    kind = np.select([sub.age <= 2, sub.age <= 5], [np.where(kind_u < 0.35, 0, 1), 2], default=3)
    free = latent_uniform(py, pop.n_persons, 0.85, rng)[tracked] < _rate(
        rates, "oekonomisk_friplads", sub
    )
    state = np.where(enrolled, kind * 2 + free, -1)
    spells = spells_at_reference(sub, state, last_year=last_year, rng=rng)
    pct = np.asarray(cat.FREE_PLACE_PCTS)[
        rng.integers(0, len(cat.FREE_PLACE_PCTS), len(spells.state))
    ]
    return {
        "cpr": spells.person,
        "kind": np.array(cat.CHILDCARE_KINDS)[spells.state // 2],
        "start": spells.start,
        "end": spells.end,
        "free_place_pct": np.where(spells.state % 2 == 1, pct, 0.0),
    }


def school_enrolment(
    py: PersonYears,
    pop: Population,
    district_school: IntArray,
    n_schools: int,
    last_year: int,
    rng: np.random.Generator,
    first_school: int = 0,
) -> Columns:
    """Pupils 6-16 at their district school, or (15 %) at another; changes in August.

    `first_school` numbers the schools on from an earlier part of the delivery."""
    sub = py.where((py.age >= 6) & (py.age <= 16))
    district = district_school[sub.address]
    commuter = rng.random(pop.n_persons)[sub.person] < 0.15
    other = (
        district + 1 + np.floor(rng.random(pop.n_persons)[sub.person] * (n_schools - 1))
    ) % n_schools
    school = np.where(commuter, other.astype(np.int64), district)
    spells = spells_at_reference(
        sub, school, last_year=last_year, rng=rng, change=(8, 11), end_without_successor=(6, 26)
    )
    return {
        "cpr": spells.person,
        "school_id": school_ids(n_schools, first_school)[spells.state],
        "start": spells.start,
        "end": spells.end,
    }


def school_ids(n_schools: int, first: int = 0) -> npt.NDArray[np.str_]:
    return np.array([f"SK{i + 1:03d}" for i in range(first, first + n_schools)])


def school_absence(py: PersonYears, rates: Rates, rng: np.random.Generator) -> Columns:
    """Absence in the school year that started in August before R (school_year = Y - 1)."""
    sub = py.where((py.age >= 6) & (py.age <= 16))
    sub = sub.where(rng.random(len(sub)) < 0.97)
    high = rng.random(len(sub)) < _rate(rates, "skolefravaer", sub)
    pct = np.where(
        high, 10.0 + 30.0 * rng.beta(1.2, 3.0, len(sub)), 9.9 * rng.beta(1.0, 3.0, len(sub))
    )
    pct = np.where(high, np.maximum(np.round(pct, 1), 10.0), np.minimum(np.round(pct, 1), 9.9))
    return {"cpr": sub.person, "school_year": sub.year - 1, "absence_pct": pct}


_MEDIAN_BMI = {5: 15.4, 9: 16.8, 13: 19.4}


def health_exams(
    py: PersonYears, pop: Population, rates: Rates, rng: np.random.Generator
) -> Columns:
    """School health examinations at ages 5, 9 and 13 (at R)."""
    sub = py.where(np.isin(py.age, list(_MEDIAN_BMI)))
    sub = sub.where(rng.random(len(sub)) < 0.9)
    height = (
        80.0
        + 6.0 * (sub.age + 0.5)
        + np.where(pop.male[sub.person], 1.0, -1.0)
        + rng.normal(0, 5.5, len(sub))
    )
    median = np.select(
        [sub.age == 5, sub.age == 9], [_MEDIAN_BMI[5], _MEDIAN_BMI[9]], default=_MEDIAN_BMI[13]
    )
    shift = np.asarray(cat.OVERWEIGHT_BMI_SHIFT)[rates.profile_index[sub.area]]
    bmi = median * np.exp(rng.normal(shift, 0.12))
    return {
        "cpr": sub.person,
        "exam_date": uniform_day(sub, rng),
        "height_cm": np.round(height, 1),
        "weight_kg": np.round(bmi * (height / 100.0) ** 2, 1),
    }


def language_assessments(py: PersonYears, rates: Rates, rng: np.random.Generator) -> Columns:
    """Assessments of children aged 2 and 5 at R; `fokuseret`/`saerlig` by the rate."""
    sub = py.where(np.isin(py.age, [2, 5]))
    sub = sub.where(rng.random(len(sub)) < 0.92)
    needs = rng.random(len(sub)) < _rate(rates, "sprogvurdering", sub)
    result = np.where(
        needs, np.where(rng.random(len(sub)) < 0.35, "saerlig", "fokuseret"), "generel"
    )
    return {"cpr": sub.person, "assessment_date": uniform_day(sub, rng), "result": result}


def library_loans(py: PersonYears, rates: Rates, rng: np.random.Generator) -> Columns:
    active = py.where(rng.random(len(py)) >= _rate(rates, "ikke_aktive_laanere", py))
    loans = 1 + rng.poisson(1.5, len(active))
    rows = np.repeat(np.arange(len(active)), loans)
    width = np.maximum(active.exit - active.ref, 1)[rows]
    return {
        "cpr": active.person[rows],
        "loan_date": active.ref[rows] + np.floor(rng.random(len(rows)) * width).astype(np.int64),
    }
