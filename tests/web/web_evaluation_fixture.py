"""Evaluation tables written by hand beside the fixture zone (web_published_fixture.py):
what `bosoc evaluate` publishes (`interventions`, `evaluation`), with numbers chosen so
the expected Danish strings can be read off by hand.

- "Helhedsplan Bakkegården" (hp1) in Bakkegården from 2024: for Børn og unge under 18 år
  a difference-in-differences of +1,5 (0,3 to 2,7), a pre-trend p of 0,010 (rejects),
  a synthetic control of Østerparken 0,70 and Æblehaven 0,30, and the decomposition
  2023-2024 of the indicator table's change 23,4954 - 23,2285 = 0,2669:
  stayers 0,1 + in-movers 0,3 - out-movers 0,2 + entrants 0,05 + leavers 0,0169.
- "Frugthaven i gang" (hp2) in Æblehaven: a synthetic control whose donor is Bakkegården.
- Æblehaven's own decomposition 2023-2024 (no intervention): 28,0028 - 27,6111 = 0,3917 =
  -0,1 + 0,6 - 0,2 + 0,05 + 0,0417; for Voksne uden for arbejdsmarkedet withheld; and a
  pair 2015-2024 (another intervention's start, more than five years back) of change 9,9.
- The flows of 2024 (`flows`): Æblehaven 1.000 stayed, 150 moved in, 120 out, 5 died,
  Børn og unge under 18 år 27,04 % among the stayers, 33,25 % among the in-movers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
from fastapi.testclient import TestClient

B, V = "boern_unge_under_18", "voksne_uden_for_arbejdsmarkedet"

COLUMNS = (
    'intervention_id, area_id, indicator_id, method, estimand, "group", period, base_period,'
    " unit, estimate, se, ci_low, ci_high, n_treated, n_control, suppressed, note"
)


def _row(
    iid,
    area,
    ind,
    method,
    estimand,
    *,
    group=None,
    period=None,
    base=None,
    unit=None,
    est=None,
    lo=None,
    hi=None,
    n=None,
    suppressed=False,
):  # type: ignore[no-untyped-def]
    return (iid, area, ind, method, estimand, group, period, base, unit, est, None, lo, hi, n,
            None, suppressed, None)  # fmt: skip


def _decomposition(iid, area, ind, y0, y1, terms, suppressed=False):  # type: ignore[no-untyped-def]
    return [
        _row(
            iid,
            area,
            ind,
            "decompose",
            name,
            period=y1,
            base=y0,
            est=None if suppressed else value,
            suppressed=suppressed,
        )
        for name, value in terms.items()
    ]


HP1_TERMS = {"change": 0.2669, "stayers_change": 0.1, "in_movers": 0.3, "out_movers": -0.2,
             "entrants": 0.05, "leavers": 0.0169}  # fmt: skip
AEBLE_TERMS = {"change": 0.3917, "stayers_change": -0.1, "in_movers": 0.6, "out_movers": -0.2,
               "entrants": 0.05, "leavers": 0.0417}  # fmt: skip

ROWS = [
    _row("hp1", None, B, "did", "att_dynamic", period=-1, est=0.1, lo=-0.5, hi=0.7),
    _row("hp1", None, B, "did", "att_dynamic", period=0, est=1.5, lo=0.3, hi=2.7),
    _row("hp1", None, B, "did", "att_simple", est=1.5, lo=0.3, hi=2.7, n=1),
    _row("hp1", None, B, "did", "att_placebo", est=1.5, lo=-1.0, hi=4.0, n=1),
    _row("hp1", None, B, "did", "pretrend_p", est=0.01),
    _row("hp1", "bakken", B, "synth", "weight", unit="oester", est=0.7),
    _row("hp1", "bakken", B, "synth", "weight", unit="aeblehaven", est=0.3),
    _row("hp1", "bakken", B, "synth", "gap", period=2023, est=0.2),
    _row("hp1", "bakken", B, "synth", "gap", period=2024, est=1.5),
    _row("hp1", "bakken", B, "synth", "att_post", period=2024, est=1.5),
    _row("hp1", "bakken", B, "synth", "rmspe_pre", est=0.2),
    _row("hp1", "bakken", B, "synth", "placebo_p", est=0.5),
    *_decomposition("hp1", "bakken", B, 2023, 2024, HP1_TERMS),
    _row("hp2", "aeblehaven", B, "synth", "weight", unit="bakken", est=1.0),
    _row("hp2", "aeblehaven", B, "synth", "att_post", period=2024, est=-0.4),
    # the did of hp2: its one area has a hidden cell, so it was not estimated
    _row("hp2", "aeblehaven", B, "did", "att_simple", suppressed=True),
    *_decomposition(None, "aeblehaven", B, 2023, 2024, AEBLE_TERMS),
    *_decomposition(None, "aeblehaven", V, 2023, 2024, HP1_TERMS, suppressed=True),
    # the pair of another intervention's start (2015) in every area: not the profile's
    *_decomposition(None, "aeblehaven", B, 2015, 2024, {**AEBLE_TERMS, "change": 9.9}),
]

HP1_DID_SAYS = (
    # did: +1,5 (0,3 to 2,7) with its reference; with one treated area, the interval of
    # the placebo areas, -1,0 to +4,0; the pre-trend test rejects at p = 0,010 (ROWS)
    "Callaway & Sant'Anna 2021",
    "+1,5 procentpoint mere",
    "+0,3 procentpoint til +2,7 procentpoint",
    "Conley & Taber 2011",
    "-1,0 procentpoint til +4,0 procentpoint",
    "Kun 1 område(r)",
    "afviser (p = 0,010)",
)
"""What the intervention's page and its PDF both say of hp1's difference-in-differences."""

INTERVENTIONS = [
    ("hp1", "bakken", "Helhedsplan Bakkegården", 2024, f"{B},{V}"),
    ("hp2", "aeblehaven", "Frugthaven i gang", 2024, B),
]


FLOWS = [  # area, period, indicator, stayers, in, out, deaths, rates (%), suppressed
    ("aeblehaven", 2024, B, 1000, 150, 120, 5, 27.04, 33.25, 30.0, False),
    ("bakken", 2024, B, 700, 60, 52, 2, 22.9, 26.1, 24.0, False),
]


def add_evaluation(path: Path) -> Path:
    """Add the three tables to the published file at `path` (not yet opened by an app)."""
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE interventions (intervention_id VARCHAR, area_id VARCHAR, name VARCHAR,"
        " first_year BIGINT, targets VARCHAR)"
    )
    con.executemany("INSERT INTO interventions VALUES (?, ?, ?, ?, ?)", INTERVENTIONS)
    con.execute(
        "CREATE TABLE evaluation (intervention_id VARCHAR, area_id VARCHAR, indicator_id VARCHAR,"
        ' method VARCHAR, estimand VARCHAR, "group" BIGINT, period BIGINT, base_period BIGINT,'
        " unit VARCHAR, estimate DOUBLE, se DOUBLE, ci_low DOUBLE, ci_high DOUBLE,"
        " n_treated BIGINT, n_control BIGINT, suppressed BOOLEAN, note VARCHAR)"
    )
    con.executemany(f"INSERT INTO evaluation ({COLUMNS}) VALUES ({', '.join('?' * 17)})", ROWS)
    con.execute(
        "CREATE TABLE flows (area_id VARCHAR, period BIGINT, indicator_id VARCHAR,"
        " stayers DOUBLE, in_movers DOUBLE, out_movers DOUBLE, deaths DOUBLE,"
        " rate_stayers DOUBLE, rate_in_movers DOUBLE, rate_out_movers DOUBLE, suppressed BOOLEAN)"
    )
    con.executemany(f"INSERT INTO flows VALUES ({', '.join('?' * 11)})", FLOWS)
    con.close()
    return path


def evaluated_home(home: Path, users: dict[str, str]) -> Path:
    """`home` with the fixture zone, the evaluation tables and a user per `users` entry
    (name -> role); a partner belongs to Boligforeningen Frugt (Æblehaven's)."""
    from web_login import add_user
    from web_published_fixture import write_published

    add_evaluation(write_published(home / "published" / "published.duckdb"))
    for name, role in users.items():
        frugt = {"housing_organisation": "Boligforeningen Frugt"} if role == "partner" else {}
        add_user(home, name, role, **frugt)
    return home


def logged_in(home: Path, user: str) -> Iterator[TestClient]:
    """A client of `home`'s application, logged in as `user`."""
    from web_login import CHEAP_HASHER, log_in

    from bosocdata.web.app import create_app

    app = create_app(home / "published" / "published.duckdb", auth="login", hasher=CHEAP_HASHER)
    with TestClient(app) as client:
        assert log_in(client, user).status_code == 303  # type: ignore[attr-defined]
        yield client
