"""The definition of one indicator, as read from its YAML file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from bosocdata.indicators.blocks import Block, EventBlock, RegisterBlock


class Unit(StrEnum):
    pct = "pct"
    per100hh = "per100hh"
    per1000 = "per1000"
    dkk = "dkk"
    ratio = "ratio"


class Direction(StrEnum):
    up_is_worse = "up_is_worse"
    down_is_worse = "down_is_worse"


class Theme(StrEnum):
    work_economy = "work_economy"
    children_youth = "children_youth"
    crime_safety = "crime_safety"
    education = "education"
    housing_stability = "housing_stability"
    participation = "participation"
    demography = "demography"
    official_criteria = "official_criteria"


class Subject(StrEnum):
    residents = "residents"
    households = "households"


class PlaceEvents(EventBlock):
    """Events located at the area's addresses in W (not tied to a person)."""

    name: ClassVar[str] = "place_events"

    def da(self) -> str:
        from bosocdata.indicators.blocks import noun_da

        plural = {
            "incidents": "politianmeldelser",
            "evictions": "udsættelser",
            "fire_callouts": "brandudrykninger",
        }.get(self.source_register)
        return (
            f"{plural or noun_da(self.source_register)}{self.filter_da()} på områdets adresser "
            "i løbet af perioden"
        )


class MeanOf(RegisterBlock):
    """A yearly value of the person (summed over their rows of that year)."""

    name: ClassVar[str] = "mean_of"
    year_column: str = "year"
    year_offset: int = 0
    column: str

    def check(self) -> list[tuple[tuple[str | int, ...], str]]:
        issues = super().check()
        from bosocdata.indicators.schema import REGISTER_COLUMNS, did_you_mean

        cols = REGISTER_COLUMNS.get(self.source_register, {})
        for key in ("year_column", "column"):
            col = getattr(self, key)
            if cols and col not in cols:
                issues.append(
                    (
                        (key,),
                        f"unknown column `{col}` of `{self.source_register}`; "
                        + did_you_mean(col, cols.keys()),
                    )
                )
        return issues

    def da(self) -> str:
        year = {0: "året", -1: "året før"}.get(self.year_offset, f"året {self.year_offset:+d}")
        return f"{self.column} for {year} ({self.source_register})"


class Population(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)
    of: Subject = Subject.residents
    where: list[Block] = Field(default_factory=list)


class Numerator(BaseModel):
    """Exactly one of: conditions on the population row, place events, a mean."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)
    where: list[Block] = Field(default_factory=list)
    place_events: PlaceEvents | None = None
    mean_of: MeanOf | None = None


class Reference(BaseModel):
    """A value of the `reference_values` register: `key` for year of R + offset."""

    model_config = ConfigDict(extra="forbid")
    key: str
    year_offset: int = 0
    two_year_mean: bool = False


class ValueRule(BaseModel):
    """How `value` is formed for the official criteria (else `value` stays empty).

    value = mean over (Y, Y-1 if two_year_mean) of the yearly base value, divided by the
    reference (if any), times `multiply_by`. Base: `pct` = numerator/denominator x 100;
    `mean` = numerator/denominator.
    """

    model_config = ConfigDict(extra="forbid")
    base: str = Field(default="pct", pattern="^(pct|mean)$")
    two_year_mean: bool = False
    reference: Reference | None = None
    multiply_by: float = 1.0


class Definition(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_da: str
    name_en: str
    description_da: str
    description_en: str
    theme: Theme
    unit: Unit
    direction: Direction
    registers: list[str] = Field(default_factory=list)
    source: str
    population: Population
    numerator: Numerator
    value: ValueRule | None = None
    sentence_da: str | None = None
    path: Path | None = Field(default=None, exclude=True)

    def all_blocks(self) -> list[Block]:
        blocks: list[Block] = [*self.population.where, *self.numerator.where]
        for extra in (self.numerator.place_events, self.numerator.mean_of):
            if extra is not None:
                blocks.append(extra)
        return blocks

    def used_registers(self) -> set[str]:
        used: set[str] = set()
        for block in self.all_blocks():
            used |= block.registers()
        if self.value and self.value.reference:
            used.add("reference_values")
        return used
