"""The delivery has every register of the register reference, in the promised mix of formats."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from synth_reader import load, read_raw, register_file

from bosocdata.synth import generate

# Copied by hand from docs/reference/registers.md (optional columns included:
# the generator writes them all).
CONTRACT_COLUMNS = {
    "persons": ["cpr", "origin", "origin_country", "death_date"],
    "addresses": ["address_id", "street", "house_number", "floor", "door", "postcode", "x", "y"],
    "residences": ["cpr", "address_id", "start", "end"],
    "areas": ["area_id", "name", "housing_organisation", "district"],
    "area_addresses": ["area_id", "address_id"],
    "labour_market": ["cpr", "start", "end", "status"],
    "crime_charges": ["cpr", "charge_date", "law"],
    "convictions": ["cpr", "verdict_date", "law"],
    "notifications": ["cpr", "notification_date"],
    "child_measures": ["cpr", "kind", "start", "end"],
    "leisure_enrolment": ["cpr", "start", "end"],
    "childcare_enrolment": ["cpr", "kind", "start", "end", "free_place_pct"],
    "school_enrolment": ["cpr", "school_id", "start", "end"],
    "school_districts": ["address_id", "school_id"],
    "library_loans": ["cpr", "loan_date"],
    "incidents": ["address_id", "incident_date", "kind"],
    "evictions": ["address_id", "eviction_date"],
    "education": ["cpr", "date", "event"],
    "education_level": ["cpr", "year", "level"],
    "income": ["cpr", "year", "gross_income"],
    "school_absence": ["cpr", "school_year", "absence_pct"],
    "health_exams": ["cpr", "exam_date", "height_cm", "weight_kg"],
    "language_assessments": ["cpr", "assessment_date", "result"],
    "fire_callouts": ["address_id", "callout_date", "kind"],
    "interventions": [
        "intervention_id",
        "area_id",
        "name",
        "start",
        "end",
        "kind",
        "target_indicators",
    ],
    "reference_values": ["year", "key", "value"],
}
CODES = {
    ("labour_market", "status"): {
        "beskaeftiget", "selvstaendig", "fleksjob", "uddannelse", "barsel", "ledig",
        "kontanthjaelp", "uddannelseshjaelp", "integrationsydelse", "sygedagpenge",
        "ressourceforloeb", "jobafklaring", "ledighedsydelse", "foertidspension", "efterloen",
        "folkepension", "andet",
    },
    ("crime_charges", "law"): {"straffeloven", "euf", "vaabenloven", "faerdselsloven", "andet"},
    ("convictions", "law"): {"straffeloven", "euf", "vaabenloven", "faerdselsloven", "andet"},
    ("child_measures", "kind"): {"dag", "doegn"},
    ("childcare_enrolment", "kind"): {"dagpleje", "vuggestue", "boernehave", "sfo"},
    ("incidents", "kind"): {"haervaerk", "indbrud", "indbrudsforsoeg", "vold", "andet"},
    ("education", "event"): {
        "grundskole_afsluttet", "ungdomsudd_start", "ungdomsudd_afbrudt", "ungdomsudd_fuldfoert",
    },
    ("education_level", "level"): {
        "grundskole", "gymnasial", "erhvervsfaglig", "kvu", "mvu", "bachelor", "lvu", "phd",
        "ukendt",
    },
    ("language_assessments", "result"): {"generel", "fokuseret", "saerlig"},
    ("persons", "origin"): {"1", "2", "3"},
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CONTRACT_COLUMNS))
def test_register_present_with_exactly_the_contract_columns(delivery: Path, name: str) -> None:
    frame = load(delivery, name)
    assert list(frame.columns) == CONTRACT_COLUMNS[name]
    assert len(frame) > 0


@pytest.mark.parametrize(("name", "column"), sorted(CODES))
def test_codes_come_from_the_contract_lists(delivery: Path, name: str, column: str) -> None:
    values = set(load(delivery, name)[column].dropna())
    assert values <= CODES[(name, column)]
    assert len(values) >= 2


def test_reference_values_hold_both_keys_every_year(delivery: Path) -> None:
    frame = load(delivery, "reference_values")
    for year in range(2010, 2026):
        keys = set(frame.loc[frame["year"].astype(float).astype(int) == year, "key"])
        assert keys == {"national_conviction_share_18plus", "regional_mean_gross_income"}
    share = frame.loc[frame["key"] == "national_conviction_share_18plus", "value"].astype(float)
    income = frame.loc[frame["key"] == "regional_mean_gross_income", "value"].astype(float)
    assert share.between(0.1, 10).all(), "a share in percent"
    assert income.between(100_000, 1_000_000).all(), "DKK per year"


def test_interventions_register_holds_the_planted_interventions(delivery: Path) -> None:
    """One row per planted intervention: same area, start year and target as the truth."""
    register = load(delivery, "interventions")
    truth = load(delivery / "ground_truth", "interventions")
    written = {(r.area_id, str(r.start)[:4], r.target_indicators) for r in register.itertuples()}
    planted = {(r.area_id, str(r.start_year), r.indicator_id) for r in truth.itertuples()}
    assert written == planted
    assert len(planted) == 4
    assert set(register["kind"]) <= {
        "helhedsplan", "fysisk_omdannelse", "beskaeftigelse", "boern_unge", "tryghed", "andet",
    }  # fmt: skip
    assert register["start"].astype(str).str.endswith("-01-01").all()
    assert register["end"].isna().all()


def test_formats_are_mixed_as_real_deliveries_are(delivery: Path) -> None:
    suffixes = {p.suffix for p in delivery.iterdir() if p.is_file()}
    assert {".csv", ".parquet", ".xlsx", ".geojson"} <= suffixes
    texts = {p.stem: p.read_bytes() for p in delivery.glob("*.csv")}
    assert any(t.startswith(b"\xef\xbb\xbf") for t in texts.values()), "a file with a BOM"
    semicolon_decimal = [
        n for n, t in texts.items()
        if t.decode("utf-8-sig").split("\n", 1)[0].count(";")
        and re.search(rb";\d+,\d+(;|\n)", t)
    ]  # fmt: skip
    assert semicolon_decimal, "a `;` file with decimal commas"
    joined = b"\n".join(texts.values())
    assert re.search(rb"(^|[;,])\d\d-\d\d-\d{4}([;,]|\n)", joined, re.M), "DD-MM-YYYY dates"
    assert re.search(rb"(^|[;,])\d\d\.\d\d\.\d{4}([;,]|\n)", joined, re.M), "DD.MM.YYYY dates"
    assert re.search(rb"(^|[;,])\d{4}-\d\d-\d\d([;,]|\n)", joined, re.M), "YYYY-MM-DD dates"
    assert re.search(rb"^\d{6}-\d{4}[;,]", joined, re.M), "CPR as DDMMYY-SSSS"
    assert re.search(rb"^\d{10}[;,]", joined, re.M), "CPR as DDMMYYSSSS"
    headers = [read_raw(register_file(delivery, n)).columns for n in CONTRACT_COLUMNS]
    assert any(any(c != c.lower() for c in h) for h in headers), "a header in mixed case"


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    kwargs = {"scale": 0.01, "years": (2018, 2021)}
    generate(tmp_path / "a", seed=3, **kwargs)  # type: ignore[arg-type]
    generate(tmp_path / "b", seed=3, **kwargs)  # type: ignore[arg-type]
    generate(tmp_path / "c", seed=4, **kwargs)  # type: ignore[arg-type]
    a, b, c = _digest(tmp_path / "a"), _digest(tmp_path / "b"), _digest(tmp_path / "c")
    assert a == b
    assert "reference_values.xlsx" in a and "library_loans.parquet" in a
    assert a["persons.csv"] != c["persons.csv"]
    assert a["residences.csv"] != c["residences.csv"]


def test_bad_scale_is_refused_with_a_hint(tmp_path: Path) -> None:
    from bosocdata.errors import BosocError

    with pytest.raises(BosocError, match="scale") as caught:
        generate(tmp_path, scale=0, seed=1, years=(2010, 2025))
    assert caught.value.hint


def test_the_command_line_writes_a_delivery_and_says_so(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from bosocdata.cli.main import app

    out = tmp_path / "cli"
    result = CliRunner().invoke(
        app, ["synth", str(out), "--scale", "0.01", "--seed", "2", "--years", "2020-2021"]
    )
    assert result.exit_code == 0, result.output
    assert "residents" in result.output and "25 housing areas" in result.output
    assert (out / "persons.csv").exists() and (out / "ground_truth" / "rates.csv").exists()
    truth = (out / "ground_truth" / "rates.csv").read_text(encoding="utf-8")
    assert ",2020," in truth and ",2021," in truth and ",2019," not in truth
