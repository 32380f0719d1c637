"""A hand-computed boundary test for every indicator beyond the foundation three; the
official criteria's indicators are in test_indicators_criteria.py.

Each test builds a tiny store; period 2023 has R = 2023-01-01, W = [2023-01-01, 2024-01-01).
Expected numbers are worked out in the comments.
"""

from __future__ import annotations

import pytest
from indicator_store import address, areas, compute_one, counts, ev, in_area, lives, person


def test_charges_and_convictions_count_the_three_laws_in_w() -> None:
    people = [
        ("y1", "2008-01-01"),
        ("y2", "2005-06-01"),
        ("y3", "2005-01-01"),
        ("v1", "1980-01-01"),
    ]
    charges = [
        ev("y1", "charge_date", "2023-05-01", law="straffeloven"),  # 15: counts (unge)
        ev("y2", "charge_date", "2023-05-01", law="faerdselsloven"),  # 17: law not counted
        ev("y3", "charge_date", "2023-12-31", law="euf"),  # 18 on R: voksne, counts
        ev("v1", "charge_date", "2023-02-01", law="andet"),  # not counted
    ]
    convictions = [
        ev("v1", "verdict_date", "2023-03-01", law="straffeloven"),  # counts
        ev("y3", "verdict_date", "2024-01-01", law="vaabenloven"),  # outside W 2023
    ]
    result = compute_one(
        in_area(people, crime_charges=charges, convictions=convictions),
        ["sigtede_unge", "sigtede_voksne", "domme"],
        [2023],
    )
    assert counts(result, "sigtede_unge") == (1, 2)  # y1, y2 are 15-17
    assert counts(result, "sigtede_voksne") == (1, 2)  # y3, v1 are 18+
    assert counts(result, "domme") == (1, 2)


def test_measures_overlapping_w() -> None:
    people = [("c1", "2010-01-01"), ("c2", "2011-01-01"), ("c3", "2012-01-01")]
    measures = [
        {"pid": "c1", "kind": "dag", "start_date": "2022-01-01", "end_date": "2023-01-01"},
        {"pid": "c2", "kind": "doegn", "start_date": "2023-12-31", "end_date": None},
        {"pid": "c3", "kind": "dag", "start_date": "2024-01-01", "end_date": None},
    ]
    result = compute_one(
        in_area(people, child_measures=measures), ["foranstaltninger_boern_unge"], [2023]
    )
    # c1 ended on R (end is the first day after): no overlap; c2 overlaps; c3 starts after W.
    assert counts(result, "foranstaltninger_boern_unge") == (1, 3)


def test_without_leisure_offer_at_r() -> None:
    people = [
        ("k1", "2010-01-01"),
        ("k2", "2010-01-01"),
        ("k3", "2010-01-01"),
        ("k4", "2014-01-02"),
    ]  # k4 is 8 on R: outside 10-17
    leisure = [
        {"pid": "k1", "start_date": "2022-06-01", "end_date": None},  # enrolled at R
        {"pid": "k2", "start_date": "2022-01-01", "end_date": "2023-01-01"},  # ended on R
    ]
    result = compute_one(in_area(people, leisure_enrolment=leisure), ["uden_fritidstilbud"], [2023])
    assert counts(result, "uden_fritidstilbud") == (2, 3)  # k2, k3 of k1-k3


def test_economic_free_place_among_enrolled() -> None:
    people = [
        ("f1", "2019-01-01"),
        ("f2", "2012-01-01"),
        ("f3", "2019-01-01"),
        ("f4", "2008-06-01"),
    ]
    care = [
        {
            "pid": "f1",
            "kind": "boernehave",
            "start_date": "2022-08-01",
            "end_date": None,
            "free_place_pct": 50.0,
        },
        {
            "pid": "f2",
            "kind": "sfo",
            "start_date": "2022-08-01",
            "end_date": None,
            "free_place_pct": 0.0,
        },
        {
            "pid": "f3",
            "kind": "boernehave",
            "start_date": "2023-01-02",
            "end_date": None,
            "free_place_pct": 100.0,
        },  # starts after R: not enrolled at R
        {
            "pid": "f4",
            "kind": "sfo",
            "start_date": "2022-08-01",
            "end_date": None,
            "free_place_pct": 100.0,
        },  # 14 at R
    ]
    result = compute_one(in_area(people, childcare_enrolment=care), ["oekonomisk_friplads"], [2023])
    assert counts(result, "oekonomisk_friplads") == (1, 2)


def test_pupils_at_another_school_than_the_district_school() -> None:
    tables = {
        "persons": [person(p, "2013-01-01") for p in ("p1", "p2", "p3", "p4")],
        "residences": [
            lives("p1", "A1", "2015-01-01"),
            lives("p2", "A1", "2015-01-01"),
            lives("p3", "A2", "2015-01-01"),
            lives("p4", "A1", "2015-01-01"),
        ],
        "addresses": [address("A1", "A"), address("A2", "A")],
        "areas": areas("A"),
        "school_districts": [{"address_id": "A1", "school_id": "S1"}],
        "school_enrolment": [
            {"pid": "p1", "school_id": "S1", "start_date": "2019-08-01", "end_date": None},
            {"pid": "p2", "school_id": "S2", "start_date": "2019-08-01", "end_date": None},
            {"pid": "p3", "school_id": "S2", "start_date": "2019-08-01", "end_date": None},
        ],
    }
    result = compute_one(tables, ["pendler_til_skole"], [2023])
    # p1 at district school S1, p2 at S2 (counts); p3's address has no district school;
    # p4 is not enrolled.
    assert counts(result, "pendler_til_skole") == (1, 2)


def test_no_library_loan_in_w() -> None:
    people = [("l1", "1990-01-01"), ("l2", "1990-01-01"), ("l3", "1990-01-01")]
    loans = [ev("l1", "loan_date", "2023-06-01"), ev("l2", "loan_date", "2024-01-01")]
    result = compute_one(in_area(people, library_loans=loans), ["ikke_aktive_laanere"], [2023])
    assert counts(result, "ikke_aktive_laanere") == (2, 3)  # l2 (loan after W) and l3


@pytest.mark.parametrize("indicator", ["ikke_vestlig_baggrund", "krit_ikke_vestlige"])
def test_non_western_origin(indicator: str) -> None:
    tables = in_area([])
    tables["persons"] = [
        person("n1", "1980-01-01", origin=2, country="TR"),  # counts
        person("n2", "1980-01-01", origin=3, country=None),  # unknown country: counts
        person("n3", "1980-01-01", origin=2, country="DE"),  # Western
        person("n4", "1980-01-01", origin=1, country="TR"),  # Danish origin
        person("n5", "1980-01-01", origin=3, country="GL"),  # Greenland counts as Western
    ]
    tables["residences"] = [lives(p["pid"], "A1", "2015-01-01") for p in tables["persons"]]
    result = compute_one(tables, [indicator], [2023])
    assert counts(result, indicator) == (2, 5)


def test_place_indicators_count_events_at_addresses() -> None:
    tables = {
        "persons": [person(p, "1980-01-01") for p in ("a", "b", "c", "r")],
        "residences": [
            lives("a", "A1", "2015-01-01"),
            lives("b", "A1", "2015-01-01"),
            lives("c", "A2", "2015-01-01"),
            lives("r", "R1", "2015-01-01"),
        ],
        "addresses": [
            address("A1", "A"),
            address("A2", "A"),
            address("A3", "A"),
            address("R1", None),
        ],
        "areas": areas("A"),
        "incidents": [
            {"address_id": "A3", "incident_date": "2023-03-01", "kind": "haervaerk"},  # empty flat
            {"address_id": "A1", "incident_date": "2023-05-01", "kind": "vold"},
            {"address_id": "A1", "incident_date": "2024-01-01", "kind": "indbrud"},  # after W
            {"address_id": "R1", "incident_date": "2023-02-02", "kind": "indbrudsforsoeg"},
        ],
        "evictions": [{"address_id": "A2", "eviction_date": "2023-12-31"}],
        "fire_callouts": [{"address_id": "A1", "callout_date": "2023-01-01", "kind": "brand"}],
    }
    ids = ["haervaerk_indbrud", "udsaettelser", "anmeldelser", "brand_udrykninger"]
    result = compute_one(tables, ids, [2023])
    # households at R: A1, A2 in A (A3 is empty), R1 in __rest__
    assert counts(result, "haervaerk_indbrud") == (1, 2)
    assert counts(result, "haervaerk_indbrud", "__rest__") == (1, 1)
    assert counts(result, "haervaerk_indbrud", "__all__") == (2, 3)
    assert counts(result, "udsaettelser") == (1, 2)
    # per 1,000 residents: A has 3 residents; haervaerk + vold in W
    assert counts(result, "anmeldelser") == (2, 3)
    assert counts(result, "brand_udrykninger") == (1, 3)


def test_households_that_moved_out() -> None:
    tables = {
        "persons": [
            person("h1a", "1980-01-01"),
            person("h1b", "1980-01-01"),
            person("h2", "1940-01-01", death="2023-06-01"),
            person("h3", "1980-01-01"),
            person("h4a", "1980-01-01"),
            person("h4b", "1980-01-01"),
        ],
        "residences": [
            # H1: both leave; the second on the next R (end = first day not living there)
            lives("h1a", "H1", "2015-01-01", "2023-05-01"),
            lives("h1b", "H1", "2015-01-01", "2024-01-01"),
            # H2: the only resident dies -> not a move
            lives("h2", "H2", "2015-01-01", "2023-06-01"),
            # H3: moves out and back in during the year -> lives there at the next R
            lives("h3", "H3", "2015-01-01", "2023-03-01"),
            lives("h3", "H3", "2023-09-01"),
            # H4: one leaves, one stays
            lives("h4a", "H4", "2015-01-01", "2023-04-01"),
            lives("h4b", "H4", "2015-01-01"),
        ],
        "addresses": [address(a, "A") for a in ("H1", "H2", "H3", "H4")],
        "areas": areas("A"),
    }
    result = compute_one(tables, ["fraflyttede_husstande"], [2023])
    assert counts(result, "fraflyttede_husstande") == (1, 4)


def test_24_year_olds_without_youth_education() -> None:
    people = [(p, "1999-01-01") for p in ("u1", "u2", "u3", "u4", "u5")] + [("u6", "1998-01-01")]
    edu = [
        ev("u1", "date", "2020-06-20", event="ungdomsudd_fuldfoert"),  # completed
        ev("u2", "date", "2022-08-01", event="ungdomsudd_start"),  # enrolled at R
        ev("u3", "date", "2019-08-01", event="ungdomsudd_start"),
        ev("u3", "date", "2020-02-01", event="ungdomsudd_afbrudt"),  # dropped out: counts
        ev("u5", "date", "2023-01-01", event="ungdomsudd_fuldfoert"),  # on R, not before
    ]
    result = compute_one(in_area(people, education=edu), ["unge_24_uden_ungdomsuddannelse"], [2023])
    # 24 at R: u1-u5 (u6 is 25); counted: u3, u4 (nothing), u5
    assert counts(result, "unge_24_uden_ungdomsuddannelse") == (3, 5)


def test_not_in_education_15_months_after_compulsory_school() -> None:
    # Cohort of 2023: G + 15 months in [2022-01-01, 2023-01-01).
    g = "grundskole_afsluttet"
    edu = [
        ev("g1", "date", "2021-06-30", event=g),  # -> 2022-09-30
        ev("g1", "date", "2022-08-01", event="ungdomsudd_start"),  # enrolled then
        ev("g2", "date", "2020-10-31", event=g),  # -> 2022-01-31; nothing: counts
        ev("g3", "date", "2021-09-30", event=g),  # -> 2022-12-30
        ev("g3", "date", "2023-01-01", event="ungdomsudd_start"),  # too late: counts
        ev("g4", "date", "2021-10-31", event=g),  # -> 2023-01-31: next cohort
        ev("g5", "date", "2020-09-30", event=g),  # -> 2021-12-30: earlier cohort
        ev("g6", "date", "2020-11-30", event=g),  # first G -> 2022-02-28 (clamped)
        ev("g6", "date", "2021-06-01", event=g),  # a second G is ignored
        ev("g6", "date", "2022-02-27", event="ungdomsudd_fuldfoert"),  # completed before
        ev("g7", "date", "2021-08-31", event=g),  # -> 2022-11-30 (clamped, not 12-01)
        ev("g7", "date", "2022-11-30", event="ungdomsudd_start"),  # on the date: not before
    ]
    people = [(f"g{i}", "2005-06-01") for i in range(1, 8)]
    result = compute_one(in_area(people, education=edu), ["ikke_i_uddannelse_15_mdr"], [2023])
    # population g1, g2, g3, g6, g7; counted g2, g3, g7
    assert counts(result, "ikke_i_uddannelse_15_mdr") == (3, 5)


def test_health_related_transfer_income() -> None:
    people = [("h1", "1980-01-01"), ("h2", "1980-01-01")]
    lm = [
        {"pid": "h1", "start_date": "2022-01-01", "end_date": None, "status": "sygedagpenge"},
        {"pid": "h2", "start_date": "2022-01-01", "end_date": None, "status": "ledig"},
    ]
    result = compute_one(
        in_area(people, labour_market=lm), ["helbredsbetinget_overfoersel"], [2023]
    )
    assert counts(result, "helbredsbetinget_overfoersel") == (1, 2)


def test_school_absence_uses_the_school_year_before() -> None:
    people = [(p, "2012-01-01") for p in ("s1", "s2", "s3", "s4")] + [("s5", "2005-06-01")]
    absence = [
        {"pid": "s1", "school_year": 2022, "absence_pct": 12.0},
        {"pid": "s2", "school_year": 2022, "absence_pct": 10.0},  # exactly 10 counts
        {"pid": "s3", "school_year": 2023, "absence_pct": 15.0},  # wrong school year
        {"pid": "s4", "school_year": 2022, "absence_pct": 9.9},
        {"pid": "s5", "school_year": 2022, "absence_pct": 20.0},  # 17: outside 6-16
    ]
    result = compute_one(in_area(people, school_absence=absence), ["skolefravaer"], [2023])
    assert counts(result, "skolefravaer") == (2, 3)  # s1, s2 of s1, s2, s4


def test_overweight_uses_latest_exam_and_completed_half_years() -> None:
    tables = in_area([])
    tables["persons"] = [
        person("b1", "2015-01-01", sex="M"),
        person("b2", "2012-07-01", sex="F"),
        person("b3", "2012-07-02", sex="F"),
        person("b4", "2012-07-02", sex="F"),
        person("b5", "2022-01-01", sex="M"),
    ]
    tables["residences"] = [lives(p["pid"], "A1", "2015-01-01") for p in tables["persons"]]
    tables["health_exams"] = [
        # b1: BMI 20 at 8y2m (cut-off 18.44) but the latest exam, at 8y8m (8.5 years,
        # cut-off 18.76), has BMI 18.5 -> not overweight
        {"pid": "b1", "exam_date": "2023-03-01", "height_cm": 100.0, "weight_kg": 20.0},
        {"pid": "b1", "exam_date": "2023-09-01", "height_cm": 100.0, "weight_kg": 18.5},
        # b2: exactly 11.0 years (cut-off 20.74); BMI 46.67 / 1.5^2 = 20.742 -> overweight
        {"pid": "b2", "exam_date": "2023-07-01", "height_cm": 150.0, "weight_kg": 46.67},
        # b3: one day short of 11 -> 10.5 years (cut-off 20.29); BMI 20.5 -> overweight
        {"pid": "b3", "exam_date": "2023-07-01", "height_cm": 100.0, "weight_kg": 20.5},
        # b5 is 1 at R: outside 2-17
        {"pid": "b5", "exam_date": "2023-07-01", "height_cm": 80.0, "weight_kg": 20.0},
    ]
    result = compute_one(tables, ["boern_overvaegt"], [2023])
    assert counts(result, "boern_overvaegt") == (2, 3)  # b4 has no exam


def test_language_assessment_latest_in_w() -> None:
    people = [("a1", "2019-01-01"), ("a2", "2019-01-01"), ("a3", "2019-01-01")]
    la = [
        ev("a1", "assessment_date", "2023-02-01", result="saerlig"),
        ev("a1", "assessment_date", "2023-10-01", result="generel"),  # latest: generel
        ev("a2", "assessment_date", "2023-05-05", result="fokuseret"),
        ev("a3", "assessment_date", "2022-12-31", result="saerlig"),
    ]  # before W
    result = compute_one(in_area(people, language_assessments=la), ["sprogvurdering"], [2023])
    assert counts(result, "sprogvurdering") == (1, 2)
