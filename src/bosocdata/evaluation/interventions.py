"""The interventions of the store, and the area-year panels the estimators read."""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from bosocdata.errors import BosocError
from bosocdata.indicators.frames import ALL, REST


@dataclass(frozen=True)
class Intervention:
    """One intervention with its areas; `first_year` is the first year it is in force
    on 1 January (the reference date), i.e. the cohort g of the evaluation."""

    intervention_id: str
    name: str
    areas: tuple[str, ...]
    first_year: int
    targets: tuple[str, ...]


def read_interventions(con: duckdb.DuckDBPyConnection) -> list[Intervention]:
    """Every intervention of the `interventions` register (none when not delivered)."""
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    if "interventions" not in tables:
        return []
    frame = con.execute(
        "SELECT intervention_id, area_id, name, start_date, target_indicators "
        "FROM interventions ORDER BY intervention_id, area_id"
    ).df()
    out = []
    for iid, rows in frame.groupby("intervention_id", sort=True):
        starts = pd.to_datetime(rows["start_date"])
        first = min(d.year + (0 if (d.month, d.day) == (1, 1) else 1) for d in starts)
        targets: list[str] = []
        for text in rows["target_indicators"].dropna():
            targets += [t for t in re.split(r"[,;]", str(text)) if t.strip()]
        out.append(
            Intervention(
                intervention_id=str(iid),
                name=str(rows["name"].iloc[0]),
                areas=tuple(sorted(str(a) for a in rows["area_id"])),
                first_year=int(first),
                targets=tuple(dict.fromkeys(t.strip() for t in targets)),
            )
        )
    return out


def interventions_frame(interventions: list[Intervention]) -> pd.DataFrame:
    """The published `interventions` table: one row per intervention and area, with its
    name, first evaluated year and target indicators (what the web pages name it by)."""
    return pd.DataFrame(
        [
            {
                "intervention_id": i.intervention_id,
                "area_id": area,
                "name": i.name,
                "first_year": i.first_year,
                "targets": ",".join(i.targets),
            }
            for i in interventions
            for area in i.areas
        ],
        columns=["intervention_id", "area_id", "name", "first_year", "targets"],
    ).astype(
        {
            "intervention_id": "string",
            "area_id": "string",
            "name": "string",
            "first_year": "int64",
            "targets": "string",
        }
    )


def choose(interventions: list[Intervention], wanted: str | None) -> list[Intervention]:
    if wanted is None:
        return interventions
    chosen = [i for i in interventions if i.intervention_id == wanted]
    if not chosen:
        known = ", ".join(i.intervention_id for i in interventions) or "none delivered"
        raise BosocError(
            f"no intervention {wanted!r} in the interventions register",
            hint=f"the register holds: {known}",
        )
    return chosen


def read_results(con: duckdb.DuckDBPyConnection, zone: str) -> pd.DataFrame:
    """The indicator table of the secure store; for the published zone with the values
    of suppressed cells withheld, as the published indicator table has them."""
    from bosocdata.errors import NotComputed

    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    if "indicator_results" not in tables:
        raise NotComputed("the indicator table")
    frame = con.execute(
        "SELECT area_id, period, indicator_id, unit, value, numerator, denominator, suppressed "
        "FROM indicator_results"
    ).df()
    if zone == "published":
        frame.loc[frame["suppressed"].fillna(True).astype(bool), "value"] = float("nan")
    return frame


def area_panel(results: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """unit (area), time (year), y (value) for the areas; `__all__`/`__rest__` left out."""
    rows = results[
        (results["indicator_id"] == indicator_id) & ~results["area_id"].isin([ALL, REST])
    ]
    return pd.DataFrame(
        {
            "unit": rows["area_id"].astype(str),
            "time": rows["period"].astype("int64"),
            "y": rows["value"].astype(float),
        }
    ).reset_index(drop=True)
