"""The register declarations: complete against the contract, and documented."""

from __future__ import annotations

from pathlib import Path

from bosocdata.registers import REGISTERS, REQUIRED_REGISTERS, registers_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "concepts" / "ingest.md"

# The registers of docs/reference/registers.md, copied by hand.
CONTRACT = {
    "persons": "cpr, origin, origin_country?, death_date?",
    "addresses": "address_id, street, house_number, floor?, door?, postcode, x?, y?",
    "residences": "cpr, address_id, start, end?",
    "areas": "area_id, name, housing_organisation?, district?",
    "area_addresses": "area_id, address_id",
    "labour_market": "cpr, start, end?, status",
    "crime_charges": "cpr, charge_date, law",
    "convictions": "cpr, verdict_date, law",
    "notifications": "cpr, notification_date",
    "child_measures": "cpr, kind, start, end?",
    "leisure_enrolment": "cpr, start, end?",
    "childcare_enrolment": "cpr, kind, start, end?, free_place_pct",
    "school_enrolment": "cpr, school_id, start, end?",
    "school_districts": "address_id, school_id",
    "library_loans": "cpr, loan_date",
    "incidents": "address_id, incident_date, kind",
    "evictions": "address_id, eviction_date",
    "education": "cpr, date, event",
    "education_level": "cpr, year, level",
    "income": "cpr, year, gross_income",
    "school_absence": "cpr, school_year, absence_pct",
    "health_exams": "cpr, exam_date, height_cm, weight_kg",
    "language_assessments": "cpr, assessment_date, result",
    "fire_callouts": "address_id, callout_date, kind",
    "interventions": "intervention_id, area_id, name, start, end?, kind?, target_indicators?",
    "reference_values": "year, key, value",
}


def test_every_register_of_the_contract_is_declared_with_its_columns() -> None:
    declared = {
        r.name: ", ".join(c.name + ("?" if c.optional else "") for c in r.columns)
        for r in REGISTERS
    }
    assert declared == CONTRACT
    assert REQUIRED_REGISTERS == ("persons", "addresses", "residences", "areas")


def test_the_register_table_in_the_docs_is_the_generated_one() -> None:
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("<!-- registers-table:start -->") + len("<!-- registers-table:start -->")
    end = text.index("<!-- registers-table:end -->")
    assert text[start:end].strip() == registers_markdown().strip(), (
        "regenerate the table with bosocdata.registers.registers_markdown()"
    )
