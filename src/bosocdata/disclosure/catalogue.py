"""What disclosure control reads from the indicator catalogue.

What each numerator counts (which threshold rule applies), which indicators share a
population (a denominator hidden in one must be hidden in all), and how age-defined
populations add up (18+ = all - 0-17).
"""

from __future__ import annotations

import json

import pandas as pd

from bosocdata.disclosure.ages import AgeRange, IndicatorAges
from bosocdata.indicators import Catalogue, Definition
from bosocdata.indicators.blocks import Age, Block
from bosocdata.indicators.model import Subject


def numerator_kind(definition: Definition) -> str:
    """What the numerator counts: `persons` (or households), `events`, or a `sum`."""
    if definition.numerator.mean_of is not None:
        return "sum"
    if definition.numerator.place_events is not None:
        return "events"
    return "persons"


def with_numerator_kind(table: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """The indicator table with a `numerator_kind` column, which disclosure control reads."""
    kinds = {d.id: numerator_kind(d) for d in catalogue}
    return table.assign(numerator_kind=table["indicator_id"].map(kinds))


def denominator_groups(catalogue: Catalogue) -> dict[str, str]:
    """indicator_id -> a key shared by the indicators that have the same population.

    Indicators with the same population definition publish the same denominator for an
    area and period; disclosure control must hide such a denominator in all of them.
    """
    return {d.id: population_key(d) for d in catalogue}


def population_key(definition: Definition) -> str:
    """The population as text: its subject and each condition's kind and settings."""
    conditions = [
        [type(block).__name__, block.model_dump(mode="json", serialize_as_any=True)]
        for block in definition.population.where
    ]
    return json.dumps([definition.population.of.value, conditions], sort_keys=True)


def age_structure(catalogue: Catalogue) -> dict[str, IndicatorAges]:
    """indicator_id -> the residents counts of an age range its rows show.

    For every indicator whose population is residents selected by age alone: those
    ages (its denominator counts them), and, where its numerator narrows them by age
    alone, the ages its numerator counts (`boern_unge_under_18`: all residents, 0-17).
    Disclosure control relates such counts across indicators (18+ = all - 0-17).
    """
    structure = {}
    for definition in catalogue:
        population = pure_ages(definition.population.where)
        if definition.population.of is not Subject.residents or population is None:
            continue
        numerator = definition.numerator
        counted = None
        if numerator.place_events is None and numerator.mean_of is None and numerator.where:
            counted = pure_ages([*definition.population.where, *numerator.where])
        structure[definition.id] = IndicatorAges(population, counted)
    return structure


def pure_ages(blocks: list[Block]) -> AgeRange | None:
    """The ages [low, high] that `blocks` select, if they select by age alone."""
    low, high = 0, None
    for block in blocks:
        if not isinstance(block, Age):
            return None
        low = max(low, block.min if block.min is not None else 0)
        if block.max is not None:
            high = block.max if high is None else min(high, block.max)
    if high is not None and high < low:
        return None
    return low, high
