"""The largest contribution to an income sum and the sum of the two largest (`top1`,
`top2`), which disclosure control's dominance rule reads: per area and for `__all__`,
with two persons sharing the largest income and an area of a single earner.

The expected numbers are worked out by hand from the incomes below.
"""

from __future__ import annotations

from indicator_store import address, areas, compute_one, lives, person, row

# area A: 400,000 twice (a tie for the largest) and 100,000; area B: one earner, 250,000;
# outside every area: 700,000 and 50,000
INCOMES = {
    "a1": 400000.0,
    "a2": 400000.0,
    "a3": 100000.0,
    "b1": 250000.0,
    "r1": 700000.0,
    "r2": 50000.0,
}
HOME = {"a1": "A1", "a2": "A1", "a3": "A1", "b1": "B1", "r1": "R1", "r2": "R1"}


def test_the_largest_and_the_two_largest_incomes_per_area_and_for_the_municipality() -> None:
    tables = {
        "persons": [person(p, "1980-01-01") for p in INCOMES],
        "residences": [lives(p, HOME[p], "2015-01-01") for p in INCOMES],
        "addresses": [address("A1", "A"), address("B1", "B"), address("R1", None)],
        "areas": areas("A", "B"),
        "income": [{"pid": p, "year": 2022, "gross_income": v} for p, v in INCOMES.items()],
        # everyone at work: nobody is left out as a student
        "labour_market": [
            {"pid": p, "start_date": "2015-01-01", "end_date": None, "status": "beskaeftiget"}
            for p in INCOMES
        ],
    }
    result = compute_one(tables, ["indkomst"], [2023])
    tops = {
        area: (
            row(result, "indkomst", area, 2023)["top1"],
            row(result, "indkomst", area, 2023)["top2"],
        )
        for area in ("A", "B", "__rest__", "__all__")
    }
    assert tops == {
        "A": (400000.0, 800000.0),  # the tie: both count
        "B": (250000.0, 250000.0),  # one earner: the two largest are that one
        "__rest__": (700000.0, 750000.0),
        "__all__": (700000.0, 1100000.0),  # 700,000 + 400,000
    }
