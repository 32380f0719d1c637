"""The assessment tables and the population of the hand-made published zone.

Fictitious numbers picked so that the expected page text can be read off by hand:
in 2024 Æblehaven has index 1.25 (rank 1 of 3, 90 % interval 1-2), class
`saerligt_udsat` with 17 points, status `meget_lav` with `negativ` dynamics, official
category `udsat`, need 520 persons (400-651); its index is the sum of two contributions
(0.75 + 0.5). Bakkegården ranks 2 (1-3), Østerparken 3 (2-3); by need the order is the
same (300, 10). Æblehaven's population: men 0-17 600, 18-64 1,500, 65+ 400; women
0-17 610, 18-64 1,400, 65+ hidden (suppressed, planted value 999 must never show).
"""

from __future__ import annotations

import duckdb

NAMES = {
    "__all__": "Hele kommunen",
    "__rest__": "Uden for boligområderne",
    "aeblehaven": "Æblehaven",
    "bakken": "Bakkegården",
    "oester": "Østerparken",
}
V, U = "voksne_uden_for_arbejdsmarkedet", "underretninger_boern_unge"

# area, index 2024, rank, low, high, index 2023, rank 2023
INDEX = [
    ("__all__", 0.0, None, None, None, 0.0, None),
    ("__rest__", -0.9, None, None, None, -0.8, None),
    ("aeblehaven", 1.25, 1, 1, 2, 1.1, 1),
    ("bakken", 0.5, 2, 1, 3, 0.6, 2),
    ("oester", -0.75, 3, 2, 3, -0.7, 3),
]
# area, category, points
CATEGORIES = [("aeblehaven", "saerligt_udsat", 17), ("bakken", "udsat", 11),
              ("oester", "uden_for_risiko", 2)]  # fmt: skip
# area, status, dynamics, attention
DYNAMICS = [("aeblehaven", "meget_lav", "negativ", True), ("bakken", "lav", "stabil", True),
            ("oester", "middel", "positiv", False)]  # fmt: skip
# area, need, low, high, rank_need
NEED = [("aeblehaven", 520.4, 400.2, 650.9, 1), ("bakken", 300.0, 200.0, 410.0, 2),
        ("oester", 10.0, 0.0, 45.0, 3)]  # fmt: skip
ALERTS = [  # codes and numbers: the pages make the sentences (presentation/alerts.py)
    ("aeblehaven", "red_red", V, None, 42.101, 16.7534, "pct", 1.25, None, None, None),
    ("bakken", "index_worsening", None, None, 0.5, 0.0, None, 0.75, 2021, None, None),
    ("oester", "criterion_near", None, "grundskole", 12.0, None, None, None, None, None, None),
]  # fmt: skip
POPULATION = [
    ("0-17", "m", 600, False), ("18-64", "m", 1500, False), ("65+", "m", 400, False),
    ("0-17", "k", 610, False), ("18-64", "k", 1400, False), ("65+", "k", 999, True),
]  # fmt: skip


def write_assessment(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        'CREATE TABLE "index" (area_id VARCHAR, area_name VARCHAR, period INTEGER,'
        " is_area BOOLEAN, residents DOUBLE, eligible BOOLEAN, normalisation VARCHAR,"
        " index DOUBLE, coverage DOUBLE, n_indicators INTEGER, n_available INTEGER,"
        " rank DOUBLE, n_ranked INTEGER, rank_median DOUBLE, rank_low DOUBLE,"
        " rank_high DOUBLE, mc_draws INTEGER)"
    )
    for a, i24, rank, low, high, i23, rank23 in INDEX:
        real = a not in ("__all__", "__rest__")
        for period, index, r, lo, hi in ((2024, i24, rank, low, high), (2023, i23, rank23,
                                          rank23, rank23)):  # fmt: skip
            con.execute(
                "INSERT INTO \"index\" VALUES (?, ?, ?, ?, 4000, ?, 'zscore', ?, 1.0, 2, 2,"
                " ?, ?, ?, ?, ?, 1000)",
                [a, NAMES[a], period, real, real, index, r, 3 if real else None, r, lo, hi],
            )
    con.execute(
        "CREATE TABLE categorisation (area_id VARCHAR, area_name VARCHAR, period INTEGER,"
        " residents DOUBLE, points DOUBLE, n_scored INTEGER, n_indicators INTEGER,"
        " max_points INTEGER, score DOUBLE, category VARCHAR)"
    )
    con.executemany(
        "INSERT INTO categorisation VALUES (?, ?, 2024, 4000, ?, 13, 13, 39, ?, ?)",
        [(a, NAMES[a], p, p, c) for a, c, p in CATEGORIES],
    )
    con.execute(
        "CREATE TABLE dynamics (area_id VARCHAR, area_name VARCHAR, period INTEGER,"
        " residents DOUBLE, index DOUBLE, status VARCHAR, dynamics VARCHAR,"
        " typology VARCHAR, attention BOOLEAN)"
    )
    con.executemany(
        "INSERT INTO dynamics VALUES (?, ?, 2024, 4000, NULL, ?, ?, ?, ?)",
        [(a, NAMES[a], s, d, f"{s}/{d}", att) for a, s, d, att in DYNAMICS],
    )
    con.execute(
        "CREATE TABLE priorities (area_id VARCHAR, area_name VARCHAR, period INTEGER,"
        " residents DOUBLE, eligible BOOLEAN, index DOUBLE, rank_index DOUBLE,"
        " rank_index_median DOUBLE, rank_index_low DOUBLE, rank_index_high DOUBLE,"
        " need DOUBLE, need_low DOUBLE, need_high DOUBLE, n_need_indicators INTEGER,"
        " rank_need DOUBLE)"
    )
    index = {a: (i, r, lo, hi) for a, i, r, lo, hi, _, _ in INDEX}
    con.executemany(
        "INSERT INTO priorities VALUES (?, ?, 2024, 4000, true, ?, ?, ?, ?, ?, ?, ?, ?, 2, ?)",
        [
            (
                a,
                NAMES[a],
                index[a][0],
                index[a][1],
                index[a][1],
                index[a][2],
                index[a][3],
                need,
                low,
                high,
                rank,
            )
            for a, need, low, high, rank in NEED
        ],
    )
    con.execute(
        "CREATE TABLE alerts (area_id VARCHAR, area_name VARCHAR, period INTEGER,"
        " kind VARCHAR, indicator_id VARCHAR, criterion VARCHAR, value DOUBLE,"
        " benchmark DOUBLE, unit VARCHAR, change DOUBLE, from_period INTEGER,"
        " direction VARCHAR, source VARCHAR)"
    )
    con.executemany(
        "INSERT INTO alerts VALUES (?, ?, 2024, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(a, NAMES[a], *rest) for a, *rest in ALERTS],
    )
    con.execute(
        "CREATE TABLE contributions (area_id VARCHAR, area_name VARCHAR, period INTEGER,"
        " indicator_id VARCHAR, theme VARCHAR, unit VARCHAR, direction VARCHAR,"
        " value DOUBLE, benchmark DOUBLE, in_index BOOLEAN, normalised DOUBLE,"
        " weight DOUBLE, effective_weight DOUBLE, contribution DOUBLE, theme_score DOUBLE,"
        " in_categorisation BOOLEAN, ratio DOUBLE, points DOUBLE, in_need BOOLEAN,"
        " observed DOUBLE, expected DOUBLE, excess DOUBLE, excess_low DOUBLE,"
        " excess_high DOUBLE)"
    )
    con.executemany(
        "INSERT INTO contributions VALUES (?, ?, 2024, ?, ?, 'pct', 'up_is_worse', ?, ?,"
        " true, ?, 0.5, 0.5, ?, ?, true, ?, ?, true, ?, ?, ?, ?, ?)",
        [
            (
                "aeblehaven",
                NAMES["aeblehaven"],
                V,
                "Beskæftigelse",
                42.101,
                16.7534,
                1.5,
                0.75,
                1.5,
                2.513,
                3,
                1034,
                411.5,
                622.5,
                574.9,
                670.2,
            ),
            (
                "aeblehaven",
                NAMES["aeblehaven"],
                U,
                "Børn og unge",
                None,
                4.8139,
                1.0,
                0.5,
                1.0,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ),
            (
                "bakken",
                NAMES["bakken"],
                V,
                "Beskæftigelse",
                30.9082,
                16.7534,
                0.5,
                0.25,
                0.5,
                1.845,
                2,
                650,
                352.3,
                297.7,
                257.0,
                340.0,
            ),
        ],
    )
    con.execute(
        "CREATE TABLE criteria (area_id VARCHAR, year INTEGER, population DOUBLE,"
        " rule_set VARCHAR, crit_population INTEGER, dist_population DOUBLE,"
        " category VARCHAR)"
    )
    con.executemany(
        "INSERT INTO criteria VALUES (?, 2024, 4000, 'almenboligloven-2021', 1, 0, ?)",
        [("aeblehaven", "udsat"), ("bakken", "none"), ("oester", "none")],
    )
    con.execute(
        "CREATE TABLE twins (area_id VARCHAR, area_name VARCHAR, period INTEGER,"
        " rank INTEGER, twin_id VARCHAR, twin_name VARCHAR, distance DOUBLE)"
    )
    con.executemany(
        "INSERT INTO twins VALUES ('aeblehaven', ?, 2024, ?, ?, ?, ?)",
        [(NAMES["aeblehaven"], 1, "bakken", NAMES["bakken"], 0.8),
         (NAMES["aeblehaven"], 2, "oester", NAMES["oester"], 1.6)],
    )  # fmt: skip
    con.execute("CREATE TABLE area_groups (group_id VARCHAR, group_name VARCHAR, area_id VARCHAR)")
    con.executemany(
        "INSERT INTO area_groups VALUES ('hp', 'Helhedsplan Nord', ?)",
        [("aeblehaven",), ("bakken",)],
    )
    con.execute(
        "CREATE TABLE twin_benchmarks (area_id VARCHAR, period INTEGER, indicator_id VARCHAR,"
        " benchmark DOUBLE, comparison VARCHAR)"
    )
    con.execute("INSERT INTO twin_benchmarks VALUES ('aeblehaven', 2024, ?, 38.25, 'worse')", [V])
    con.execute(
        "CREATE TABLE targets (area_id VARCHAR, area_name VARCHAR, period INTEGER,"
        " indicator_id VARCHAR, unit VARCHAR, direction VARCHAR, target DOUBLE,"
        " source VARCHAR, value DOUBLE, ci_low DOUBLE, ci_high DOUBLE, status VARCHAR)"
    )
    con.execute(
        "INSERT INTO targets VALUES ('aeblehaven', ?, 2024, ?, 'pct', 'up_is_worse', 35,"
        " 'Helhedsplan Æblehaven, mål 1', 42.101, 40.2, 44.0, 'not_met')",
        [NAMES["aeblehaven"], V],
    )
    con.execute(
        "CREATE TABLE population (area_id VARCHAR, period INTEGER, age_band VARCHAR,"
        " sex VARCHAR, residents DOUBLE, suppressed BOOLEAN)"
    )
    con.executemany("INSERT INTO population VALUES ('aeblehaven', 2024, ?, ?, ?, ?)", POPULATION)
    con.executemany(
        "INSERT INTO population VALUES ('bakken', 2024, ?, ?, ?, false)",
        [("0-17", "m", 400), ("0-17", "k", 412)],
    )
