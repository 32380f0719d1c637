"""The strings of the account pages (sessions, second factor), Danish first; merged into
the application's table (bosocdata.web.i18n.STRINGS), where a test checks every language."""

from __future__ import annotations

from collections.abc import Mapping

AUTH_STRINGS: Mapping[str, Mapping[str, str]] = {
    "nav_sessions": {"da": "Mine sessioner", "en": "My sessions"},
    "sessions_heading": {"da": "Mine sessioner", "en": "My sessions"},
    "sessions_intro": {
        "da": "Her er de steder, du er logget ind lige nu. Afslut en session, du ikke "
        "kender eller ikke bruger mere. Du kan højst have {cap} sessioner ad gangen; "
        "logger du ind et nyt sted, afsluttes den, du har brugt mindst for nylig.",
        "en": "These are the places where you are logged in right now. End a session you "
        "do not recognise or no longer use. You can hold at most {cap} sessions at once; "
        "a new login ends the one you used least recently.",
    },
    "sessions_caption": {"da": "Dine sessioner", "en": "Your sessions"},
    "sessions_started": {"da": "Logget ind", "en": "Logged in"},
    "sessions_last_seen": {"da": "Sidst brugt", "en": "Last used"},
    "sessions_client": {"da": "Adresse", "en": "Address"},
    "sessions_this": {"da": "denne session", "en": "this session"},
    "sessions_end": {"da": "Afslut", "en": "End"},
    "sessions_end_others": {
        "da": "Afslut alle andre sessioner",
        "en": "End every other session",
    },
    "sessions_ended": {"da": "Sessionen er afsluttet.", "en": "The session has ended."},
    "sessions_none_ended": {
        "da": "Den session findes ikke (mere).",
        "en": "That session does not exist (any more).",
    },
    "sessions_others_ended": {
        "da": "{count} andre sessioner er afsluttet.",
        "en": "{count} other sessions have ended.",
    },
    "sessions_unknown_client": {"da": "ukendt", "en": "unknown"},
}
