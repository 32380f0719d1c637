"""Every string the web application shows, in every language it speaks.

Danish is the first language; English is switched on with `?lang=en` (remembered in a
cookie). A new language is a new column: add its code to `LANGUAGES` and a value for
every key in `STRINGS`; a test checks that no key is missing.
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_LANGUAGE = "da"
LANGUAGES: tuple[str, ...] = ("da", "en")
LANGUAGE_NAMES: Mapping[str, str] = {"da": "Dansk", "en": "English"}

STRINGS: Mapping[str, Mapping[str, str]] = {
    "app_title": {"da": "BoSocData", "en": "BoSocData"},
    "app_tagline": {
        "da": "Udsatte boligområder år for år",
        "en": "Vulnerable housing areas year by year",
    },
    "skip_to_content": {"da": "Gå til indhold", "en": "Skip to content"},
    "nav_label": {"da": "Hovedmenu", "en": "Main menu"},
    "nav_front": {"da": "Oversigt", "en": "Overview"},
    "nav_map": {"da": "Kort", "en": "Map"},
    "nav_indicators": {"da": "Indikatorer", "en": "Indicators"},
    "language_switch": {"da": "Read in English", "en": "Læs på dansk"},
    "front_heading": {"da": "Boligområderne", "en": "The housing areas"},
    "front_intro": {
        "da": "Beboere og de vigtigste indikatorer for hvert boligområde, med kommunens "
        "værdi til sammenligning. Sammenligningen bygger på 95 %-intervallet.",
        "en": "Residents and the key indicators for each housing area, with the "
        "municipality's value for comparison. The comparison uses the 95 % interval.",
    },
    "front_caption": {
        "da": "Boligområder i {year}: beboere og indikatorer sammenlignet med kommunen",
        "en": "Housing areas in {year}: residents and indicators compared with the municipality",
    },
    "year_label": {"da": "År", "en": "Year"},
    "indicator_label": {"da": "Indikator", "en": "Indicator"},
    "show": {"da": "Vis", "en": "Show"},
    "area": {"da": "Område", "en": "Area"},
    "residents": {"da": "Beboere", "en": "Residents"},
    "value": {"da": "Værdi", "en": "Value"},
    "interval": {"da": "95 %-interval", "en": "95 % interval"},
    "benchmark": {"da": "Kommunen", "en": "Municipality"},
    "comparison": {"da": "Sammenligning", "en": "Comparison"},
    "trend": {"da": "Udvikling", "en": "Trend"},
    "numerator": {"da": "Tæller", "en": "Numerator"},
    "denominator": {"da": "Nævner", "en": "Denominator"},
    "chart": {"da": "Over tid", "en": "Over time"},
    "bar": {"da": "Værdi og interval", "en": "Value and interval"},
    "cmp_better": {"da": "bedre", "en": "better"},
    "cmp_similar": {"da": "på niveau", "en": "similar"},
    "cmp_worse": {"da": "dårligere", "en": "worse"},
    "cmp_none": {"da": "ikke vurderet", "en": "not assessed"},
    "cmp_benchmark": {"da": "kommunen", "en": "benchmark"},
    "trend_up": {"da": "stigende", "en": "rising"},
    "trend_down": {"da": "faldende", "en": "falling"},
    "trend_flat": {"da": "uændret", "en": "stable"},
    "trend_improving": {"da": "forbedring", "en": "improving"},
    "trend_worsening": {"da": "forværring", "en": "worsening"},
    "trend_no_change": {"da": "ingen sikker ændring", "en": "no significant change"},
    "all_name": {"da": "Hele kommunen", "en": "Whole municipality"},
    "rest_name": {"da": "Uden for boligområderne", "en": "Outside the housing areas"},
    "suppressed_mark": {"da": "skjult", "en": "hidden"},
    "suppressed_note": {
        "da": "– betyder skjult af hensyn til diskretion: for få personer til at vise tallet.",
        "en": "– means hidden for confidentiality: too few persons to show the number.",
    },
    "suppressed_title": {
        "da": "skjult af hensyn til diskretion",
        "en": "hidden for confidentiality",
    },
    "no_data": {"da": "ingen data", "en": "no data"},
    "unit_pct": {"da": "%", "en": "%"},
    "unit_per100hh": {"da": "pr. 100 husstande", "en": "per 100 households"},
    "unit_per1000": {"da": "pr. 1.000 beboere", "en": "per 1,000 residents"},
    "unit_dkk": {"da": "kr.", "en": "DKK"},
    "unit_ratio": {"da": "forhold", "en": "ratio"},
    "direction_up_is_worse": {"da": "Højere er dårligere", "en": "Higher is worse"},
    "direction_down_is_worse": {"da": "Lavere er dårligere", "en": "Lower is worse"},
    "computed_at": {"da": "Beregnet", "en": "Computed"},
    "version": {"da": "Version", "en": "Version"},
    "footer_note": {
        "da": "Kun offentliggjorte, diskretionsbehandlede tal.",
        "en": "Published, disclosure-controlled figures only.",
    },
    "not_computed_title": {"da": "Intet beregnet endnu", "en": "Nothing computed yet"},
    "not_computed_text": {
        "da": "Der er endnu ikke beregnet nogen tal at vise. Kør bosoc compute (eller "
        "bosoc demo for et fiktivt eksempel) og genindlæs siden.",
        "en": "No figures have been computed yet. Run bosoc compute (or bosoc demo for a "
        "fictitious example) and reload the page.",
    },
    "not_found_title": {"da": "Siden findes ikke", "en": "Page not found"},
    "not_found_area": {
        "da": "Der er intet boligområde med id'et {id}.",
        "en": "There is no housing area with the id {id}.",
    },
    "not_found_indicator": {
        "da": "Der er ingen indikator med id'et {id}.",
        "en": "There is no indicator with the id {id}.",
    },
    "not_found_page": {
        "da": "Adressen findes ikke i BoSocData.",
        "en": "The address does not exist in BoSocData.",
    },
    "bad_request_title": {"da": "Ugyldig forespørgsel", "en": "Bad request"},
    "bad_year": {
        "da": "Året {year} findes ikke i de offentliggjorte tal. Vælg et af: {years}.",
        "en": "The year {year} is not in the published figures. Choose one of: {years}.",
    },
    "bad_parameter": {
        "da": "Ugyldig værdi for {name}.",
        "en": "Invalid value for {name}.",
    },
    "bad_request": {
        "da": "Forespørgslen kan ikke besvares.",
        "en": "The request cannot be answered.",
    },
    "back_to_front": {"da": "Til oversigten", "en": "Back to the overview"},
    "forbidden_title": {"da": "Ikke tilladt", "en": "Not allowed"},
    "csrf_failed": {
        "da": "Formularen manglede sit sikkerhedsnummer eller var for gammel. Genindlæs "
        "siden og prøv igen.",
        "en": "The form lacked its security token or was too old. Reload the page and try again.",
    },
    "no_export": {
        "da": "Din rolle kan se tallene, men ikke hente dem ud.",
        "en": "Your role may look at the figures but not take them out.",
    },
    "too_large": {
        "da": "Forespørgslen er for stor.",
        "en": "The request is too large.",
    },
    "login_heading": {"da": "Log ind", "en": "Log in"},
    "login_intro": {
        "da": "Log ind med den bruger, du har fået af kommunens administrator.",
        "en": "Log in with the account the municipality's administrator gave you.",
    },
    "login_username": {"da": "Brugernavn", "en": "Username"},
    "login_password": {"da": "Adgangskode", "en": "Password"},
    "login_button": {"da": "Log ind", "en": "Log in"},
    "login_failed": {
        "da": "Forkert brugernavn eller adgangskode.",
        "en": "Wrong username or password.",
    },
    "login_missing": {
        "da": "Skriv både brugernavn og adgangskode.",
        "en": "Enter both username and password.",
    },
    "login_throttled": {
        "da": "For mange forsøg. Vent {minutes} min. og prøv igen.",
        "en": "Too many attempts. Wait {minutes} min. and try again.",
    },
    "login_no_users": {
        "da": "Der er endnu ingen brugere. En administrator opretter den første med "
        "bosoc users add NAVN --role admin.",
        "en": "There are no users yet. An administrator adds the first one with "
        "bosoc users add NAME --role admin.",
    },
    "logged_in_as": {"da": "Logget ind som {name} ({role})", "en": "Logged in as {name} ({role})"},
    "logout": {"da": "Log ud", "en": "Log out"},
    "local_mode": {"da": "Lokal tilstand uden login", "en": "Local mode without login"},
    "role_admin": {"da": "administrator", "en": "administrator"},
    "role_analyst": {"da": "analytiker", "en": "analyst"},
    "role_partner": {"da": "partner", "en": "partner"},
    "role_viewer": {"da": "læser", "en": "viewer"},
    "export_csv": {"da": "Hent tallene som CSV", "en": "Download the figures as CSV"},
    "area_heading": {"da": "Områdeprofil: {name}", "en": "Area profile: {name}"},
    "area_caption": {
        "da": "Alle indikatorer for {name} i {year} sammenlignet med kommunen",
        "en": "Every indicator for {name} in {year} compared with the municipality",
    },
    "area_meta_organisation": {"da": "Boligorganisation", "en": "Housing organisation"},
    "area_meta_district": {"da": "Bydel", "en": "District"},
    "chart_legend_area": {"da": "Området (med 95 %-interval)", "en": "The area (95 % interval)"},
    "chart_legend_benchmark": {"da": "Kommunen (stiplet)", "en": "Municipality (dashed)"},
    "chart_desc": {
        "da": "{indicator} i {area} og i kommunen, {first}–{last}",
        "en": "{indicator} in {area} and in the municipality, {first}–{last}",
    },
    "indicator_heading": {"da": "Indikator: {name}", "en": "Indicator: {name}"},
    "indicator_caption": {
        "da": "{name} i {year} for alle områder, sorteret efter {sort}",
        "en": "{name} in {year} for every area, sorted by {sort}",
    },
    "definition": {"da": "Definition", "en": "Definition"},
    "sort_by": {"da": "Sortér efter {column}", "en": "Sort by {column}"},
    "sort_asc": {"da": "stigende", "en": "ascending"},
    "sort_desc": {"da": "faldende", "en": "descending"},
    "benchmark_line": {
        "da": "Lodret streg: kommunens værdi {value}.",
        "en": "Vertical line: the municipality's value {value}.",
    },
    "indicators_heading": {"da": "Alle indikatorer", "en": "All indicators"},
    "indicators_caption": {
        "da": "Indikatorerne i kataloget",
        "en": "The indicators in the catalogue",
    },
    "theme": {"da": "Tema", "en": "Theme"},
    "unit": {"da": "Enhed", "en": "Unit"},
    "map_heading": {"da": "Kort over boligområderne", "en": "Map of the housing areas"},
    "map_intro": {
        "da": "Farven viser værdien af den valgte indikator. Klik på et område for at se "
        "dets profil.",
        "en": "The colour shows the value of the chosen indicator. Click an area to see "
        "its profile.",
    },
    "map_caption": {"da": "{indicator} i {year}", "en": "{indicator} in {year}"},
    "map_legend": {"da": "Signaturforklaring", "en": "Legend"},
    "map_no_geometry": {
        "da": "Ingen af områderne har en polygon i de offentliggjorte tal.",
        "en": "None of the areas has a polygon in the published figures.",
    },
    "map_missing": {"da": "skjult eller ingen data", "en": "hidden or no data"},
    "map_table_caption": {
        "da": "Værdierne på kortet som tabel",
        "en": "The values on the map as a table",
    },
}


def normalise_language(code: str | None) -> str | None:
    """The language code if we speak it, else None."""
    if code is None:
        return None
    code = code.strip().lower()
    return code if code in LANGUAGES else None


class Translator:
    """Looks strings up for one language; `t("key", year=2024)` fills placeholders."""

    def __init__(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        text = STRINGS[key][self.language]
        return text.format(**values) if values else text

    @property
    def other_language(self) -> str:
        """The language the switch link leads to (the next one in `LANGUAGES`)."""
        index = LANGUAGES.index(self.language)
        return LANGUAGES[(index + 1) % len(LANGUAGES)]
