"""What every building block shares: the SQL context, literals, the Danish words for
registers and operators, and the base classes `Block`, `RegisterBlock` and `EventBlock`."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from bosocdata.codes import STATUS_SETS
from bosocdata.indicators.schema import (
    REGISTER_COLUMNS,
    did_you_mean,
    event_date_column,
    has_interval,
)

Scalar = str | int | float | bool
Issue = tuple[tuple[str | int, ...], str]  # (location inside the block, message)


class Anchor(StrEnum):
    """The date a status or an earlier event is judged at."""

    reference_date = "reference_date"  # R
    cohort_date = "cohort_date"  # G + 15 months (see `grundskole_cohort`)


ANCHOR_DA = {
    Anchor.reference_date: "på referencedatoen 1. januar",
    Anchor.cohort_date: "15 måneder efter grundskolens afslutning",
}


@dataclass
class SqlContext:
    """What the blocks of one definition need around their expressions."""

    ctes: dict[str, str] = field(default_factory=dict)
    joins: dict[str, str] = field(default_factory=dict)  # name -> "LEFT JOIN ..."
    columns: dict[str, str] = field(default_factory=dict)  # name -> expression

    def anchor(self, at: Anchor) -> str:
        if at is Anchor.reference_date:
            return "r.ref_date"
        self.require_cohort()
        return "r.cohort_date"

    def require_cohort(self) -> None:
        self.ctes["grundskole_first_plus_15m"] = (
            "-- block: grundskole_cohort (first grundskole_afsluttet G; G + 15 months,\n"
            "-- clamped to the month's end)\n"
            "SELECT pid, CAST(MIN(date) + INTERVAL 15 MONTH AS DATE) AS cohort_date\n"
            "FROM education WHERE event = 'grundskole_afsluttet' GROUP BY pid"
        )
        self.joins["cohort"] = "LEFT JOIN grundskole_first_plus_15m AS c ON c.pid = r.pid"
        self.columns["cohort_date"] = "c.cohort_date"


OPEN_END = "DATE '9999-12-31'"  # an open interval (NULL end) compared as far future


def literal(value: Scalar) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def in_list(column: str, values: list[Scalar] | tuple[Scalar, ...]) -> str:
    return f"{column} IN ({', '.join(literal(v) for v in values)})"


def _dates(start: str, end: str) -> str:
    return f"{start} <= {{d}} AND ({end} IS NULL OR {end} > {{d}})"


class Compare(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    column: str
    op: Literal[">=", ">", "<=", "<", "=", "!="]
    value: float


REGISTER_DA = {
    "labour_market": "arbejdsmarkedsstatus",
    "crime_charges": "sigtelse",
    "convictions": "dom",
    "notifications": "underretning",
    "child_measures": "foranstaltning",
    "leisure_enrolment": "indmelding i et fritidstilbud",
    "childcare_enrolment": "indmelding i dagtilbud eller SFO",
    "school_enrolment": "skoleindskrivning",
    "library_loans": "biblioteksudlån",
    "incidents": "politianmeldelse",
    "evictions": "udsættelse",
    "education": "uddannelseshændelse",
    "education_level": "uddannelsesniveau",
    "income": "indkomst",
    "school_absence": "fraværsopgørelse",
    "health_exams": "sundhedsundersøgelse",
    "language_assessments": "sprogvurdering",
    "fire_callouts": "brandudrykning",
}


def noun_da(register: str) -> str:
    return REGISTER_DA.get(register, register)


# the Danish nouns above that are neuter (et uddannelsesniveau, ét biblioteksudlån)
NEUTER_DA = frozenset({"uddannelsesniveau", "biblioteksudlån"})


def a_noun_da(register: str, *, one: bool = False) -> str:
    """The register's noun with its indefinite article: "en dom", "et uddannelsesniveau";
    `one` stresses the number ("mindst én dom", "mindst ét biblioteksudlån")."""
    noun = noun_da(register)
    neuter = noun in NEUTER_DA
    article = ("ét" if neuter else "én") if one else ("et" if neuter else "en")
    return f"{article} {noun}"


OP_DA = {">=": "mindst", ">": "over", "<=": "højst", "<": "under", "=": "lig med", "!=": "ikke"}


class Block(BaseModel):
    """Base of every building block."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    name: ClassVar[str]
    subject: ClassVar[Literal["person", "household"]] = "person"

    def registers(self) -> set[str]:
        return set()

    def check(self) -> list[Issue]:
        return []

    def sql(self, ctx: SqlContext) -> str:
        raise NotImplementedError

    def da(self) -> str:
        raise NotImplementedError


class RegisterBlock(Block):
    """A block reading rows of one register, optionally filtered."""

    source_register: str = Field(alias="register")
    where: dict[str, list[Scalar]] = Field(default_factory=dict)
    where_not: dict[str, list[Scalar]] = Field(default_factory=dict)
    compare: list[Compare] = Field(default_factory=list)
    status_set: str | None = None

    needs: ClassVar[str] = "any"  # "interval", "event" or "any"

    def registers(self) -> set[str]:
        return {self.source_register}

    def check(self) -> list[Issue]:
        if self.source_register not in REGISTER_COLUMNS:
            return [
                (
                    ("register",),
                    f"unknown register `{self.source_register}`; "
                    + did_you_mean(self.source_register, REGISTER_COLUMNS.keys()),
                )
            ]
        issues: list[Issue] = []
        cols = REGISTER_COLUMNS[self.source_register]
        if self.needs == "interval" and not has_interval(self.source_register):
            issues.append((("register",), f"`{self.source_register}` has no start/end interval"))
        for key in ("where", "where_not"):
            for col in getattr(self, key):
                if col not in cols:
                    issues.append(
                        (
                            (key, col),
                            f"unknown column `{col}` of `{self.source_register}`; "
                            + did_you_mean(col, cols.keys()),
                        )
                    )
        for i, comp in enumerate(self.compare):
            if comp.column not in cols:
                issues.append(
                    (
                        ("compare", i, "column"),
                        f"unknown column `{comp.column}` of `{self.source_register}`; "
                        + did_you_mean(comp.column, cols.keys()),
                    )
                )
        if self.status_set is not None:
            if self.status_set not in STATUS_SETS:
                issues.append(
                    (
                        ("status_set",),
                        f"unknown status set `{self.status_set}`; "
                        + did_you_mean(self.status_set, STATUS_SETS.keys()),
                    )
                )
            if "status" not in cols:
                issues.append((("status_set",), f"`{self.source_register}` has no `status` column"))
        return issues

    def filter_sql(self, alias: str = "s") -> list[str]:
        parts = [in_list(f"{alias}.{c}", v) for c, v in self.where.items()]
        parts += [f"NOT {in_list(f'{alias}.{c}', v)}" for c, v in self.where_not.items()]
        parts += [f"{alias}.{c.column} {c.op} {c.value!r}" for c in self.compare]
        if self.status_set is not None:
            parts.append(in_list(f"{alias}.status", STATUS_SETS[self.status_set]))
        return parts

    def filter_da(self) -> str:
        parts = [f"{c} {' eller '.join(str(v) for v in vals)}" for c, vals in self.where.items()]
        parts += [
            f"{c} ikke {' eller '.join(str(v) for v in vals)}" for c, vals in self.where_not.items()
        ]
        parts += [f"{c.column} {OP_DA[c.op]} {c.value:g}" for c in self.compare]
        if self.status_set is not None:
            parts.append(f"mængden {self.status_set}: " + ", ".join(STATUS_SETS[self.status_set]))
        return f" ({'; '.join(parts)})" if parts else ""

    def flag(self, ctx: SqlContext, join_on: str, comment: str) -> str:
        """A (pid, period) key table of the register's qualifying rows, joined to periods
        on `join_on`; the condition is then an equality semi-join (fast at scale)."""
        filters = self.filter_sql()
        body = (
            f"-- block: {self.name} ({comment})\n"
            f"SELECT s.pid, p.period FROM {self.source_register} AS s\n"
            f"JOIN bosoc_periods AS p ON {join_on}"
            + (f"\nWHERE {' AND '.join(filters)}" if filters else "")
        )
        name = next((n for n, b in ctx.ctes.items() if b == body), None)
        if name is None:
            name = f"{self.name}_{self.source_register}_{len(ctx.ctes) + 1}"
            ctx.ctes[name] = body
        return f"EXISTS (SELECT 1 FROM {name} AS k WHERE k.pid = r.pid AND k.period = r.period)"

    def exists(self, conditions: list[str], source: str | None = None) -> str:
        where = " AND ".join(["s.pid = r.pid", *conditions, *self.filter_sql()])
        return f"EXISTS (SELECT 1 FROM {source or self.source_register} AS s WHERE {where})"


def in_window(date: str) -> str:
    """SQL: `date` falls in the period's window W = [R, end of W) of `p` (bosoc_periods).

    A window lies within one calendar year (a year, or a quarter of it), so the year is
    an equality the database can hash-join on before it tests the range: an event joins
    one period (or four quarters) instead of being compared with every period."""
    return f"p.year = year({date}) AND {date} >= p.ref_date AND {date} < p.win_end"


class EventBlock(RegisterBlock):
    date: str | None = None
    needs: ClassVar[str] = "event"

    def date_column(self) -> str:
        return self.date or event_date_column(self.source_register) or "date"

    def check(self) -> list[Issue]:
        issues = super().check()
        if self.source_register in REGISTER_COLUMNS:
            col = self.date_column()
            if REGISTER_COLUMNS[self.source_register].get(col) != "DATE":
                issues.append(
                    (("date",), f"`{col}` is not a date column of `{self.source_register}`")
                )
        return issues
