"""The registers carry the true rates: 95 % intervals from the data cover them ~95 % of the time.

The indicators are computed here from the delivery files with plain SQL, following
INDICATORS.md, independently of the generator's code.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from synth_reader import connect, load, to_date, to_number

OUTSIDE = (
    "ledig", "kontanthjaelp", "uddannelseshjaelp", "integrationsydelse", "sygedagpenge",
    "ressourceforloeb", "jobafklaring", "ledighedsydelse", "foertidspension",
)  # fmt: skip
COUNTED_LAWS = ("straffeloven", "euf", "vaabenloven")


def _cpr(series: pd.Series) -> pd.Series:
    return series.str.replace("-", "", regex=False)


def _birth(cpr: pd.Series) -> pd.Series:
    yy = cpr.str[4:6].astype(int)
    seventh = cpr.str[6].astype(int)
    century = np.select(
        [seventh <= 3, seventh.isin([4, 9])],
        [1900, np.where(yy <= 36, 2000, 1900)],
        default=np.where(yy <= 57, 2000, 1800),
    )
    return pd.to_datetime(
        pd.DataFrame(
            {
                "year": century + yy,
                "month": cpr.str[2:4].astype(int),
                "day": cpr.str[:2].astype(int),
            }
        )
    )


@pytest.fixture(scope="module")
def cells(delivery: Path) -> pd.DataFrame:
    """Numerator and denominator per area (incl. __rest__), year and indicator."""
    persons = load(delivery, "persons")
    persons["cpr"] = _cpr(persons["cpr"])
    persons["birth"] = _birth(persons["cpr"])
    persons["death"] = to_date(persons["death_date"])
    addresses = load(delivery, "addresses")
    listed = load(delivery, "area_addresses").set_index("address_id")["area_id"]
    addresses["area_id"] = addresses["address_id"].map(listed)
    points = shapely.points(
        to_number(addresses["x"]).to_numpy(), to_number(addresses["y"]).to_numpy()
    )
    for feature in json.loads((delivery / "areas.geojson").read_text(encoding="utf-8"))["features"]:
        inside = shapely.contains(shapely.geometry.shape(feature["geometry"]), points)
        addresses.loc[inside, "area_id"] = feature["properties"]["area_id"]
    addresses["area_id"] = addresses["area_id"].fillna("__rest__")
    frames = {"persons": persons, "addresses": addresses[["address_id", "area_id"]]}
    for name, dates in (
        ("residences", ("start", "end")),
        ("labour_market", ("start", "end")),
        ("notifications", ("notification_date",)),
        ("library_loans", ("loan_date",)),
        ("convictions", ("verdict_date",)),
    ):
        frame = load(delivery, name)
        frame["cpr"] = _cpr(frame["cpr"])
        for column in dates:
            frame[column] = to_date(frame[column])
        frames[name] = frame
    frames["years"] = pd.DataFrame({"y": range(2010, 2026)})
    con = connect(frames)
    return con.sql(
        f"""
        WITH ref AS (SELECT y, make_date(y, 1, 1) AS r, make_date(y + 1, 1, 1) AS r1 FROM years),
        residents AS (
            SELECT ref.y, ref.r, ref.r1, res.cpr, a.area_id,
                   ref.y - year(p.birth) - CASE WHEN month(p.birth) = 1 AND day(p.birth) = 1
                                               THEN 0 ELSE 1 END AS age
            FROM ref JOIN residences res
                 ON res.start <= ref.r AND (res."end" IS NULL OR res."end" > ref.r)
            JOIN persons p ON p.cpr = res.cpr AND (p.death IS NULL OR p.death > ref.r)
            JOIN addresses a ON a.address_id = res.address_id
        ),
        flags AS (
            SELECT rs.*,
              EXISTS (SELECT 1 FROM labour_market l WHERE l.cpr = rs.cpr AND l.start <= rs.r
                      AND (l."end" IS NULL OR l."end" > rs.r) AND l.status IN {OUTSIDE}) AS outside,
              EXISTS (SELECT 1 FROM notifications n WHERE n.cpr = rs.cpr
                      AND n.notification_date >= rs.r AND n.notification_date < rs.r1) AS notified,
              NOT EXISTS (SELECT 1 FROM library_loans b WHERE b.cpr = rs.cpr
                      AND b.loan_date >= rs.r AND b.loan_date < rs.r1) AS no_loan,
              EXISTS (SELECT 1 FROM convictions c WHERE c.cpr = rs.cpr AND c.law IN {COUNTED_LAWS}
                      AND c.verdict_date >= rs.r AND c.verdict_date < rs.r1) AS convicted
            FROM residents rs
        )
        SELECT area_id, y AS year, 'voksne_uden_for_arbejdsmarkedet' AS indicator_id,
               count_if(outside) AS num, count(*) AS den
        FROM flags WHERE age BETWEEN 18 AND 64 GROUP BY ALL
        UNION ALL
        SELECT area_id, y, 'underretninger_boern_unge', count_if(notified), count(*)
        FROM flags WHERE age <= 17 GROUP BY ALL
        UNION ALL
        SELECT area_id, y, 'ikke_aktive_laanere', count_if(no_loan), count(*)
        FROM flags GROUP BY ALL
        UNION ALL
        SELECT area_id, y, 'domme', count_if(convicted), count(*)
        FROM flags WHERE age >= 18 GROUP BY ALL
        """
    ).df()


def wilson(num: np.ndarray, den: np.ndarray, z: float = 1.959964) -> tuple[np.ndarray, np.ndarray]:
    p = num / den
    centre = (p + z * z / (2 * den)) / (1 + z * z / den)
    half = z * np.sqrt(p * (1 - p) / den + z * z / (4 * den * den)) / (1 + z * z / den)
    return 100 * (centre - half), 100 * (centre + half)


@pytest.mark.parametrize(
    "indicator",
    [
        "voksne_uden_for_arbejdsmarkedet",
        "underretninger_boern_unge",
        "ikke_aktive_laanere",
        "domme",
    ],
)
def test_intervals_cover_the_true_rate_about_95_percent(
    delivery: Path, cells: pd.DataFrame, indicator: str
) -> None:
    truth = pd.read_csv(delivery / "ground_truth" / "rates.csv")
    merged = cells[cells["indicator_id"] == indicator].merge(
        truth, on=["area_id", "year", "indicator_id"], how="left", validate="1:1"
    )
    assert merged["true_value"].notna().all()
    assert len(merged) > 0.85 * 26 * 16, "nearly every area (and __rest__) and year is populated"
    low, high = wilson(merged["num"].to_numpy(float), merged["den"].to_numpy(float))
    covered = (low <= merged["true_value"]) & (merged["true_value"] <= high)
    assert 0.90 <= covered.mean() <= 0.99, covered.mean()


def test_truth_has_every_promised_indicator_and_differs_between_areas(delivery: Path) -> None:
    truth = pd.read_csv(delivery / "ground_truth" / "rates.csv")
    promised = {
        "voksne_uden_for_arbejdsmarkedet", "underretninger_boern_unge", "sigtede_unge",
        "foranstaltninger_boern_unge", "uden_fritidstilbud", "oekonomisk_friplads",
        "ikke_aktive_laanere", "helbredsbetinget_overfoersel", "sigtede_voksne", "domme",
        "skolefravaer", "sprogvurdering",
    }  # fmt: skip
    assert promised <= set(truth["indicator_id"])
    assert truth["true_value"].between(0, 100).all()
    areas = pd.read_csv(delivery / "ground_truth" / "areas.csv").set_index("area_id")
    outside = truth[truth["indicator_id"] == "voksne_uden_for_arbejdsmarkedet"]
    first = outside[outside["year"] == 2010].set_index("area_id")["true_value"]
    assert first[areas.index[areas["profile"] == "very_vulnerable"]].min() > first["__rest__"] * 2
    change = outside.pivot(index="area_id", columns="year", values="true_value")
    slope = change[2025] - change[2010]
    improving = areas.index[areas["trend"] == "improving"]
    deteriorating = areas.index[areas["trend"] == "deteriorating"]
    assert slope[improving].mean() < -2 and slope[deteriorating].mean() > 2


def test_interventions_lower_the_rate_from_their_start_year(delivery: Path) -> None:
    truth = pd.read_csv(delivery / "ground_truth" / "rates.csv")
    interventions = pd.read_csv(delivery / "ground_truth" / "interventions.csv")
    assert len(interventions) >= 3
    assert (interventions["effect"] < 0).all() and (interventions["effect_pp_start_year"] < 0).all()
    for row in interventions.itertuples():
        series = truth[
            (truth["area_id"] == row.area_id) & (truth["indicator_id"] == row.indicator_id)
        ]
        by_year = series.set_index("year")["true_value"]
        assert by_year[row.start_year] < by_year[row.start_year - 1]
