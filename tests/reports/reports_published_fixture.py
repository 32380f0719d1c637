"""A small published zone written by hand: the only file a report reads.

Fictitious numbers, chosen so the expected Danish strings can be read off by hand
(41.2345 -> "41,2", 312456.7 -> "312.457", 12345 residents -> "12.345").

One cell is suppressed as the publisher writes it: Åparken, 2024,
`underretninger_boern_unge` has NULL numbers. `write_published(planted=True)` instead
leaves a planted value 77.7 (70.1-80.2) in that suppressed row, to show that a report
never prints a number disclosure control withheld, even from a faulty file.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

YEARS = (2022, 2023, 2024)
B, V, U = "boern_unge_under_18", "voksne_uden_for_arbejdsmarkedet", "underretninger_boern_unge"
H, K = "haervaerk_indbrud", "indkomst"
UP, DOWN = "up_is_worse", "down_is_worse"
UNITS = {B: "pct", V: "pct", U: "pct", H: "per100hh", K: "dkk"}
DIRECTIONS = {B: UP, V: UP, U: UP, H: UP, K: DOWN}
SUPPRESSED = ("aaparken", 2024, U)
PLANTED = (77.7, 70.1, 80.2)

# (area, indicator) -> per year: (numerator, denominator, value, ci_low, ci_high, comparison)
Series = list[tuple[float, float, float, float, float, str | None]]
SERIES: dict[tuple[str, str], Series] = {
    ("__all__", B): [
        (60000, 350000, 17.1429, 17.0181, 17.2681, None),
        (61000, 352000, 17.3295, 17.2044, 17.4553, None),
        (62000, 354000, 17.5141, 17.3889, 17.6400, None),
    ],
    ("__all__", V): [
        (38000, 225000, 16.8889, 16.7342, 17.0447, None),
        (37500, 226000, 16.5929, 16.4396, 16.7473, None),
        (37000, 227000, 16.2996, 16.1478, 16.4525, None),
    ],
    ("__all__", U): [
        (3000, 60000, 5.0000, 4.8290, 5.1762, None),
        (3100, 61000, 5.0820, 4.9104, 5.2592, None),
        (3150, 62000, 5.0806, 4.9104, 5.2560, None),
    ],
    ("__all__", H): [
        (4100, 170000, 2.4118, 2.3384, 2.4869, None),
        (4050, 171000, 2.3684, 2.2960, 2.4426, None),
        (3990, 172000, 2.3198, 2.2483, 2.3933, None),
    ],
    ("__all__", K): [
        (7.0e10, 230000, 304347.8, 303500.0, 305195.6, None),
        (7.1e10, 229000, 310043.7, 309190.2, 310897.2, None),
        (7.2e10, 230430, 312456.7, 311600.1, 313313.3, None),
    ],
    ("aeblehaven", B): [
        (1150, 4250, 27.0588, 25.7435, 28.4148, "worse"),
        (1180, 4300, 27.4419, 26.1251, 28.7985, "worse"),
        (1210, 4321, 28.0028, 26.6856, 29.3617, "worse"),
    ],
    ("aeblehaven", V): [
        (1100, 2500, 44.0000, 42.0647, 45.9540, "worse"),
        (1080, 2480, 43.5484, 41.6088, 45.5076, "worse"),
        (1034, 2456, 42.1010, 40.1630, 44.0650, "worse"),
    ],
    ("aeblehaven", U): [
        (70, 1150, 6.0870, 4.8454, 7.6190, "similar"),
        (75, 1180, 6.3559, 5.1011, 7.8944, "similar"),
        (88, 1210, 7.2727, 5.9442, 8.8716, "worse"),
    ],
    ("aeblehaven", H): [
        (90, 1800, 5.0000, 4.0212, 6.1452, "worse"),
        (85, 1810, 4.6961, 3.7511, 5.8067, "worse"),
        (80, 1805, 4.4321, 3.5142, 5.5163, "worse"),
    ],
    ("aeblehaven", K): [
        (5.2e8, 2600, 200000.0, 195000.0, 205000.0, "worse"),
        (5.3e8, 2590, 204633.2, 199600.0, 209666.4, "worse"),
        (5.4e8, 2580, 209302.3, 204200.0, 214404.6, "worse"),
    ],
    ("soendergaard", B): [
        (2100, 12100, 17.3554, 16.6907, 18.0397, "similar"),
        (2120, 12200, 17.3770, 16.7148, 18.0600, "similar"),
        (2150, 12345, 17.4160, 16.7569, 18.0966, "similar"),
    ],
    ("soendergaard", V): [
        (3200, 7900, 40.5063, 39.4287, 41.5931, "worse"),
        (3250, 7950, 40.8805, 39.8042, 41.9655, "worse"),
        (3300, 8003, 41.2345, 40.1602, 42.3171, "worse"),
    ],
    ("soendergaard", U): [
        (100, 2100, 4.7619, 3.9313, 5.7576, "similar"),
        (96, 2120, 4.5283, 3.7212, 5.5002, "similar"),
        (81, 2150, 3.7674, 3.0400, 4.6587, "better"),
    ],
    ("soendergaard", H): [
        (120, 5200, 2.3077, 1.9133, 2.7597, "similar"),
        (118, 5210, 2.2649, 1.8745, 2.7126, "similar"),
        (110, 5230, 2.1033, 1.7283, 2.5348, "similar"),
    ],
    ("soendergaard", K): [
        (2.2e9, 7600, 289473.7, 284000.0, 294947.4, "worse"),
        (2.25e9, 7620, 295275.6, 289800.0, 300751.2, "worse"),
        (2.3e9, 7650, 300653.6, 295100.0, 306207.2, "worse"),
    ],
    ("aaparken", B): [
        (300, 1650, 18.1818, 16.3966, 20.1146, "similar"),
        (310, 1675, 18.5075, 16.7233, 20.4336, "similar"),
        (320, 1702, 18.8014, 17.0167, 20.7260, "similar"),
    ],
    ("aaparken", V): [
        (260, 1000, 26.0000, 23.3719, 28.8172, "worse"),
        (255, 1010, 25.2475, 22.6683, 28.0168, "worse"),
        (250, 1020, 24.5098, 21.9747, 27.2370, "worse"),
    ],
    ("aaparken", U): [
        (9, 300, 3.0000, 1.5874, 5.6069, "similar"),
        (8, 310, 2.5806, 1.3114, 5.0141, "similar"),
        (None, None, None, None, None, None),  # suppressed
    ],
    ("aaparken", H): [
        (30, 700, 4.2857, 2.8916, 6.1182, "worse"),
        (28, 705, 3.9716, 2.6393, 5.7400, "worse"),
        (25, 710, 3.5211, 2.2787, 5.1979, "similar"),
    ],
    ("aaparken", K): [
        (2.3e8, 1100, 209090.9, 201000.0, 217181.8, "worse"),
        (2.35e8, 1110, 211711.7, 203600.0, 219823.4, "worse"),
        (2.4e8, 1120, 214285.7, 206100.0, 222471.4, "worse"),
    ],
    ("__rest__", B): [
        (56450, 330000, 17.1061, 16.9776, 17.2350, "similar"),
        (57390, 331825, 17.2953, 17.1665, 17.4245, "similar"),
        (58320, 333632, 17.4804, 17.3515, 17.6096, "similar"),
    ],
}
TRENDS = {
    ("aeblehaven", V): "improving",
    ("aeblehaven", U): "worsening",
    ("soendergaard", V): "worsening",
    ("soendergaard", U): "no_significant_change",
    ("aaparken", H): "improving",
}

AREAS = [
    ("__all__", "Hele kommunen", None, None, None),
    ("__rest__", "Uden for boligområderne", None, None, None),
    ("aeblehaven", "Æblehaven", "Boligselskabet Æbletræet", "Vest", None),
    ("soendergaard", "Søndergård", "Sønderbo A/S", "Syd", None),
    ("aaparken", "Åparken", "Åens Boligforening", "Nord", None),
]
AREA_NAMES = {a[0]: a[1] for a in AREAS}

INDICATORS = [
    (B, "Børn og unge under 18 år", "Children and young people under 18", "pct", UP, "demography"),
    (
        V,
        "Voksne uden for arbejdsmarkedet",
        "Adults outside the labour market",
        "pct",
        UP,
        "work_economy",
    ),
    (
        U,
        "Underretninger om børn og unge",
        "Notifications about children",
        "pct",
        UP,
        "children_youth",
    ),
    (H, "Hærværk og indbrud", "Vandalism and burglary", "per100hh", UP, "crime_safety"),
    (K, "Gennemsnitlig bruttoindkomst", "Mean gross income", "dkk", DOWN, "work_economy"),
]

META = {
    "computed_at": "2025-01-15 10:00:00",
    "first_period": "2022",
    "last_period": "2024",
    "suppression_k": "5",
    "version": "0.1.0",
}


def cell_rows(planted: bool = False) -> list[tuple[object, ...]]:
    """The indicator_table rows, as the publisher writes them (or with a planted value)."""
    benchmarks = {
        (ind, YEARS[i]): s[i][2]
        for (area, ind), s in SERIES.items()
        if area == "__all__"
        for i in range(len(YEARS))
    }
    rows = []
    for (area, ind), series in SERIES.items():
        for year, (num, den, value, lo, hi, cmp) in zip(YEARS, series, strict=True):
            suppressed = (area, year, ind) == SUPPRESSED
            if suppressed and planted:
                num, den = 3, 300
                value, lo, hi = PLANTED
                cmp = "worse"
            rows.append(
                (
                    area,
                    AREA_NAMES[area],
                    year,
                    ind,
                    UNITS[ind],
                    num,
                    den,
                    value,
                    lo,
                    hi,
                    benchmarks[(ind, year)],
                    cmp,
                    suppressed,
                    DIRECTIONS[ind],
                    TRENDS.get((area, ind)) if year == YEARS[-1] else None,
                )
            )
    return rows


def write_published(path: Path, *, planted: bool = False, extra_sql: tuple[str, ...] = ()) -> Path:
    """Write the fixture zone to `path`, atomically as the publisher does."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(tmp))
    con.execute(
        """CREATE TABLE indicator_table (
            area_id VARCHAR, area_name VARCHAR, period INTEGER, indicator_id VARCHAR,
            unit VARCHAR, numerator DOUBLE, denominator DOUBLE, value DOUBLE,
            ci_low DOUBLE, ci_high DOUBLE, benchmark DOUBLE, comparison VARCHAR,
            suppressed BOOLEAN, direction VARCHAR, trend VARCHAR)"""
    )
    con.executemany(
        "INSERT INTO indicator_table VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        cell_rows(planted),
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
    con.executemany("INSERT INTO indicators VALUES (?, ?, ?, '', '', ?, ?, ?, '')", INDICATORS)
    con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    con.executemany("INSERT INTO meta VALUES (?, ?)", list(META.items()))
    for sql in extra_sql:
        con.execute(sql)
    con.close()
    os.replace(tmp, path)
    return path
