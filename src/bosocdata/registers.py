"""The registers of a delivery, declared once as data (REGISTERS.md).

Reading, validation, the store schema and the documentation all derive from `REGISTERS`.
A column's `kind` says how a cell is parsed and checked; `store_name`/`store_type` say
how it is kept in the secure store (docs/concepts/architecture.md).

Longer than 400 lines for a reason: it is one table, the declaration of every register
of the contract, and splitting it would scatter what belongs together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bosocdata.codes import LABOUR_STATUSES, LAWS


class Kind(StrEnum):
    """How a cell is parsed and validated."""

    CPR = "cpr"  # DDMMYY-SSSS or DDMMYYSSSS, stored as `pid` (the person's integer key)
    ID = "id"  # an identifier, kept as text
    TEXT = "text"  # free text
    CODE = "code"  # one of a fixed code list, compared case-insensitively
    COUNTRY = "country"  # ISO 3166-1 alpha-2, stored upper-case
    DATE = "date"  # YYYY-MM-DD, DD-MM-YYYY or DD.MM.YYYY
    INTEGER = "integer"
    NUMBER = "number"  # a decimal number; decimal comma allowed in `;` files


LABOUR_STATUS_CODES = LABOUR_STATUSES
LAW_CODES = LAWS
ORIGIN_CODES: tuple[str, ...] = ("1", "2", "3")
CHILD_MEASURE_KINDS: tuple[str, ...] = ("dag", "doegn")
CHILDCARE_KINDS: tuple[str, ...] = ("dagpleje", "vuggestue", "boernehave", "sfo")
INCIDENT_KINDS: tuple[str, ...] = ("haervaerk", "indbrud", "indbrudsforsoeg", "vold", "andet")
EDUCATION_EVENTS: tuple[str, ...] = (
    "grundskole_afsluttet",
    "ungdomsudd_start",
    "ungdomsudd_afbrudt",
    "ungdomsudd_fuldfoert",
)
EDUCATION_LEVELS: tuple[str, ...] = (
    "grundskole",
    "gymnasial",
    "erhvervsfaglig",
    "kvu",
    "mvu",
    "bachelor",
    "lvu",
    "phd",
    "ukendt",
)
LANGUAGE_RESULTS: tuple[str, ...] = ("generel", "fokuseret", "saerlig")
INTERVENTION_KINDS: tuple[str, ...] = (
    "helhedsplan",
    "fysisk_omdannelse",
    "beskaeftigelse",
    "boern_unge",
    "tryghed",
    "andet",
)

_STORE_TYPES: dict[Kind, str] = {
    Kind.CPR: "BIGINT",  # the person's key in the store; persons.pseudonym is the pseudonym
    Kind.ID: "VARCHAR",
    Kind.TEXT: "VARCHAR",
    Kind.CODE: "VARCHAR",
    Kind.COUNTRY: "VARCHAR",
    Kind.DATE: "DATE",
    Kind.INTEGER: "INTEGER",
    Kind.NUMBER: "DOUBLE",
}
_STORE_NAMES = {"cpr": "pid", "start": "start_date", "end": "end_date"}


@dataclass(frozen=True)
class Column:
    """One column of a register."""

    name: str
    kind: Kind
    optional: bool = False
    codes: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    references: str | None = None  # "register.column" the value must exist in
    store_type_override: str | None = None

    @property
    def store_name(self) -> str:
        return _STORE_NAMES.get(self.name, self.name)

    @property
    def store_type(self) -> str:
        return self.store_type_override or _STORE_TYPES[self.kind]


@dataclass(frozen=True)
class Register:
    """One register: a file `<name>.csv|.parquet|.xlsx` of a delivery."""

    name: str
    required: bool
    columns: tuple[Column, ...]
    description: str
    # a column (or columns) whose values must be unique: a person, a person and a year
    key: str | tuple[str, ...] | None = None
    derived: tuple[tuple[str, str], ...] = field(default=())  # store-only (name, type)

    @property
    def key_columns(self) -> tuple[str, ...]:
        if self.key is None:
            return ()
        return (self.key,) if isinstance(self.key, str) else self.key

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def has_interval(self) -> bool:
        return "start" in self.column_names and "end" in self.column_names

    @property
    def store_columns(self) -> tuple[tuple[str, str], ...]:
        """(name, DuckDB type) of the register's table in the secure store."""
        return tuple((c.store_name, c.store_type) for c in self.columns) + self.derived


def _cpr() -> Column:
    return Column("cpr", Kind.CPR, references="persons.cpr")


def _address() -> Column:
    return Column("address_id", Kind.ID, references="addresses.address_id")


def _start() -> Column:
    return Column("start", Kind.DATE)


def _end() -> Column:
    return Column("end", Kind.DATE, optional=True)


REGISTERS: tuple[Register, ...] = (
    Register(
        "persons",
        True,
        (
            Column("cpr", Kind.CPR),
            Column("origin", Kind.CODE, codes=ORIGIN_CODES, store_type_override="TINYINT"),
            Column("origin_country", Kind.COUNTRY, optional=True),
            Column("death_date", Kind.DATE, optional=True),
        ),
        "Every person of the delivery; birth date and sex are derived from the CPR number.",
        key="cpr",
        derived=(("birth_date", "DATE"), ("sex", "VARCHAR"), ("pseudonym", "VARCHAR")),
    ),
    Register(
        "addresses",
        True,
        (
            Column("address_id", Kind.ID),
            Column("street", Kind.TEXT),
            Column("house_number", Kind.TEXT),
            Column("floor", Kind.TEXT, optional=True),
            Column("door", Kind.TEXT, optional=True),
            Column("postcode", Kind.ID),
            Column("x", Kind.NUMBER, optional=True),
            Column("y", Kind.NUMBER, optional=True),
        ),
        "One row per dwelling; x, y in EPSG:25832.",
        key="address_id",
        derived=(("area_id", "VARCHAR"),),
    ),
    Register(
        "residences",
        True,
        (_cpr(), _address(), _start(), _end()),
        "CPR address history.",
    ),
    Register(
        "areas",
        True,
        (
            Column("area_id", Kind.ID),
            Column("name", Kind.TEXT),
            Column("housing_organisation", Kind.TEXT, optional=True),
            Column("district", Kind.TEXT, optional=True),
        ),
        "The housing areas being monitored.",
        key="area_id",
        derived=(("geometry", "VARCHAR"),),
    ),
    Register(
        "area_addresses",
        False,
        (Column("area_id", Kind.ID, references="areas.area_id"), _address()),
        "Membership of an area by address.",
    ),
    Register(
        "labour_market",
        False,
        (_cpr(), _start(), _end(), Column("status", Kind.CODE, codes=LABOUR_STATUS_CODES)),
        "Labour-market status spells.",
    ),
    Register(
        "crime_charges",
        False,
        (_cpr(), Column("charge_date", Kind.DATE), Column("law", Kind.CODE, codes=LAW_CODES)),
        "Charges (sigtelser).",
    ),
    Register(
        "convictions",
        False,
        (_cpr(), Column("verdict_date", Kind.DATE), Column("law", Kind.CODE, codes=LAW_CODES)),
        "Convictions (domme).",
    ),
    Register(
        "notifications",
        False,
        (_cpr(), Column("notification_date", Kind.DATE)),
        "Child-welfare notifications (underretninger).",
    ),
    Register(
        "child_measures",
        False,
        (_cpr(), Column("kind", Kind.CODE, codes=CHILD_MEASURE_KINDS), _start(), _end()),
        "Child-welfare measures: day measures and residential placements.",
    ),
    Register(
        "leisure_enrolment",
        False,
        (_cpr(), _start(), _end()),
        "Enrolment in a leisure or youth club.",
    ),
    Register(
        "childcare_enrolment",
        False,
        (
            _cpr(),
            Column("kind", Kind.CODE, codes=CHILDCARE_KINDS),
            _start(),
            _end(),
            Column("free_place_pct", Kind.NUMBER, minimum=0, maximum=100),
        ),
        "Enrolment in childcare, with the economic free place in percent.",
    ),
    Register(
        "school_enrolment",
        False,
        (_cpr(), Column("school_id", Kind.ID), _start(), _end()),
        "Enrolment in a school.",
    ),
    Register(
        "school_districts",
        False,
        (_address(), Column("school_id", Kind.ID)),
        "The district school of each address.",
    ),
    Register(
        "library_loans",
        False,
        (_cpr(), Column("loan_date", Kind.DATE)),
        "Library loans.",
    ),
    Register(
        "incidents",
        False,
        (
            _address(),
            Column("incident_date", Kind.DATE),
            Column("kind", Kind.CODE, codes=INCIDENT_KINDS),
        ),
        "Police reports located at an address.",
    ),
    Register(
        "evictions",
        False,
        (_address(), Column("eviction_date", Kind.DATE)),
        "Executed evictions.",
    ),
    Register(
        "education",
        False,
        (_cpr(), Column("date", Kind.DATE), Column("event", Kind.CODE, codes=EDUCATION_EVENTS)),
        "Education events.",
    ),
    Register(
        "education_level",
        False,
        (
            _cpr(),
            Column("year", Kind.INTEGER),
            Column("level", Kind.CODE, codes=EDUCATION_LEVELS),
        ),
        "Highest completed education on 1 January of the year.",
        key=("cpr", "year"),
    ),
    Register(
        "income",
        False,
        (_cpr(), Column("year", Kind.INTEGER), Column("gross_income", Kind.NUMBER)),
        "Gross income (DKK) of the calendar year.",
        key=("cpr", "year"),  # one total a year: a second row would weigh twice in means
    ),
    Register(
        "school_absence",
        False,
        (
            _cpr(),
            Column("school_year", Kind.INTEGER),
            Column("absence_pct", Kind.NUMBER, minimum=0, maximum=100),
        ),
        "School absence in percent of the school year.",
        key=("cpr", "school_year"),
    ),
    Register(
        "health_exams",
        False,
        (
            _cpr(),
            Column("exam_date", Kind.DATE),
            Column("height_cm", Kind.NUMBER, minimum=0),
            Column("weight_kg", Kind.NUMBER, minimum=0),
        ),
        "School health examinations.",
    ),
    Register(
        "language_assessments",
        False,
        (
            _cpr(),
            Column("assessment_date", Kind.DATE),
            Column("result", Kind.CODE, codes=LANGUAGE_RESULTS),
        ),
        "Language assessments (sprogvurderinger).",
    ),
    Register(
        "fire_callouts",
        False,
        (_address(), Column("callout_date", Kind.DATE), Column("kind", Kind.TEXT)),
        "Fire-brigade callouts located at an address.",
    ),
    Register(
        "interventions",
        False,
        (
            Column("intervention_id", Kind.ID),
            Column("area_id", Kind.ID, references="areas.area_id"),
            Column("name", Kind.TEXT),
            _start(),
            _end(),
            Column("kind", Kind.CODE, optional=True, codes=INTERVENTION_KINDS),
            Column("target_indicators", Kind.TEXT, optional=True),
        ),
        "Social-housing interventions and the areas they cover, one row per intervention "
        "and area; target_indicators: indicator ids separated by , or ;.",
    ),
    Register(
        "reference_values",
        False,
        (Column("year", Kind.INTEGER), Column("key", Kind.ID), Column("value", Kind.NUMBER)),
        "Benchmarks from outside the municipality.",
    ),
)

REGISTER_NAMES: tuple[str, ...] = tuple(r.name for r in REGISTERS)
REQUIRED_REGISTERS: tuple[str, ...] = tuple(r.name for r in REGISTERS if r.required)
FILE_SUFFIXES: tuple[str, ...] = (".csv", ".parquet", ".xlsx")


def register(name: str) -> Register:
    """The declared register called `name`."""
    for r in REGISTERS:
        if r.name == name:
            return r
    raise KeyError(name)


def registers_markdown() -> str:
    """The register table of docs/concepts/ingest.md, generated from `REGISTERS`."""
    lines = [
        "| register | required | columns (`?` optional) | checked |",
        "|---|---|---|---|",
    ]
    for reg in REGISTERS:
        columns = ", ".join(c.name + ("?" if c.optional else "") for c in reg.columns)
        lines.append(
            f"| {reg.name} | {'yes' if reg.required else 'no'} | {columns} | {_checks(reg)} |"
        )
    return "\n".join(lines) + "\n"


def _checks(reg: Register) -> str:
    notes = []
    for c in reg.columns:
        if c.codes:
            notes.append(f"{c.name} in {'/'.join(c.codes)}")
        if c.minimum is not None and c.maximum is not None:
            notes.append(f"{c.name} {c.minimum:g}-{c.maximum:g}")
        elif c.minimum is not None:
            notes.append(f"{c.name} ≥ {c.minimum:g}")
        elif c.maximum is not None:
            notes.append(f"{c.name} ≤ {c.maximum:g}")
        if c.references and c.references != "persons.cpr":
            notes.append(f"{c.name} in {c.references.split('.')[0]}")
    if "cpr" in reg.column_names and reg.name != "persons":
        notes.append("cpr in persons")
    if reg.has_interval:
        notes.append("end > start")
    if reg.key_columns:
        notes.append(f"({', '.join(reg.key_columns)}) unique" if len(reg.key_columns) > 1
                     else f"{reg.key_columns[0]} unique")  # fmt: skip
    return "; ".join(notes) or "-"
