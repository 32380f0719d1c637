"""A small published zone written by hand: the file the web application reads.

The numbers are fictitious and chosen so the expected Danish strings can be read off
by hand (e.g. 23.4954 -> "23,5", 361234 -> "361.234"). The suppressed cell
(Æblehaven, 2024, underretninger_boern_unge) deliberately still carries a planted
value 77.7 (70.1-80.2): the publisher empties suppressed cells, and the web
application must not show one even if it did not.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
from web_assessment_fixture import write_assessment

PERIODS = (2023, 2024)
UP = "up_is_worse"

# area_id, period, indicator_id, numerator, denominator, value, ci_low, ci_high, comparison
B, V, U = "boern_unge_under_18", "voksne_uden_for_arbejdsmarkedet", "underretninger_boern_unge"
ROWS: list[tuple[str, int, str, float, float, float, float, float, str | None]] = [
    ("__all__", 2024, B, 64812, 361234, 17.9418, 17.8170, 18.0672, None),
    ("__rest__", 2024, B, 55000, 340000, 16.1765, 16.0530, 16.3005, "better"),
    ("aeblehaven", 2024, B, 1210, 4321, 28.0028, 26.6856, 29.3617, "worse"),
    ("bakken", 2024, B, 812, 3456, 23.4954, 22.1049, 24.9312, "worse"),
    ("oester", 2024, B, 2200, 12345, 17.8210, 17.1550, 18.5068, "similar"),
    ("__all__", 2023, B, 63990, 358765, 17.8359, 17.7108, 17.9616, None),
    ("__rest__", 2023, B, 54300, 338000, 16.0651, 15.9416, 16.1893, "better"),
    ("aeblehaven", 2023, B, 1187, 4299, 27.6111, 26.2946, 28.9687, "worse"),
    ("bakken", 2023, B, 790, 3401, 23.2285, 21.8408, 24.6736, "worse"),
    ("oester", 2023, B, 2150, 12200, 17.6230, 16.9572, 18.3090, "similar"),
    ("__all__", 2024, V, 38512, 229876, 16.7534, 16.6010, 16.9068, None),
    ("__rest__", 2024, V, 33000, 215000, 15.3488, 15.1970, 15.5017, "better"),
    ("aeblehaven", 2024, V, 1034, 2456, 42.1010, 40.1630, 44.0650, "worse"),
    ("bakken", 2024, V, 650, 2103, 30.9082, 28.9700, 32.9163, "worse"),
    ("oester", 2024, V, 1330, 8100, 16.4198, 15.6300, 17.2400, "similar"),
    ("__all__", 2023, V, 39001, 228001, 17.1056, 16.9510, 17.2612, None),
    ("__rest__", 2023, V, 33500, 214000, 15.6542, 15.5005, 15.8091, "better"),
    ("aeblehaven", 2023, V, 1050, 2440, 43.0328, 41.0800, 45.0070, "worse"),
    ("bakken", 2023, V, 660, 2090, 31.5789, 29.6200, 33.6083, "worse"),
    ("oester", 2023, V, 1320, 8050, 16.3975, 15.6100, 17.2150, "similar"),
    ("__all__", 2024, U, 3120, 64812, 4.8139, 4.6514, 4.9816, None),
    ("__rest__", 2024, U, 2400, 55000, 4.3636, 4.1952, 4.5381, "better"),
    ("aeblehaven", 2024, U, 3, 1210, 77.7, 70.1, 80.2, "worse"),  # suppressed, see above
    ("bakken", 2024, U, 61, 812, 7.5123, 5.8900, 9.5360, "worse"),
    ("oester", 2024, U, 95, 2200, 4.3182, 3.5600, 5.2400, "similar"),
    ("__all__", 2023, U, 3050, 63990, 4.7664, 4.6040, 4.9340, None),
    ("__rest__", 2023, U, 2380, 54300, 4.3831, 4.2140, 4.5590, "better"),
    ("aeblehaven", 2023, U, 64, 1187, 5.3917, 4.2400, 6.8300, "similar"),
    ("bakken", 2023, U, 58, 790, 7.3418, 5.7200, 9.3800, "worse"),
    ("oester", 2023, U, 90, 2150, 4.1860, 3.4200, 5.1100, "similar"),
]
SUPPRESSED = {("aeblehaven", 2024, U)}
TRENDS = {
    ("bakken", B): "worsening",
    ("bakken", V): "improving",
    ("bakken", U): "no_significant_change",
}


def _square(lon: float, lat: float, d: float = 0.01) -> list[list[float]]:
    return [[lon, lat], [lon + d, lat], [lon + d, lat + d / 2], [lon, lat + d / 2], [lon, lat]]


AREAS = [
    ("__all__", "Hele kommunen", None, None, None),
    ("__rest__", "Uden for boligområderne", None, None, None),
    (
        "aeblehaven",
        "Æblehaven",
        "Boligforeningen Frugt",
        "Vest",
        '{"type": "Polygon", "coordinates": ' + str([_square(10.15, 56.15)]) + "}",
    ),
    (
        "bakken",
        "Bakkegården",
        "Bakke Bolig",
        "Nord",
        '{"type": "Polygon", "coordinates": ' + str([_square(10.18, 56.16)]) + "}",
    ),
    (
        "oester",
        "Østerparken",
        "Øst Bo",
        "Øst",
        '{"type": "MultiPolygon", "coordinates": ['
        + str([_square(10.21, 56.14)])
        + ", "
        + str([_square(10.23, 56.14, 0.005)])
        + "]}",
    ),
]

INDICATORS = [
    (
        B,
        "Børn og unge under 18 år",
        "Children and young people under 18",
        "Andel af beboerne, der er 0-17 år.",
        "Share of residents aged 0-17.",
        "pct",
        UP,
        "Befolkning",
        "Andelen af alle beboere, der er 0-17 år gamle den 1. januar.",
    ),
    (
        V,
        "Voksne uden for arbejdsmarkedet",
        "Adults outside the labour market",
        "Andel af de 18-64-årige uden for arbejdsmarkedet.",
        "Share of residents aged 18-64 outside the labour market.",
        "pct",
        UP,
        "Beskæftigelse",
        "Andelen af de 18-64-årige beboere, der står uden for arbejdsmarkedet den 1. januar.",
    ),
    (
        U,
        "Underretninger om børn og unge",
        "Notifications about children",
        "Andel af de 0-17-årige med mindst én underretning i året.",
        "Share of residents aged 0-17 with a notification in the year.",
        "pct",
        UP,
        "Børn og unge",
        "Andelen af de 0-17-årige beboere, som mindst én underretning angik i løbet af året.",
    ),
]

META = {
    "computed_at": "2025-01-15 10:00:00",
    "first_period": "2023",
    "last_period": "2024",
    "suppression_k": "5",
    "version": "0.1.0",
}

AREA_NAMES = {a[0]: a[1] for a in AREAS}


def write_published(
    path: Path,
    rows: list[tuple] | None = None,  # type: ignore[type-arg]
    *,
    assessment: bool = True,
) -> Path:
    """Write the fixture zone to `path` (atomically, as the publisher does); with the
    assessment tables and the population (web_assessment_fixture.py) unless
    `assessment=False`."""
    rows = ROWS if rows is None else rows
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(tmp))
    con.execute(
        """CREATE TABLE indicator_table (
            area_id VARCHAR, area_name VARCHAR, period INTEGER, indicator_id VARCHAR,
            unit VARCHAR, numerator DOUBLE, denominator DOUBLE, value DOUBLE,
            ci_low DOUBLE, ci_high DOUBLE, benchmark DOUBLE, comparison VARCHAR,
            suppressed BOOLEAN, direction VARCHAR, ci99_low DOUBLE, ci99_high DOUBLE,
            trend VARCHAR)"""
    )
    benchmarks = {(r[1], r[2]): r[5] for r in rows if r[0] == "__all__"}
    for area_id, period, ind, num, den, value, lo, hi, cmp in rows:
        con.execute(
            "INSERT INTO indicator_table VALUES (?, ?, ?, ?, 'pct', ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?, ?)",
            [
                area_id,
                AREA_NAMES[area_id],
                period,
                ind,
                num,
                den,
                value,
                lo,
                hi,
                benchmarks[(period, ind)],
                cmp,
                (area_id, period, ind) in SUPPRESSED,
                UP,
                lo - 1,
                hi + 1,
                TRENDS.get((area_id, ind)),
            ],
        )
    con.execute(
        "CREATE TABLE areas (area_id VARCHAR, name VARCHAR, housing_organisation VARCHAR,"
        " district VARCHAR, geometry VARCHAR)"
    )
    con.executemany("INSERT INTO areas VALUES (?, ?, ?, ?, ?)", AREAS)
    con.execute(
        "CREATE TABLE indicators (indicator_id VARCHAR, name_da VARCHAR, name_en VARCHAR,"
        " description_da VARCHAR, description_en VARCHAR, unit VARCHAR, direction VARCHAR,"
        " theme VARCHAR, sentence_da VARCHAR)"
    )
    con.executemany("INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", INDICATORS)
    con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    con.executemany("INSERT INTO meta VALUES (?, ?)", list(META.items()))
    if assessment:
        write_assessment(con)
    con.close()
    os.replace(tmp, path)
    return path
