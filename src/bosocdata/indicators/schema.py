"""What the indicator machinery knows of the secure store: registers, columns, code sets.

The store layout is docs/concepts/architecture.md; the code sets are REGISTERS.md's
defaults (OUTSIDE, HEALTH, ATTACHED, the Western countries). Definitions are checked
against these names, so a misspelt register or column is caught before anything runs.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Iterable
from functools import cache
from importlib import resources

# register -> {store column: DuckDB type}. Required registers always exist in a store.
REGISTER_COLUMNS: dict[str, dict[str, str]] = {
    "persons": {
        "pid": "VARCHAR",
        "birth_date": "DATE",
        "sex": "VARCHAR",
        "origin": "TINYINT",
        "origin_country": "VARCHAR",
        "death_date": "DATE",
    },
    "addresses": {
        "address_id": "VARCHAR",
        "street": "VARCHAR",
        "house_number": "VARCHAR",
        "floor": "VARCHAR",
        "door": "VARCHAR",
        "postcode": "VARCHAR",
        "x": "DOUBLE",
        "y": "DOUBLE",
        "area_id": "VARCHAR",
    },
    "residences": {
        "pid": "VARCHAR",
        "address_id": "VARCHAR",
        "start_date": "DATE",
        "end_date": "DATE",
    },
    "areas": {
        "area_id": "VARCHAR",
        "name": "VARCHAR",
        "housing_organisation": "VARCHAR",
        "district": "VARCHAR",
        "geometry": "VARCHAR",
    },
    "labour_market": {
        "pid": "VARCHAR",
        "start_date": "DATE",
        "end_date": "DATE",
        "status": "VARCHAR",
    },
    "crime_charges": {"pid": "VARCHAR", "charge_date": "DATE", "law": "VARCHAR"},
    "convictions": {"pid": "VARCHAR", "verdict_date": "DATE", "law": "VARCHAR"},
    "notifications": {"pid": "VARCHAR", "notification_date": "DATE"},
    "child_measures": {
        "pid": "VARCHAR",
        "kind": "VARCHAR",
        "start_date": "DATE",
        "end_date": "DATE",
    },
    "leisure_enrolment": {"pid": "VARCHAR", "start_date": "DATE", "end_date": "DATE"},
    "childcare_enrolment": {
        "pid": "VARCHAR",
        "kind": "VARCHAR",
        "start_date": "DATE",
        "end_date": "DATE",
        "free_place_pct": "DOUBLE",
    },
    "school_enrolment": {
        "pid": "VARCHAR",
        "school_id": "VARCHAR",
        "start_date": "DATE",
        "end_date": "DATE",
    },
    "school_districts": {"address_id": "VARCHAR", "school_id": "VARCHAR"},
    "library_loans": {"pid": "VARCHAR", "loan_date": "DATE"},
    "incidents": {"address_id": "VARCHAR", "incident_date": "DATE", "kind": "VARCHAR"},
    "evictions": {"address_id": "VARCHAR", "eviction_date": "DATE"},
    "education": {"pid": "VARCHAR", "date": "DATE", "event": "VARCHAR"},
    "education_level": {"pid": "VARCHAR", "year": "INTEGER", "level": "VARCHAR"},
    "income": {"pid": "VARCHAR", "year": "INTEGER", "gross_income": "DOUBLE"},
    "school_absence": {"pid": "VARCHAR", "school_year": "INTEGER", "absence_pct": "DOUBLE"},
    "health_exams": {
        "pid": "VARCHAR",
        "exam_date": "DATE",
        "height_cm": "DOUBLE",
        "weight_kg": "DOUBLE",
    },
    "language_assessments": {"pid": "VARCHAR", "assessment_date": "DATE", "result": "VARCHAR"},
    "fire_callouts": {"address_id": "VARCHAR", "callout_date": "DATE", "kind": "VARCHAR"},
    "reference_values": {"year": "INTEGER", "key": "VARCHAR", "value": "DOUBLE"},
}

REQUIRED_REGISTERS: frozenset[str] = frozenset({"persons", "addresses", "residences", "areas"})


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest known name, or listing the known names."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.5)
    if close:
        return f"did you mean `{close[0]}`?"
    return "known: " + ", ".join(sorted(choices))


def date_columns(register: str) -> list[str]:
    return [c for c, t in REGISTER_COLUMNS[register].items() if t == "DATE"]


def event_date_column(register: str) -> str | None:
    """The one date column of an event register (e.g. `notification_date`), else None."""
    dates = [c for c in date_columns(register) if c not in ("start_date", "end_date")]
    return dates[0] if len(dates) == 1 else None


def has_interval(register: str) -> bool:
    cols = REGISTER_COLUMNS[register]
    return "start_date" in cols and "end_date" in cols


@cache
def western_countries() -> tuple[str, ...]:
    """ISO codes counted as Western by Statistics Denmark (data/western_countries.csv)."""
    text = resources.files("bosocdata.indicators").joinpath("data/western_countries.csv")
    with text.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(line for line in f if not line.startswith("#"))]
    return tuple(r["iso2"] for r in rows)


@cache
def iotf_overweight_rows() -> tuple[tuple[float, float, float], ...]:
    """(age in years, male cut-off, female cut-off) from data/iotf_overweight.csv."""
    text = resources.files("bosocdata.indicators").joinpath("data/iotf_overweight.csv")
    with text.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    return tuple((float(r["age_years"]), float(r["male"]), float(r["female"])) for r in rows)
