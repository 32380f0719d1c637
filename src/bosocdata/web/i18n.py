"""Every string the web application shows, in every language it speaks.

Danish is the first language; English is switched on with `?lang=en` (remembered in a
cookie). A new language is a new column: add its code to `LANGUAGES` and a value for
every key in `STRINGS`; a test checks that no key is missing.
"""

from __future__ import annotations

from collections.abc import Mapping

from bosocdata.web.area_strings import EXTRA_STRINGS
from bosocdata.web.auth.strings import AUTH_STRINGS

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
    # -- single sign-on (web/auth/sso_routes.py): one block ----------------------------
    "login_sso_button": {
        "da": "Log ind med kommunens login (SSO)",
        "en": "Log in with the municipality's login (SSO)",
    },
    "login_sso_or": {
        "da": "Eller log ind med brugernavn og adgangskode:",
        "en": "Or log in with username and password:",
    },
    "sso_logged_in": {"da": "Du er logget ind", "en": "You are logged in"},
    "sso_continue": {"da": "Fortsæt", "en": "Continue"},
    "sso_failed_title": {"da": "Login mislykkedes", "en": "Login failed"},
    "sso_unavailable_title": {
        "da": "Kommunens login svarer ikke",
        "en": "The municipality's login does not answer",
    },
    "sso_bad_state": {
        "da": "Login-forløbet kunne ikke genkendes eller er udløbet. Prøv at logge ind igen.",
        "en": "The login could not be recognised or has expired. Try logging in again.",
    },
    "sso_bad_token": {
        "da": "Svaret fra kommunens login kunne ikke godkendes. Prøv igen, og kontakt "
        "support, hvis det sker igen.",
        "en": "The answer from the municipality's login could not be accepted. Try again, "
        "and contact support if it happens again.",
    },
    "sso_denied": {
        "da": "Kommunens login afviste at logge dig ind.",
        "en": "The municipality's login refused to log you in.",
    },
    "sso_provider_down": {
        "da": "Kommunens login kan ikke nås lige nu. Prøv igen om lidt.",
        "en": "The municipality's login cannot be reached right now. Try again shortly.",
    },
    "sso_busy": {
        "da": "For mange påbegyndte login lige nu. Prøv igen om nogle minutter.",
        "en": "Too many logins under way right now. Try again in a few minutes.",
    },
    "sso_no_access": {
        "da": "Du er logget ind hos kommunen, men har ikke adgang til BoSocData. Kontakt "
        "den, der tildeler adgang.",
        "en": "You are logged in at the municipality but have no access to BoSocData. "
        "Contact whoever grants access.",
    },
    "sso_bad_username": {
        "da": "Dit brugernavn fra kommunens login kan ikke bruges i BoSocData (kun a-z, "
        "0-9 og . _ @ -). Kontakt den, der tildeler adgang.",
        "en": "Your username from the municipality's login cannot be used in BoSocData "
        "(only a-z, 0-9 and . _ @ -). Contact whoever grants access.",
    },
    "sso_username_taken": {
        "da": "Brugernavnet {name} bruges allerede af en anden konto i BoSocData. Kontakt "
        "den, der tildeler adgang.",
        "en": "The username {name} is already used by another BoSocData account. Contact "
        "whoever grants access.",
    },
    # -- end of single sign-on ------------------------------------------------------------
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
    "nav_compare": {"da": "Sammenlign", "en": "Compare"},
    "nav_priorities": {"da": "Prioritering", "en": "Priorities"},
    "nav_alerts": {"da": "Advarsler", "en": "Alerts"},
    "downloads": {"da": "Hent", "en": "Download"},
    "download_xlsx": {"da": "Excel", "en": "Excel"},
    "download_csv": {"da": "CSV", "en": "CSV"},
    "download_csv_da": {
        "da": "CSV til dansk regneark (; og decimalkomma)",
        "en": "CSV for a Danish spreadsheet (; and decimal comma)",
    },
    "download_pdf_area": {"da": "Områdeprofil som PDF", "en": "Area profile as PDF"},
    "download_pdf_yearly": {"da": "Årsrapport som PDF", "en": "Yearly report as PDF"},
    "downloads_label": {"da": "Hent tallene", "en": "Download the figures"},
    "index_name": {"da": "Udsathedsindeks", "en": "Vulnerability index"},
    "index_option": {
        "da": "Udsathedsindeks (alle indikatorer samlet)",
        "en": "Vulnerability index (all indicators together)",
    },
    "index_title": {
        "da": "{name}: indeks {value}, nr. {rank} af {n} (90 %-interval {low}–{high})",
        "en": "{name}: index {value}, rank {rank} of {n} (90 % interval {low}–{high})",
    },
    "index_title_unranked": {
        "da": "{name}: indeks {value}, ikke rangeret",
        "en": "{name}: index {value}, not ranked",
    },
    "rank": {"da": "Placering", "en": "Rank"},
    "rank_interval": {"da": "90 %-interval for placering", "en": "90 % rank interval"},
    "rank_text": {
        "da": "nr. {rank} af {n} (90 %-interval {low}–{high})",
        "en": "rank {rank} of {n} (90 % interval {low}–{high})",
    },
    "not_ranked": {"da": "ikke rangeret", "en": "not ranked"},
    "assessment_heading": {"da": "Vurdering", "en": "Assessment"},
    "assessment_intro": {
        "da": "Indekset samler alle indikatorer; højere er mere udsat. Placering 1 er det mest "
        "udsatte område. Intervallet viser, hvor meget placeringen afhænger af valg af metode.",
        "en": "The index combines every indicator; higher is more vulnerable. Rank 1 is the "
        "most vulnerable area. The interval shows how much the rank depends on choices of "
        "method.",
    },
    "assessment_none": {
        "da": "Der er ingen vurdering af området i dette år.",
        "en": "There is no assessment of the area in this year.",
    },
    "status_dynamics": {"da": "Status og dynamik", "en": "Status and dynamics"},
    "attention": {"da": "Kræver særlig opmærksomhed", "en": "Needs particular attention"},
    "category": {"da": "BoSocData-kategori", "en": "BoSocData category"},
    "points": {"da": "{points} point", "en": "{points} points"},
    "official_category": {
        "da": "Officiel kategori (almenboligloven)",
        "en": "Official category (Social Housing Act)",
    },
    "need": {"da": "Behov", "en": "Need"},
    "need_text": {
        "da": "{need} personer ud over kommunens niveau ({low}–{high})",
        "en": "{need} persons beyond the municipality's level ({low}–{high})",
    },
    "trace_link": {"da": "Hvor kommer tallet fra?", "en": "Where does the number come from?"},
    "alerts_for_area": {"da": "Advarsler for området", "en": "Alerts for the area"},
    "no_alerts": {"da": "Ingen advarsler.", "en": "No alerts."},
    "cat_saerligt_udsat": {"da": "særligt udsat (rød)", "en": "particularly vulnerable (red)"},
    "cat_udsat": {"da": "udsat (orange)", "en": "vulnerable (orange)"},
    "cat_risiko": {"da": "risiko (gul)", "en": "at risk (yellow)"},
    "cat_uden_for_risiko": {"da": "uden for risiko (grøn)", "en": "not at risk (green)"},
    "cat_for_lille": {"da": "for lille til at vurdere", "en": "too small to assess"},
    "cat_ukendt": {"da": "ukendt", "en": "unknown"},
    "status_hoej": {"da": "høj status", "en": "high status"},
    "status_middel": {"da": "middel status", "en": "medium status"},
    "status_lav": {"da": "lav status", "en": "low status"},
    "status_meget_lav": {"da": "meget lav status", "en": "very low status"},
    "status_for_lille": {"da": "for lille til at vurdere", "en": "too small to assess"},
    "status_ukendt": {"da": "status ukendt", "en": "status unknown"},
    "dyn_positiv": {"da": "positiv udvikling", "en": "positive dynamics"},
    "dyn_stabil": {"da": "stabil udvikling", "en": "stable dynamics"},
    "dyn_negativ": {"da": "negativ udvikling", "en": "negative dynamics"},
    "dyn_ukendt": {"da": "udvikling ukendt", "en": "dynamics unknown"},
    "off_none": {"da": "ingen", "en": "none"},
    "off_udsat": {"da": "udsat boligområde", "en": "vulnerable housing area"},
    "off_forebyggelsesomraade": {"da": "forebyggelsesområde", "en": "prevention area"},
    "off_parallelsamfund": {"da": "parallelsamfund", "en": "parallel society"},
    "off_omdannelsesomraade": {"da": "omdannelsesområde", "en": "transformation area"},
    "off_ghettoomraade": {
        "da": "ghettoområde (reglerne før 2021)",
        "en": "ghetto area (rules before 2021)",
    },
    "off_haardt_ghettoomraade": {
        "da": "hårdt ghettoområde (2018-reglerne)",
        "en": "hard ghetto area (2018 rules)",
    },
    "spine": {"da": "Placering blandt områderne", "en": "Place among the areas"},
    "spine_legend": {
        "da": "Placering blandt områderne: den lyse bjælke går fra områdernes laveste til "
        "højeste værdi, den mørke dækker den midterste halvdel, den lodrette streg er "
        "kommunen, prikken området. Dårligere er altid til venstre.",
        "en": "Place among the areas: the light bar runs from the areas' lowest to highest "
        "value, the dark part covers the middle half, the vertical line is the "
        "municipality, the dot the area. Worse is always to the left.",
    },
    "spine_desc": {
        "da": "{area} {value}, kommunen {benchmark}; områderne fra {low} til {high}, "
        "midterste halvdel {q1}–{q3}",
        "en": "{area} {value}, municipality {benchmark}; the areas from {low} to {high}, "
        "middle half {q1}–{q3}",
    },
    "population_heading": {
        "da": "Beboere efter alder og køn",
        "en": "Residents by age and sex",
    },
    "population_desc": {
        "da": "Befolkningspyramide for {area} i {year}: mænd til venstre, kvinder til højre",
        "en": "Population pyramid of {area} in {year}: men on the left, women on the right",
    },
    "age_band": {"da": "Alder", "en": "Age"},
    "men": {"da": "Mænd", "en": "Men"},
    "women": {"da": "Kvinder", "en": "Women"},
    "population_caption": {
        "da": "Beboere i {area} efter alder og køn, {year}",
        "en": "Residents of {area} by age and sex, {year}",
    },
    "trace_heading": {
        "da": "Hvor kommer tallet fra? {name}",
        "en": "Where does the number come from? {name}",
    },
    "trace_intro": {
        "da": "Hver linje er en indikator, som vurderingen brugte. Bidragene til indekset "
        "lægges sammen til indekset; point giver BoSocData-kategorien; overskuddet i personer "
        "giver behovet.",
        "en": "Each line is an indicator the assessment used. The contributions add up to "
        "the index; the points give the BoSocData category; the excess in persons gives "
        "the need.",
    },
    "trace_caption": {
        "da": "Indikatorernes bidrag for {name} i {year}",
        "en": "The indicators' contributions for {name} in {year}",
    },
    "trace_sum": {
        "da": "Summen af bidragene: {sum} (indekset: {index}).",
        "en": "Sum of the contributions: {sum} (the index: {index}).",
    },
    "normalised": {"da": "Normaliseret", "en": "Normalised"},
    "weight": {"da": "Vægt", "en": "Weight"},
    "contribution": {"da": "Bidrag til indeks", "en": "Contribution to index"},
    "points_col": {"da": "Point", "en": "Points"},
    "excess": {"da": "Personer ud over kommunens niveau", "en": "Persons beyond the level"},
    "back_to_area": {"da": "Tilbage til områdeprofilen", "en": "Back to the area profile"},
    "source": {"da": "Kilde", "en": "Source"},
    "funnel_heading": {"da": "Tragtdiagram", "en": "Funnel plot"},
    "funnel_intro": {
        "da": "Hvert punkt er et område: værdi mod antal personer i nævneren. Kurverne er "
        "kontrolgrænserne om kommunens værdi (95 % fuldt optrukket, 99,8 % stiplet); et "
        "område uden for dem afviger mere, end tilfældet kan forklare.",
        "en": "Each point is an area: value against the number of persons in the "
        "denominator. The curves are the control limits around the municipality's value "
        "(95 % solid, 99.8 % dashed); an area outside them differs more than chance explains.",
    },
    "funnel_desc": {
        "da": "Tragtdiagram for {name} i {year}",
        "en": "Funnel plot of {name} in {year}",
    },
    "funnel_none": {
        "da": "Intet tragtdiagram: for få områder med både værdi og nævner.",
        "en": "No funnel plot: too few areas with both value and denominator.",
    },
    "indicator_map": {"da": "Kort", "en": "Map"},
    "compare_heading": {"da": "Sammenlign områder", "en": "Compare areas"},
    "compare_intro": {
        "da": "Vælg op til fire områder og se dem side om side med kommunen.",
        "en": "Choose up to four areas and see them side by side with the municipality.",
    },
    "compare_choose": {"da": "Områder at sammenligne", "en": "Areas to compare"},
    "compare_slot": {"da": "Område {n}", "en": "Area {n}"},
    "compare_none_chosen": {"da": "(intet)", "en": "(none)"},
    "compare_caption": {
        "da": "Indikatorer i {year} for de valgte områder og kommunen",
        "en": "Indicators in {year} for the chosen areas and the municipality",
    },
    "compare_too_many": {
        "da": "Højst fire områder ad gangen.",
        "en": "At most four areas at a time.",
    },
    "priorities_heading": {"da": "Prioritering", "en": "Priorities"},
    "priorities_intro": {
        "da": "Områderne i rækkefølge efter udsathedsindekset (med 90 %-interval for "
        "placeringen) eller efter behov: antal personer ud over, hvad området ville have "
        "med kommunens niveau, lagt sammen over indikatorerne.",
        "en": "The areas in order of the vulnerability index (with the 90 % rank interval) "
        "or of need: the persons beyond what the area would have at the municipality's "
        "level, added up over the indicators.",
    },
    "priorities_by": {"da": "Ordnet efter", "en": "Ordered by"},
    "by_index": {"da": "indeks", "en": "index"},
    "by_need": {"da": "behov", "en": "need"},
    "priorities_caption": {
        "da": "Områderne i {year} ordnet efter {by}",
        "en": "The areas in {year} ordered by {by}",
    },
    "need_interval": {"da": "Interval for behov", "en": "Need interval"},
    "rank_need": {"da": "Placering efter behov", "en": "Rank by need"},
    "priorities_none": {
        "da": "Der er ingen prioritering i de offentliggjorte tal.",
        "en": "There are no priorities in the published figures.",
    },
    "not_eligible_note": {
        "da": "Områder under mindstestørrelsen rangeres ikke; de står til sidst.",
        "en": "Areas below the minimum size are not ranked; they come last.",
    },
    "alerts_heading": {"da": "Advarsler", "en": "Alerts"},
    "alerts_intro": {
        "da": "Tidlige advarsler: indikatorer, der er dårligere end kommunen og samtidig "
        "forværres, et indeks der stiger mere end kommunens, og officielle kriterier, "
        "området er tæt på at opfylde.",
        "en": "Early warnings: indicators worse than the municipality and worsening, an "
        "index rising faster than the municipality's, and official criteria the area is "
        "close to meeting.",
    },
    "alerts_caption": {"da": "Advarsler i {year}", "en": "Alerts in {year}"},
    "alert_kind": {"da": "Slags", "en": "Kind"},
    "alert_message": {"da": "Advarsel", "en": "Alert"},
    "kind_red_red": {
        "da": "dårligere og forværres",
        "en": "worse and worsening",
    },
    "kind_index_worsening": {"da": "indeks stiger", "en": "index rising"},
    "kind_criterion_near": {"da": "tæt på kriterium", "en": "near a criterion"},
    "kind_filter": {"da": "Slags advarsel", "en": "Kind of alert"},
    "all_kinds": {"da": "alle", "en": "all"},
    "alerts_table_none": {
        "da": "Der er ingen advarsler i de offentliggjorte tal.",
        "en": "There are no alerts in the published figures.",
    },
    "map_index_legend": {
        "da": "Højere indeks = mere udsat",
        "en": "Higher index = more vulnerable",
    },
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


# The account pages keep their strings beside their code (web/auth/strings.py).
STRINGS = {**STRINGS, **AUTH_STRINGS, **EXTRA_STRINGS}


class Translator:
    """Looks strings up for one language; `t("key", year=2024)` fills placeholders."""

    def __init__(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        text = STRINGS[key][self.language]
        return text.format(**values) if values else text

    def maybe(self, key: str, fallback: str) -> str:
        """The text of `key` if there is one, else `fallback` (a code from the data that
        has no translation, such as a category added later, is shown as it is)."""
        found = STRINGS.get(key)
        return found[self.language] if found else fallback

    @property
    def other_language(self) -> str:
        """The language the switch link leads to (the next one in `LANGUAGES`)."""
        index = LANGUAGES.index(self.language)
        return LANGUAGES[(index + 1) % len(LANGUAGES)]
