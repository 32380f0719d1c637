"""The fictitious municipality as data: its areas, profiles, base rates and code lists.

Everything here is invented. Names sound Danish but belong to no real place; the base
rates are plausible orders of magnitude for Danish housing areas, not estimates.
"""

from __future__ import annotations

from dataclasses import dataclass

# Profiles, from the municipality's ordinary neighbourhoods to the most vulnerable areas.
# `rest` is the profile of the ordinary neighbourhoods (addresses in no area).
PROFILES: tuple[str, ...] = ("rest", "ordinary", "risk", "vulnerable", "very_vulnerable")
REST = "__rest__"


@dataclass(frozen=True)
class AreaSpec:
    name: str
    profile: str
    trend: str  # improving / stable / deteriorating
    residents: int  # target number of residents, the same at every scale
    organisation: str
    membership: str  # "address_list" (area_addresses.csv) or "polygon" (areas.geojson)


_ORG_A = "Boligselskabet Lyngbo"
_ORG_B = "Østjysk Almenbolig"
_ORG_C = "Fællesbo Kattegat"
_ORG_D = "Andelsboligforeningen Mols"

AREAS: tuple[AreaSpec, ...] = (
    AreaSpec("Birkeparken", "very_vulnerable", "improving", 6200, _ORG_A, "address_list"),
    AreaSpec("Solhøj Vest", "very_vulnerable", "stable", 5400, _ORG_B, "polygon"),
    AreaSpec("Lærkevangen", "very_vulnerable", "deteriorating", 2800, _ORG_A, "address_list"),
    AreaSpec("Egebakken", "vulnerable", "improving", 5100, _ORG_C, "polygon"),
    AreaSpec("Rosenhøj Syd", "vulnerable", "stable", 2200, _ORG_B, "address_list"),
    AreaSpec("Mølleengen", "vulnerable", "improving", 1700, _ORG_D, "polygon"),
    AreaSpec("Skovgårdsparken", "vulnerable", "deteriorating", 1300, _ORG_A, "address_list"),
    AreaSpec("Ravnsbjerg", "vulnerable", "stable", 1100, _ORG_C, "polygon"),
    AreaSpec("Kildebakken", "risk", "stable", 2400, _ORG_B, "address_list"),
    AreaSpec("Hasselhaven", "risk", "improving", 1900, _ORG_D, "polygon"),
    AreaSpec("Fyrretoften", "risk", "deteriorating", 1500, _ORG_A, "address_list"),
    AreaSpec("Bøgelunden", "risk", "stable", 1200, _ORG_C, "polygon"),
    AreaSpec("Stensballe Nord", "risk", "stable", 900, _ORG_B, "address_list"),
    AreaSpec("Engholm", "risk", "improving", 800, _ORG_D, "polygon"),
    AreaSpec("Tjørnevænget", "risk", "stable", 750, _ORG_A, "address_list"),
    AreaSpec("Havrevangen", "risk", "deteriorating", 700, _ORG_C, "polygon"),
    AreaSpec("Ahornparken", "ordinary", "stable", 1800, _ORG_B, "address_list"),
    AreaSpec("Lindegården", "ordinary", "stable", 1400, _ORG_D, "polygon"),
    AreaSpec("Søndervang", "ordinary", "improving", 1000, _ORG_A, "address_list"),
    AreaSpec("Valmuehaven", "ordinary", "stable", 800, _ORG_C, "polygon"),
    AreaSpec("Kløverbakken", "ordinary", "stable", 750, _ORG_B, "address_list"),
    AreaSpec("Pilevænget", "ordinary", "deteriorating", 700, _ORG_D, "polygon"),
    AreaSpec("Nøddehegnet", "ordinary", "stable", 450, _ORG_A, "address_list"),
    AreaSpec("Hybenhaven", "ordinary", "stable", 400, _ORG_C, "polygon"),
    AreaSpec("Slåenbakken", "ordinary", "stable", 350, _ORG_B, "address_list"),
)

MUNICIPALITY_RESIDENTS = 360_000  # at scale 1
AREA_RESIDENTS = sum(a.residents for a in AREAS)


def expected_residents(scale: float) -> float:
    """Residents the generator aims at: the areas at their own size, the rest scaled.

    Monitored housing areas have 500-6,000 residents whatever the size of the
    municipality around them, so `--scale` shrinks or grows only the ordinary
    neighbourhoods; a small demo still has areas large enough to rank.
    """
    return AREA_RESIDENTS + (MUNICIPALITY_RESIDENTS - AREA_RESIDENTS) * scale


# Per profile, in PROFILES order (rest, ordinary, risk, vulnerable, very_vulnerable).
# Person indicators: base probability in percent in the first year, before area
# deviations, trend, drift and interventions.
BASE_RATES_PCT: dict[str, tuple[float, ...]] = {
    "voksne_uden_for_arbejdsmarkedet": (9.0, 12.0, 22.0, 33.0, 42.0),
    "helbredsbetinget_overfoersel": (4.0, 5.0, 9.0, 13.0, 16.0),
    "underretninger_boern_unge": (4.0, 5.0, 9.0, 14.0, 18.0),
    "sigtede_unge": (2.0, 2.5, 5.0, 8.0, 11.0),
    "foranstaltninger_boern_unge": (2.5, 3.0, 6.0, 9.0, 12.0),
    "uden_fritidstilbud": (30.0, 35.0, 45.0, 55.0, 62.0),
    "oekonomisk_friplads": (12.0, 18.0, 35.0, 50.0, 60.0),
    "ikke_aktive_laanere": (55.0, 58.0, 64.0, 70.0, 74.0),
    "sigtede_voksne": (1.2, 1.5, 2.8, 4.2, 5.5),
    "domme": (0.8, 1.0, 2.0, 3.2, 4.2),
    "skolefravaer": (12.0, 14.0, 20.0, 26.0, 31.0),
    "sprogvurdering": (12.0, 15.0, 28.0, 40.0, 50.0),
}
# Internal rate (not an indicator of its own): residents 18-64 with no labour status.
NO_STATUS_PCT: tuple[float, ...] = (2.0, 3.0, 5.0, 7.0, 9.0)

# Place indicators: expected events per 100 households per year.
BASE_PLACE_PER100HH: dict[str, tuple[float, ...]] = {
    "haervaerk_indbrud": (3.0, 4.0, 6.0, 9.0, 12.0),
    "udsaettelser": (0.1, 0.3, 0.6, 1.0, 1.4),
}
OTHER_INCIDENTS_PER100HH: tuple[float, ...] = (2.0, 2.5, 4.0, 6.0, 8.0)  # vold, andet
FIRE_PER100HH: tuple[float, ...] = (0.4, 0.5, 0.8, 1.2, 1.6)

# Change of the log-odds per year by trend, and the spread of area deviations.
TREND_SLOPE: dict[str, float] = {"improving": -0.06, "stable": 0.0, "deteriorating": 0.05}
AREA_SHARED_SD = 0.15  # one deviation per area, shared by all its indicators
AREA_INDICATOR_SD = 0.12  # one more per area and indicator
DRIFT_SD = 0.03  # yearly random-walk step per area and indicator


@dataclass(frozen=True)
class Intervention:
    area: str
    start_year: int
    indicator_id: str
    effect: float  # shift of the log-odds from start_year on (negative lowers the rate)


INTERVENTIONS: tuple[Intervention, ...] = (
    Intervention("Birkeparken", 2017, "voksne_uden_for_arbejdsmarkedet", -0.35),
    Intervention("Lærkevangen", 2019, "underretninger_boern_unge", -0.40),
    Intervention("Egebakken", 2020, "sigtede_unge", -0.50),
    Intervention("Kildebakken", 2016, "uden_fritidstilbud", -0.30),
)

# Composition by profile (rest, ordinary, risk, vulnerable, very_vulnerable).
NONWESTERN_HH_SHARE: tuple[float, ...] = (0.06, 0.12, 0.30, 0.48, 0.62)
WESTERN_HH_SHARE: tuple[float, ...] = (0.05, 0.05, 0.05, 0.04, 0.03)
YOUTH_EDUCATION_COMPLETION: tuple[float, ...] = (0.86, 0.80, 0.62, 0.48, 0.36)
INCOME_FACTOR: tuple[float, ...] = (1.05, 1.0, 0.9, 0.82, 0.75)
OVERWEIGHT_BMI_SHIFT: tuple[float, ...] = (0.0, 0.02, 0.05, 0.08, 0.10)
OCCUPANCY = 0.96

# Household types: (name, adults, with children). Mixes are per profile, in PROFILES order.
HOUSEHOLD_TYPES: tuple[str, ...] = (
    "single_young",
    "single_adult",
    "single_old",
    "couple_young",
    "couple_middle",
    "couple_old",
    "couple_children",
    "single_parent",
)
HOUSEHOLD_MIX: tuple[tuple[float, ...], ...] = (
    (0.12, 0.14, 0.12, 0.08, 0.14, 0.12, 0.23, 0.05),
    (0.10, 0.16, 0.12, 0.07, 0.12, 0.10, 0.24, 0.09),
    (0.09, 0.18, 0.10, 0.06, 0.10, 0.08, 0.27, 0.12),
    (0.08, 0.19, 0.08, 0.05, 0.09, 0.06, 0.31, 0.14),
    (0.07, 0.19, 0.07, 0.04, 0.08, 0.05, 0.34, 0.16),
)
MIGRANT_MIX: tuple[float, ...] = (0.42, 0.12, 0.02, 0.18, 0.06, 0.01, 0.14, 0.05)
TURNOVER_OUT: tuple[float, ...] = (0.045, 0.05, 0.06, 0.065, 0.07)  # households per year
TURNOVER_WITHIN: tuple[float, ...] = (0.055, 0.06, 0.07, 0.075, 0.08)

# Countries (ISO 3166-1 alpha-2) with weights; all fictitious persons, real country codes.
NONWESTERN_COUNTRIES: tuple[tuple[str, float], ...] = (
    ("TR", 0.14),
    ("IQ", 0.11),
    ("SO", 0.10),
    ("LB", 0.09),
    ("SY", 0.10),
    ("AF", 0.07),
    ("PK", 0.05),
    ("IR", 0.06),
    ("VN", 0.05),
    ("BA", 0.07),
    ("ER", 0.04),
    ("TH", 0.04),
    ("MA", 0.04),
    ("LK", 0.04),
)
WESTERN_COUNTRIES: tuple[tuple[str, float], ...] = (
    ("DE", 0.20),
    ("PL", 0.18),
    ("SE", 0.10),
    ("NO", 0.09),
    ("GB", 0.10),
    ("RO", 0.12),
    ("LT", 0.08),
    ("NL", 0.06),
    ("IS", 0.04),
    ("US", 0.03),
)
COUNTRIES: tuple[str, ...] = (
    "DK",
    *(c for c, _ in NONWESTERN_COUNTRIES),
    *(c for c, _ in WESTERN_COUNTRIES),
)

# Gross income (DKK, first year) by labour status at the following reference date.
INCOME_BY_STATUS: dict[str, float] = {
    "beskaeftiget": 370_000,
    "selvstaendig": 400_000,
    "fleksjob": 230_000,
    "uddannelse": 80_000,
    "barsel": 300_000,
    "ledig": 200_000,
    "kontanthjaelp": 135_000,
    "uddannelseshjaelp": 95_000,
    "integrationsydelse": 110_000,
    "sygedagpenge": 190_000,
    "ressourceforloeb": 160_000,
    "jobafklaring": 160_000,
    "ledighedsydelse": 190_000,
    "foertidspension": 215_000,
    "efterloen": 230_000,
    "folkepension": 200_000,
    "andet": 150_000,
}
INCOME_NO_STATUS = 60_000.0
INCOME_GROWTH = 0.025  # per year

EDUCATION_LEVELS_COMPLETED: tuple[tuple[str, float], ...] = (
    ("gymnasial", 0.15),
    ("erhvervsfaglig", 0.35),
    ("kvu", 0.06),
    ("mvu", 0.20),
    ("bachelor", 0.05),
    ("lvu", 0.17),
    ("phd", 0.02),
)

LAWS_COUNTED: tuple[tuple[str, float], ...] = (
    ("straffeloven", 0.70),
    ("euf", 0.22),
    ("vaabenloven", 0.08),
)
LAWS_OTHER: tuple[str, ...] = ("faerdselsloven", "andet")
INCIDENT_KINDS_PROPERTY: tuple[tuple[str, float], ...] = (
    ("haervaerk", 0.5),
    ("indbrud", 0.35),
    ("indbrudsforsoeg", 0.15),
)
INCIDENT_KINDS_OTHER: tuple[str, ...] = ("vold", "andet")
FIRE_KINDS: tuple[tuple[str, float], ...] = (
    ("bygningsbrand", 0.25),
    ("containerbrand", 0.30),
    ("bilbrand", 0.15),
    ("automatisk_alarm", 0.30),
)
CHILDCARE_KINDS: tuple[str, ...] = ("dagpleje", "vuggestue", "boernehave", "sfo")
FREE_PLACE_PCTS: tuple[float, ...] = (12.5, 25.0, 37.5, 50.0, 62.5, 75.0, 87.5, 100.0)

# Geography.
DISTRICTS: tuple[str, ...] = ("Midtbyen", "Nordbyen", "Vestbyen", "Sydbyen", "Kystbyen")
POSTCODES: dict[str, tuple[int, ...]] = {
    "Midtbyen": (8000,),
    "Nordbyen": (8200, 8210, 8240, 8250),
    "Vestbyen": (8220, 8380, 8381, 8462),
    "Sydbyen": (8260, 8270, 8310, 8361),
    "Kystbyen": (8240, 8250, 8541),
}
STREET_PREFIXES: tuple[str, ...] = (
    "Birke", "Ege", "Skov", "Mølle", "Kirke", "Strand", "Sol", "Havre", "Rose", "Lærke",
    "Bøge", "Ahorn", "Hassel", "Kløver", "Lyng", "Enge", "Mark", "Bakke", "Sø", "Å",
    "Vinkel", "Grøn", "Hvede", "Rug", "Byg", "Valmue", "Hyben", "Syrene", "Nødde", "Pile",
    "Elme", "Aske", "Rønne", "Tjørne", "Fyrre", "Gran", "Lind", "Poppel", "Mose", "Kær",
    "Dalgas", "Frej", "Odin", "Thor", "Balder", "Ring", "Tofte", "Vester", "Øster", "Nørre",
    "Sønder", "Kongs", "Dronning", "Prins", "Ridder", "Hjorte", "Rå", "Ræve", "Ugle", "Falke",
    "Spurve", "Svane", "Stær", "Due", "Vibe", "Hejre", "Ravne", "Skade", "Glente", "Mejse",
    "Humle", "Kamille", "Timian", "Salvie", "Mynte", "Anis", "Karse", "Kommen", "Dild", "Lavendel",
)  # fmt: skip
STREET_SUFFIXES: tuple[str, ...] = (
    "vej", "gade", "allé", "parken", "toften", "bakken", "stien", "engen", "vænget",
    "haven", "lunden", "højen", "dalen", "marken", "kæret", "krogen", "bjerget", "gården",
    "holmen", "leddet", "tofte", "tværvej", "svinget", "buen", "plads",
)  # fmt: skip


@dataclass(frozen=True)
class CompositionChange:
    """From `from_year` on, the persons who move into `area` have their probability of
    the indicator's property shifted by `shift` on the log-odds scale; the residents who
    lived there on 1 January of `from_year` keep the area's rate. The area's rate then
    changes through who moves in, not through what happens to the residents."""

    area: str
    from_year: int
    indicator_id: str
    shift: float


COMPOSITION_CHANGES: tuple[CompositionChange, ...] = (
    CompositionChange("Solhøj Vest", 2019, "voksne_uden_for_arbejdsmarkedet", 1.0),
)
