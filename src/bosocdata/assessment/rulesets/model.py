"""The shape of a rule-set file: one law version of almenboligloven § 61 a / § 61 b.

A rule set names threshold tests (`criteria`) on the area-level input columns and builds
the categories from them (`categories`). Everything that changes with the law is here as
data: thresholds, operators, the population minimum, how many criteria are needed and
the consecutive-year rules. See docs/concepts/official-criteria.md.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Operator = Literal[">", ">=", "<", "<="]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Distance(_Strict):
    """How a criterion's distance to its threshold is counted in persons.

    - `count`: the value is itself a head count (the population minimum).
    - `share`: the value is a percentage of a population (the first filled column of
      `denominator`); with `share_of`, the value is a multiple of that percentage column
      (the conviction ratio is a multiple of the national share).
    - `none`: no distance in persons (a mean income has no person whose status flips).
    """

    kind: Literal["count", "share", "none"]
    denominator: list[str] = Field(default_factory=list)
    share_of: str | None = None

    @model_validator(mode="after")
    def _fits_kind(self) -> Distance:
        if self.kind == "share" and not self.denominator:
            raise ValueError("a `share` distance needs at least one `denominator` column")
        if self.kind != "share" and (self.denominator or self.share_of):
            raise ValueError("`denominator` and `share_of` belong to a `share` distance only")
        return self


class Criterion(_Strict):
    """One threshold test: `<column> <operator> <threshold>`; output column `crit_<id>`."""

    id: Identifier
    column: str
    operator: Operator
    threshold: float
    description: str
    distance: Distance = Distance(kind="none")
    # The published indicator whose value is `column` when `bosoc compute` builds the
    # criteria's input from the indicator table (published_assessment.py); none when the
    # column is made otherwise (the population, the two-year conviction share).
    indicator: str | None = None


class AtLeast(_Strict):
    """At least `count` of the criteria in `of` are met."""

    count: Annotated[int, Field(ge=1)]
    of: Annotated[list[Identifier], Field(min_length=1)]

    @model_validator(mode="after")
    def _reachable(self) -> AtLeast:
        if self.count > len(self.of):
            raise ValueError(f"count {self.count} is more than the {len(self.of)} criteria listed")
        return self


class Consecutive(_Strict):
    """The area met one of `each_year_one_of` in each of the last `years` list years.

    This year is included; each earlier year is judged under the rule set in force for
    that year, so categories of an earlier law version may be named here.
    """

    years: Annotated[int, Field(ge=2)]
    each_year_one_of: Annotated[list[Identifier], Field(min_length=1)]


class Category(_Strict):
    """A category; every condition given must hold. `rank`: higher is more specific."""

    id: Identifier
    rank: Annotated[int, Field(ge=1)]
    description: str
    requires: list[Identifier] = Field(default_factory=list)
    excludes: list[Identifier] = Field(default_factory=list)
    all_of: list[Identifier] = Field(default_factory=list)
    at_least: AtLeast | None = None
    consecutive: Consecutive | None = None

    @model_validator(mode="after")
    def _has_a_condition(self) -> Category:
        if not (self.requires or self.all_of or self.at_least or self.consecutive):
            raise ValueError(
                "a category needs a condition: requires, all_of, at_least or consecutive"
            )
        return self


class ListYears(_Strict):
    """The list years (1 December lists) this law version was in force; `last` open = now."""

    first: Annotated[int, Field(ge=1900, le=2200)]
    last: Annotated[int | None, Field(ge=1900, le=2200)] = None

    @model_validator(mode="after")
    def _ordered(self) -> ListYears:
        if self.last is not None and self.last < self.first:
            raise ValueError(f"last ({self.last}) is before first ({self.first})")
        return self

    def covers(self, year: int) -> bool:
        return self.first <= year and (self.last is None or year <= self.last)

    def label(self) -> str:
        return f"{self.first}-{self.last if self.last is not None else ''}"


class RuleSet(_Strict):
    """One law version. Categories are evaluated in file order."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    title: str
    law: str
    list_years: ListYears
    criteria: Annotated[list[Criterion], Field(min_length=1)]
    categories: Annotated[list[Category], Field(min_length=1)]
    notes: str = ""

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)
