"""New households: who lives together when a dwelling is first filled or someone moves in."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bosocdata.synth import catalogue as cat

IntArray = npt.NDArray[np.int64]

# Per household type (catalogue.HOUSEHOLD_TYPES): age range of the first adult, a second
# adult, children.
_AGE_LOW = np.array([19, 30, 65, 22, 36, 65, 25, 22])
_AGE_HIGH = np.array([29, 64, 95, 35, 64, 90, 50, 48])
_COUPLE = np.array([False, False, False, True, True, True, True, False])
_CHILDREN = np.array([False, False, False, False, False, False, True, True])
_NONWESTERN = np.array([c for c, _ in cat.NONWESTERN_COUNTRIES])
_NONWESTERN_CODE = np.array([cat.COUNTRIES.index(c) for c, _ in cat.NONWESTERN_COUNTRIES])
_NONWESTERN_P = np.array([w for _, w in cat.NONWESTERN_COUNTRIES])
_WESTERN_CODE = np.array([cat.COUNTRIES.index(c) for c, _ in cat.WESTERN_COUNTRIES])
_WESTERN_P = np.array([w for _, w in cat.WESTERN_COUNTRIES])


@dataclass(frozen=True)
class NewPersons:
    household: IntArray  # 0..n_households-1
    birth: IntArray
    male: npt.NDArray[np.bool_]
    origin: npt.NDArray[np.int8]
    country: npt.NDArray[np.int16]


def categorical(rng: np.random.Generator, probabilities: npt.NDArray[np.float64]) -> IntArray:
    """One draw per row of a (n, k) table of probabilities (rows sum to 1)."""
    cumulative = np.cumsum(probabilities, axis=1)
    u = rng.random(len(probabilities))[:, None] * cumulative[:, -1:]
    return np.minimum((u >= cumulative).sum(axis=1), probabilities.shape[1] - 1)


def is_nonwestern_country(country: npt.NDArray[np.integer]) -> npt.NDArray[np.bool_]:
    return np.isin(country, _NONWESTERN_CODE)


def new_households(
    profile: IntArray, ref_day: IntArray, *, migrant: bool, rng: np.random.Generator
) -> NewPersons:
    """Households for dwellings of the given profiles, aged as of `ref_day` (per household)."""
    n = len(profile)
    mix = np.asarray(cat.HOUSEHOLD_MIX)[profile]
    if migrant:
        mix = 0.5 * mix + 0.5 * np.asarray(cat.MIGRANT_MIX)[None, :]
    kind = categorical(rng, mix)
    first_age = rng.integers(_AGE_LOW[kind], _AGE_HIGH[kind] + 1)
    couple = _COUPLE[kind]
    n_children = np.where(_CHILDREN[kind], rng.choice([1, 2, 3, 4], n, p=[0.4, 0.4, 0.15, 0.05]), 0)
    size = 1 + couple + n_children
    household = np.repeat(np.arange(n), size)
    rank = np.arange(len(household)) - np.repeat(np.cumsum(size) - size, size)
    second = couple[household] & (rank == 1)
    child = rank >= 1 + couple[household]
    first = rank == 0
    # Ages: the first adult is the mother in families; a partner is about her age.
    partner_age = np.clip(first_age + np.round(rng.normal(2, 3, n)), 18, 99).astype(np.int64)
    oldest_child = np.clip(first_age - 20, 0, 17)
    age = np.where(first, first_age[household], partner_age[household])
    age = np.where(child, np.floor(rng.random(len(household)) * (oldest_child[household] + 1)), age)
    coin = rng.random(n)
    first_male = np.select([couple, kind == 7], [False, coin < 0.15], default=coin < 0.5)
    male = np.where(first, first_male[household], np.where(second, ~first_male[household], False))
    male = np.where(child, rng.random(len(household)) < 0.51, male)
    birth = ref_day[household] - np.floor((age + rng.random(len(household))) * 365.2425).astype(
        np.int64
    )
    origin, country = _origins(profile, household, child, age, rng)
    return NewPersons(household, birth, male.astype(bool), origin, country)


def _origins(
    profile: IntArray,
    household: IntArray,
    child: npt.NDArray[np.bool_],
    age: npt.NDArray[np.float64],
    rng: np.random.Generator,
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int16]]:
    n = len(profile)
    nonwestern = np.asarray(cat.NONWESTERN_HH_SHARE)[profile]
    western = np.asarray(cat.WESTERN_HH_SHARE)[profile]
    u = rng.random(n)
    hh_class = np.where(u < nonwestern, 2, np.where(u < nonwestern + western, 1, 0))
    hh_country = np.where(
        hh_class == 2,
        rng.choice(_NONWESTERN_CODE, n, p=_NONWESTERN_P),
        np.where(hh_class == 1, rng.choice(_WESTERN_CODE, n, p=_WESTERN_P), 0),
    )
    immigrant_household = hh_class[household] > 0
    born_here = np.where(
        child, rng.random(len(household)) < 0.75, (age < 40) & (rng.random(len(household)) < 0.2)
    )
    origin = np.where(immigrant_household, np.where(born_here, 3, 2), 1).astype(np.int8)
    return origin, hh_country[household].astype(np.int16)
