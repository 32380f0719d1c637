"""Every word a report prints, in Danish (first) and English.

A test checks that each key has every language. Theme ids are those of
`bosocdata.indicators.model.Theme`; an unknown theme is shown as its id.
"""

from __future__ import annotations

from collections.abc import Mapping

from bosocdata.errors import BosocError

LANGUAGES: tuple[str, ...] = ("da", "en")

STRINGS: Mapping[str, Mapping[str, str]] = {
    "area_report_title": {"da": "Områdeprofil", "en": "Area profile"},
    "yearly_report_title": {"da": "Årsrapport", "en": "Yearly report"},
    "housing_organisation": {"da": "Boligorganisation", "en": "Housing organisation"},
    "district": {"da": "Bydel", "en": "District"},
    "year": {"da": "År", "en": "Year"},
    "residents": {"da": "Beboere", "en": "Residents"},
    "area": {"da": "Område", "en": "Area"},
    "indicator": {"da": "Indikator", "en": "Indicator"},
    "value": {"da": "Værdi", "en": "Value"},
    "municipality": {"da": "Kommunen", "en": "Municipality"},
    "interval": {"da": "95 %-interval", "en": "95 % interval"},
    "comparison": {"da": "Sammenligning", "en": "Comparison"},
    "trend": {"da": "Udvikling", "en": "Trend"},
    "spine": {"da": "Placering blandt områderne", "en": "Position among the areas"},
    "spine_worse": {"da": "dårligere", "en": "worse"},
    "spine_better": {"da": "bedre", "en": "better"},
    "cmp_better": {"da": "bedre", "en": "better"},
    "cmp_similar": {"da": "på niveau", "en": "similar"},
    "cmp_worse": {"da": "dårligere", "en": "worse"},
    "cmp_none": {"da": "ikke vurderet", "en": "not assessed"},
    "cmp_benchmark": {"da": "kommunen selv", "en": "the benchmark"},
    "trend_improving": {"da": "forbedring", "en": "improving"},
    "trend_worsening": {"da": "forværring", "en": "worsening"},
    "trend_no_change": {"da": "ingen sikker ændring", "en": "no significant change"},
    "trend_none": {"da": "for få år", "en": "too few years"},
    "charts_heading": {"da": "Udviklingen over tid", "en": "Over time"},
    "chart_area": {"da": "Boligområdet", "en": "The area"},
    "chart_municipality": {"da": "Kommunen", "en": "Municipality"},
    "overview_heading": {"da": "Alle områder i {year}", "en": "All areas in {year}"},
    "overview_intro": {
        "da": "Værdien for hvert område og kommunen som helhed. Farven viser sammenligningen "
        "med kommunen ud fra 95 %-intervallet: grøn bedre, gul på niveau, rød dårligere.",
        "en": "Each area's value and the municipality as a whole. The colour shows the "
        "comparison with the municipality by the 95 % interval: green better, yellow "
        "similar, red worse.",
    },
    "all_name": {"da": "Hele kommunen", "en": "Whole municipality"},
    "rest_name": {"da": "Uden for boligområderne", "en": "Outside the housing areas"},
    "no_indicators": {
        "da": "Der er ingen offentliggjorte tal for området i {year}.",
        "en": "There are no published figures for the area in {year}.",
    },
    "note_suppressed": {
        "da": "– betyder, at tallet er skjult af hensyn til diskretionen: det bygger på færre "
        "end {k} personer (i tæller, nævner eller forskellen mellem dem), eller det kunne "
        "regnes ud fra andre offentliggjorte tal.",
        "en": "– means the figure is hidden for confidentiality: it rests on fewer than {k} "
        "persons (in numerator, denominator or their difference), or could be worked out "
        "from other published figures.",
    },
    "note_comparison": {
        "da": "Sammenligningen med kommunen bygger på 95 %-intervallet: ligger hele "
        "intervallet på den gode eller dårlige side af kommunens værdi, er området bedre "
        "eller dårligere; ellers er det på niveau.",
        "en": "The comparison with the municipality uses the 95 % interval: when the whole "
        "interval lies on the good or bad side of the municipality's value, the area is "
        "better or worse; otherwise similar.",
    },
    "note_trend": {
        "da": "Pilen viser, hvilken vej værdien har bevæget sig over de seneste år, og "
        "farven, om det er en statistisk sikker forbedring (grøn) eller forværring (rød).",
        "en": "The arrow shows which way the value has moved over recent years, and the "
        "colour whether that is a significant improvement (green) or worsening (red).",
    },
    "note_spine": {
        "da": "Placering: den grå bjælke spænder over boligområdernes værdier (mørkere: den "
        "midterste halvdel), den lodrette streg er kommunen, prikken området. Bedre til "
        "højre.",
        "en": "Position: the grey bar spans the housing areas' values (darker: the middle "
        "half), the vertical line is the municipality, the dot the area. Better to the "
        "right.",
    },
    "footer_data": {"da": "Data beregnet {date}", "en": "Data computed {date}"},
    "footer_note": {
        "da": "Kun offentliggjorte, diskretionskontrollerede tal",
        "en": "Published, disclosure-controlled figures only",
    },
    "page": {"da": "Side", "en": "Page"},
    "of": {"da": "af", "en": "of"},
    "unit_pct": {"da": "%", "en": "%"},
    "unit_per100hh": {"da": "pr. 100 husstande", "en": "per 100 households"},
    "unit_per1000": {"da": "pr. 1.000 beboere", "en": "per 1,000 residents"},
    "unit_dkk": {"da": "kr.", "en": "DKK"},
    "unit_ratio": {"da": "gange landsniveau", "en": "times national level"},
    "theme_work_economy": {"da": "Beskæftigelse og økonomi", "en": "Work and economy"},
    "theme_children_youth": {"da": "Børn og unge", "en": "Children and young people"},
    "theme_crime_safety": {"da": "Kriminalitet og tryghed", "en": "Crime and safety"},
    "theme_education": {"da": "Uddannelse", "en": "Education"},
    "theme_housing_stability": {"da": "Boligstabilitet", "en": "Housing stability"},
    "theme_participation": {"da": "Deltagelse", "en": "Participation"},
    "theme_demography": {"da": "Befolkning", "en": "Population"},
    "theme_official_criteria": {
        "da": "De officielle kriterier (almenboligloven § 61 a)",
        "en": "The official criteria (section 61 a)",
    },
    "theme_other": {"da": "Øvrige indikatorer", "en": "Other indicators"},
    "table_categorisation": {"da": "Kategorisering", "en": "Categorisation"},
    "table_index": {"da": "Indeks", "en": "Index"},
    "months": {
        "da": "januar februar marts april maj juni juli august september oktober november december",
        "en": "January February March April May June July August September October November "
        "December",
    },
}

# The order in which themes are shown; the ids of bosocdata.indicators.model.Theme.
THEME_ORDER: tuple[str, ...] = (
    "demography",
    "work_economy",
    "education",
    "children_youth",
    "crime_safety",
    "housing_stability",
    "participation",
    "official_criteria",
)


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise BosocError(
            f"reports are not written in the language {lang!r}",
            hint=f"choose one of: {', '.join(LANGUAGES)}",
        )
    return lang


class Labels:
    """`labels("key", year=2024)`: the string in the report's language, filled in."""

    def __init__(self, lang: str) -> None:
        self.lang = check_language(lang)

    def __call__(self, key: str, **values: object) -> str:
        text = STRINGS[key][self.lang]
        return text.format(**values) if values else text

    def theme(self, theme: str | None) -> str:
        key = f"theme_{theme}" if theme else "theme_other"
        return self(key) if key in STRINGS else str(theme)

    def unit(self, unit: str | None) -> str:
        key = f"unit_{unit}"
        return self(key) if key in STRINGS else (unit or "")
