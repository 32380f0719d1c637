"""The plain-language Danish sentence of a definition, generated from its blocks."""

from __future__ import annotations

from bosocdata.indicators.blocks import Age, Block
from bosocdata.indicators.model import Definition, Subject, Unit

UNIT_DA = {
    Unit.pct: "i procent",
    Unit.per100hh: "pr. 100 husstande",
    Unit.per1000: "pr. 1.000 beboere",
    Unit.dkk: "i kroner",
    Unit.ratio: "som et multiplum af referenceværdien",
}


def _population(definition: Definition) -> str:
    if definition.population.of is Subject.households:
        noun = "husstande (boliger med mindst én beboer på referencedatoen 1. januar)"
    else:
        noun = "beboere"
    ages = [b for b in definition.population.where if isinstance(b, Age)]
    others: list[Block] = [b for b in definition.population.where if not isinstance(b, Age)]
    text = noun
    if ages:
        text += " " + " og ".join(b.adjective() for b in ages)
    if others:
        text += ", som " + " og ".join(b.da() for b in others) + ","
    return text


def sentence_da(definition: Definition) -> str:
    if definition.sentence_da:
        return definition.sentence_da
    population = _population(definition)
    num = definition.numerator
    if num.place_events is not None:
        text = f"Antallet af {num.place_events.da()} {UNIT_DA[definition.unit]}"
    elif num.mean_of is not None:
        text = f"Gennemsnittet af {num.mean_of.da()} blandt {population.rstrip(',')}"
    else:
        clauses = " og ".join(b.da() for b in num.where)
        text = f"Andelen af {population}{'' if population.endswith(',') else ','} der {clauses}"
    rule = definition.value
    if rule is not None:
        if rule.two_year_mean:
            text += "; gennemsnit af året og året før"
        if rule.reference is not None:
            text += f", divideret med referenceværdien `{rule.reference.key}`"
            if rule.multiply_by != 1:
                text += f" gange {rule.multiply_by:g}"
    return text + "."
