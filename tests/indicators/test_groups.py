"""Groups of areas are computed from the persons of their areas, counted by hand.

Three areas and one address outside every area; on 1 January 2023:
- A (address A1): residents aged 5, 30 and 40;
- B (address B1): aged 10 and 70;
- C (address C1): aged 12;
- outside (R1): aged 8.
Group G = A + B and group H = B + C (they share B, so they are computed in two runs).
`boern_unge_under_18` (residents 0-17 of all residents): G 2 of 5 (aged 5 and 10),
H 2 of 3 (aged 10 and 12).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from indicator_store import address, areas, lives, make_store, person

from bosocdata.errors import BosocError
from bosocdata.indicators import load_catalogue
from bosocdata.indicators.catalogue import Catalogue
from bosocdata.indicators.groups import AreaGroup, compute_group_rows, layers, read_area_groups

PEOPLE = [
    ("a1", "2018-06-01", "A1"),
    ("a2", "1993-01-01", "A1"),
    ("a3", "1983-01-01", "A1"),
    ("b1", "2012-06-01", "B1"),
    ("b2", "1953-01-01", "B1"),
    ("c1", "2010-06-01", "C1"),
    ("r1", "2014-06-01", "R1"),
]
G = AreaGroup("G", "Helhedsplan G", ("A", "B"))
H = AreaGroup("H", "Boligorganisation H", ("B", "C"))


def store():  # type: ignore[no-untyped-def]
    return make_store(
        {
            "persons": [person(p, born) for p, born, _ in PEOPLE],
            "residences": [lives(p, where, "2015-01-01") for p, _, where in PEOPLE],
            "addresses": [
                address("A1", "A"),
                address("B1", "B"),
                address("C1", "C"),
                address("R1", None),
            ],
            "areas": areas("A", "B", "C"),
        }
    )


def catalogue() -> Catalogue:
    full = load_catalogue()
    return Catalogue({"boern_unge_under_18": full.get("boern_unge_under_18")})


def test_a_groups_numerator_and_denominator_are_the_persons_of_its_areas() -> None:
    con = store()
    rows = compute_group_rows(con, catalogue(), [G, H], [2023])
    got = {r.area_id: (r.numerator, r.denominator, r.area_name) for r in rows.itertuples()}
    assert got == {"G": (2.0, 5.0, "Helhedsplan G"), "H": (2.0, 3.0, "Boligorganisation H")}
    # the store is seen as it was afterwards: the area link is the areas' again
    assert con.execute("SELECT count(*) FROM addresses WHERE area_id = 'G'").fetchone() == (0,)
    assert sorted(r[0] for r in con.execute("SELECT area_id FROM areas").fetchall()) == [
        "A",
        "B",
        "C",
    ]


def test_groups_sharing_an_area_go_in_separate_runs() -> None:
    other = AreaGroup("K", "K", ("C",))
    assert [[g.group_id for g in run] for run in layers([G, H, other])] == [["G", "K"], ["H"]]


def test_the_groups_file_is_checked_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "area_groups.csv"
    path.write_text("group_id;group_name;area_id\nG;Helhedsplan G;A\nG;Helhedsplan G;B\n")
    assert read_area_groups(path, ["A", "B", "C"]) == [AreaGroup("G", "Helhedsplan G", ("A", "B"))]
    path.write_text("group_id;group_name;area_id\nG;Helhedsplan G;A\nG;Helhedsplan G;X\n")
    with pytest.raises(BosocError, match="line 3, column `area_id`: 'X' is not an area"):
        read_area_groups(path, ["A", "B", "C"])
    path.write_text("group_id;group_name;area_id\nA;Helhedsplan;B\n")
    with pytest.raises(BosocError, match="line 2, column `group_id`: 'A' is an area's id"):
        read_area_groups(path, ["A", "B", "C"])
