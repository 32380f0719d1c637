"""The stayers/movers decomposition on a hand-built delivery, every term by hand.

Area A1 (ADR1, ADR2), indicator `voksne_uden_for_arbejdsmarkedet` (residents 18-64 on
public transfer income at R), from 2020 (R0 = 1 January 2020) to 2021 (R1):

| person | at R0 | at R1 | group | counts at R0 / R1 |
|---|---|---|---|---|
| P1 40 y | ADR1, ledig | same | stayer | 1 / 1 |
| P2 35 y | ADR1, kontanthjælp to 1 Jun 2020, then employed | same | stayer | 1 / 0 |
| P3 50 y | ADR2, employed | same | stayer | 0 / 0 |
| P4 30 y | outside every area, ledig | ADR2 from 1 May 2020 | in-mover | - / 1 |
| P5 born 1 Jun 2002 | ADR1, 17 y | ADR1, 18 y, kontanthjælp | entrant | - / 1 |
| P6 45 y | ADR1, sygedagpenge | A2 from 1 Aug 2020 | out-mover | 1 / - |
| P7 born 1 Jun 1955 | ADR2, 64 y, førtidspension | ADR2, 65 y | leaver | 1 / - |
| P8 60 y | ADR1, ledig | died 1 Oct 2020 | out-mover (death) | 1 / - |

P0 = 6, p0 = 5/6; P1 = 5, p1 = 3/5; pS0 = 2/3, pS1 = 1/3; so the change -7/30 is
stayers 3/5 (1/3 - 2/3) = -1/5, in-movers 1/5 (1 - 2/3) = 1/15, entrants 1/5 (1 - 2/3)
= 1/15, out-movers -2/6 (1 - 2/3) = -1/9, leavers -1/6 (1 - 2/3) = -1/18.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bosocdata.evaluation.decompose import Pair, decompose
from bosocdata.indicators import compute_indicators, load_catalogue
from bosocdata.ingest import ingest_delivery
from bosocdata.settings import Paths
from bosocdata.store import open_store
from deliveries import write_delivery

INDICATOR = "voksne_uden_for_arbejdsmarkedet"
PEOPLE = {  # name: (cpr, [(address, start, end)], [(status, start, end)], death)
    "P1": ("010180-1231", [("ADR1", "2010-01-01", "")], [("ledig", "2015-01-01", "")], ""),
    "P2": (
        "010185-1242",
        [("ADR1", "2010-01-01", "")],
        [("kontanthjaelp", "2019-06-01", "2020-06-01"), ("beskaeftiget", "2020-06-01", "")],
        "",
    ),
    "P3": ("010170-1253", [("ADR2", "2012-01-01", "")], [("beskaeftiget", "2000-01-01", "")], ""),
    "P4": (
        "010190-1264",
        [("ADR4", "2015-01-01", "2020-05-01"), ("ADR2", "2020-05-01", "")],
        [("ledig", "2018-01-01", "")],
        "",
    ),
    "P5": ("010602-4275", [("ADR1", "2002-06-01", "")], [("kontanthjaelp", "2020-09-01", "")], ""),
    "P6": (
        "010175-1286",
        [("ADR1", "2010-01-01", "2020-08-01"), ("ADR3", "2020-08-01", "")],
        [("sygedagpenge", "2019-01-01", "")],
        "",
    ),
    "P7": (
        "010655-1297",
        [("ADR2", "2000-01-01", "")],
        [("foertidspension", "2010-01-01", "")],
        "",
    ),
    "P8": (
        "010160-1307",
        [("ADR1", "2000-01-01", "2020-10-01")],
        [("ledig", "2015-01-01", "")],
        "2020-10-01",
    ),
    "P9": ("010195-1318", [("ADR4", "2015-01-01", "")], [], ""),
}


def delivery(directory: Path) -> Path:
    registers: dict[str, list[dict[str, str]]] = {
        "persons": [
            {"cpr": cpr, "origin": "1", "death_date": death} for cpr, _, _, death in PEOPLE.values()
        ],
        "addresses": [
            {"address_id": a, "street": "Testvej", "house_number": str(i), "postcode": "8000"}
            for i, a in enumerate(("ADR1", "ADR2", "ADR3", "ADR4"), start=1)
        ],
        "residences": [
            {"cpr": cpr, "address_id": a, "start": s, "end": e}
            for cpr, homes, _, _ in PEOPLE.values()
            for a, s, e in homes
        ],
        "areas": [{"area_id": "A1", "name": "Område Et"}, {"area_id": "A2", "name": "Område To"}],
        "area_addresses": [
            {"area_id": "A1", "address_id": "ADR1"},
            {"area_id": "A1", "address_id": "ADR2"},
            {"area_id": "A2", "address_id": "ADR3"},
        ],
        "labour_market": [
            {"cpr": cpr, "start": s, "end": e, "status": st}
            for cpr, _, spells, _ in PEOPLE.values()
            for st, s, e in spells
        ],
    }
    return write_delivery(directory, registers)


@pytest.fixture
def table(tmp_path: Path, paths: Paths) -> pd.DataFrame:
    ingest_delivery(delivery(tmp_path / "d"), paths)
    con = open_store(paths)
    try:
        return decompose(con, load_catalogue(), [Pair(2020, 2021)], [INDICATOR])
    finally:
        con.close()


def value(table: pd.DataFrame, area: str, estimand: str) -> float:
    rows = table[(table["area_id"] == area) & (table["estimand"] == estimand)]
    assert len(rows) == 1, (area, estimand)
    return float(rows["estimate"].iloc[0])


def test_each_term_is_the_hand_computed_one(table: pd.DataFrame) -> None:
    expected = {
        "change": (3 / 5 - 5 / 6) * 100,
        "stayers_change": -1 / 5 * 100,
        "in_movers": 1 / 15 * 100,
        "entrants": 1 / 15 * 100,
        "out_movers": -1 / 9 * 100,
        "leavers": -1 / 18 * 100,
    }
    for estimand, number in expected.items():
        assert value(table, "A1", estimand) == pytest.approx(number), estimand


def test_group_sizes_rates_and_deaths(table: pd.DataFrame) -> None:
    sizes = {"stayers": 3, "in_movers": 1, "entrants": 1, "out_movers": 2, "leavers": 1}
    for group, size in sizes.items():
        assert value(table, "A1", f"n_{group}") == size, group
    assert value(table, "A1", "n_deaths") == 1
    assert value(table, "A1", "rate_stayers_before") == pytest.approx(200 / 3)
    assert value(table, "A1", "rate_stayers_after") == pytest.approx(100 / 3)
    row = table[(table["area_id"] == "A1") & (table["estimand"] == "change")].iloc[0]
    assert (row["base_period"], row["period"]) == (2020, 2021)
    assert (row["n_control"], row["n_treated"]) == (6, 5)  # P0 and P1
    assert row["method"] == "decompose"


def test_moving_between_areas_is_staying_in_the_municipality(table: pd.DataFrame) -> None:
    # P4 moves from outside every area into A1: an out-mover of __rest__ (P9 stays)
    assert value(table, "__rest__", "n_out_movers") == 1
    assert value(table, "__rest__", "n_stayers") == 1
    # nobody of the population lived in A2 on R0: no change to decompose there
    assert table[table["area_id"] == "A2"].empty
    # __all__ at R0: P1 P2 P3 P4 P6 P7 P8 P9; at R1: P1-P6, P9 (P5 aged in, P7 out, P8 died)
    assert value(table, "__all__", "n_stayers") == 6  # P1 P2 P3 P4 P6 P9
    assert value(table, "__all__", "n_entrants") == 1  # P5
    assert value(table, "__all__", "n_leavers") == 1  # P7
    assert value(table, "__all__", "n_out_movers") == 1  # P8 (died)
    assert value(table, "__all__", "n_deaths") == 1


def test_the_populations_are_the_indicators_denominators(tmp_path: Path, paths: Paths) -> None:
    ingest_delivery(delivery(tmp_path / "d"), paths)
    con = open_store(paths)
    try:
        catalogue = load_catalogue()
        table = decompose(con, catalogue, [Pair(2020, 2021)], [INDICATOR])
        indicators = compute_indicators(con, catalogue, [2020, 2021]).table
    finally:
        con.close()
    cells = indicators[indicators["indicator_id"] == INDICATOR].set_index(["area_id", "period"])
    for area in ("A1", "A2", "__rest__", "__all__"):
        change = table[(table["area_id"] == area) & (table["estimand"] == "change")]
        if change.empty:
            continue
        row = change.iloc[0]
        assert row["n_control"] == cells.loc[(area, 2020), "denominator"], area
        assert row["n_treated"] == cells.loc[(area, 2021), "denominator"], area
        p0 = cells.loc[(area, 2020), "numerator"] / cells.loc[(area, 2020), "denominator"]
        p1 = cells.loc[(area, 2021), "numerator"] / cells.loc[(area, 2021), "denominator"]
        assert row["estimate"] == pytest.approx((p1 - p0) * 100), area


def test_flows_count_the_movers_and_their_rates(table: pd.DataFrame) -> None:
    from bosocdata.evaluation.flows import flows_table

    flows = flows_table(table).set_index(["area_id", "period", "indicator_id"])
    a1 = flows.loc[("A1", 2021, INDICATOR)]
    assert (a1["stayers"], a1["in_movers"], a1["out_movers"], a1["deaths"]) == (3, 1, 2, 1)
    assert a1["rate_stayers"] == pytest.approx(100 / 3)  # P1 of P1, P2, P3 in 2021
    assert a1["rate_in_movers"] == pytest.approx(100.0)  # P4
    assert a1["rate_out_movers"] == pytest.approx(100.0)  # P6, P8 in 2020
    assert not a1["suppressed"]
