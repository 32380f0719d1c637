"""People: valid fictitious CPR numbers, clean address histories, intact references."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from synth_delivery import SCALE
from synth_reader import load, to_date

PERSON_REGISTERS = (
    "residences", "labour_market", "crime_charges", "convictions", "notifications",
    "child_measures", "leisure_enrolment", "childcare_enrolment", "school_enrolment",
    "library_loans", "education", "education_level", "income", "school_absence",
    "health_exams", "language_assessments",
)  # fmt: skip
ADDRESS_REGISTERS = ("residences", "area_addresses", "school_districts", "incidents", "evictions",
                     "fire_callouts")  # fmt: skip


def century(seventh: int, yy: int) -> int:
    """The contract's table, written out independently of the generator."""
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if yy <= 36 else 1900
    return 2000 if yy <= 57 else 1800


def decode(cpr: str) -> tuple[dt.date, str]:
    digits = cpr.replace("-", "")
    assert len(digits) == 10 and digits.isdigit(), "10 digits"
    yy = int(digits[4:6])
    born = dt.date(century(int(digits[6]), yy) + yy, int(digits[2:4]), int(digits[0:2]))
    return born, "M" if int(digits[9]) % 2 else "F"


def test_century_rule_reference_examples() -> None:
    assert decode("010180-1235") == (dt.date(1980, 1, 1), "M")
    assert decode("0101104236") == (dt.date(2010, 1, 1), "F")
    assert decode("010160-9998")[0] == dt.date(1960, 1, 1)
    assert decode("0101604236")[0] == dt.date(1960, 1, 1)


@pytest.fixture(scope="module")
def persons(delivery: Path) -> pd.DataFrame:
    frame = load(delivery, "persons")
    decoded = [decode(c) for c in frame["cpr"]]  # raises on an invalid date
    frame["birth"] = pd.to_datetime([d for d, _ in decoded])
    frame["sex"] = [s for _, s in decoded]
    frame["death"] = to_date(frame["death_date"])
    return frame


def test_cpr_numbers_are_valid_unique_and_plausible(persons: pd.DataFrame) -> None:
    assert persons["cpr"].str.fullmatch(r"\d{6}-\d{4}").all()
    assert persons["cpr"].is_unique
    assert persons["birth"].min() >= pd.Timestamp("1900-01-01")
    assert persons["birth"].max() < pd.Timestamp("2026-01-01")
    assert 0.45 < (persons["sex"] == "M").mean() < 0.55
    seventh = persons["cpr"].str[7].astype(int)
    assert seventh.isin([4, 9]).any() and seventh.isin([5, 6, 7, 8]).any()


def test_residences_match_births_never_overlap_and_stop_at_death(
    delivery: Path, persons: pd.DataFrame
) -> None:
    res = load(delivery, "residences")
    res["start"], res["end"] = to_date(res["start"]), to_date(res["end"])
    res["cpr"] = res["cpr"].str[:6] + "-" + res["cpr"].str[6:]
    res = res.merge(persons[["cpr", "birth", "death"]], on="cpr", how="left", validate="m:1")
    assert res["birth"].notna().all(), "every resident is in persons"
    assert (res["start"] >= res["birth"]).all(), "nobody lives anywhere before birth"
    assert (res["end"].isna() | (res["end"] > res["start"])).all()
    res = res.sort_values(["cpr", "start"])
    previous_end = res.groupby("cpr")["end"].shift()
    same = res["cpr"].eq(res["cpr"].shift())
    assert (previous_end[same].notna()).all(), "an open residence is the last one"
    assert (res.loc[same, "start"] >= previous_end[same]).all(), "no overlaps"
    dead = res[res["death"].notna()]
    assert dead["end"].notna().all() and (dead["end"] <= dead["death"]).all()
    born_here = res[(res["start"] == res["birth"]) & (res["birth"] >= pd.Timestamp("2010-01-01"))]
    assert born_here["cpr"].nunique() > 500, "children born in the municipality during the years"
    first = res.groupby("cpr")["start"].min()
    assert (first < pd.Timestamp("2010-01-01")).sum() > 0.4 * len(first), "initial residents"


def test_households_share_dwellings(delivery: Path) -> None:
    res = load(delivery, "residences")
    res["start"], res["end"] = to_date(res["start"]), to_date(res["end"])
    r = pd.Timestamp("2010-01-01")
    living = res[(res["start"] <= r) & (res["end"].isna() | (res["end"] > r))]
    # Aarhus-sized at scale 1: 360,000 residents, of whom 43,600 in the 25 areas, which
    # keep their size at every scale; the scale shrinks the other 316,400.
    expected = 43_600 + 316_400 * SCALE
    assert abs(len(living) - expected) < 0.05 * expected
    size = living.groupby("address_id").size()
    assert 1.8 < size.mean() < 3.0
    assert size.max() <= 12


@pytest.mark.parametrize("name", PERSON_REGISTERS)
def test_every_cpr_is_a_known_person(delivery: Path, persons: pd.DataFrame, name: str) -> None:
    cpr = load(delivery, name)["cpr"]
    normalised = cpr.where(cpr.str.contains("-"), cpr.str[:6] + "-" + cpr.str[6:])
    assert normalised.isin(set(persons["cpr"])).all()


@pytest.mark.parametrize("name", ADDRESS_REGISTERS)
def test_every_address_id_is_a_known_address(delivery: Path, name: str) -> None:
    known = set(load(delivery, "addresses")["address_id"])
    assert load(delivery, name)["address_id"].isin(known).all()


def test_school_districts_cover_addresses_and_enrolment_schools(delivery: Path) -> None:
    districts = load(delivery, "school_districts")
    addresses = load(delivery, "addresses")
    assert set(districts["address_id"]) == set(addresses["address_id"])
    enrolled = set(load(delivery, "school_enrolment")["school_id"])
    assert enrolled <= set(districts["school_id"])


def test_statuses_suit_the_age(delivery: Path, persons: pd.DataFrame) -> None:
    lm = load(delivery, "labour_market")
    lm["start"] = to_date(lm["start"])
    lm = lm.merge(persons[["cpr", "birth"]], on="cpr")
    age_at_start = (lm["start"] - lm["birth"]).dt.days / 365.25
    assert age_at_start.min() >= 9, "no labour status for young children"
    pension = lm[lm["status"] == "folkepension"]
    assert ((pension["start"] - pension["birth"]).dt.days / 365.25).min() >= 60
