"""One vocabulary for everything a person reads: pages, reports, exports.

The strings are data, in `vocabulary.toml` beside this module (Danish first, then
English); the web application and the PDF reports both read it through `Vocabulary`.
Names of indicators come from the published zone's `indicators` table; names of
themes, categories, statuses, comparisons, units and table columns come from here.
A code without a name (one added to the data later) is shown as it is, never hidden.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from bosocdata.errors import BosocError

DEFAULT_LANGUAGE = "da"
LANGUAGES: tuple[str, ...] = ("da", "en")
VOCABULARY_FILE = Path(__file__).with_name("vocabulary.toml")

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


@cache
def _load() -> Mapping[str, Mapping[str, str]]:
    with VOCABULARY_FILE.open("rb") as handle:
        return tomllib.load(handle)


STRINGS: Mapping[str, Mapping[str, str]] = _load()
LANGUAGE_NAMES: Mapping[str, str] = STRINGS["language_name"]


def normalise_language(code: str | None) -> str | None:
    """The language code if we speak it, else None."""
    if code is None:
        return None
    code = code.strip().lower()
    return code if code in LANGUAGES else None


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise BosocError(
            f"BoSocData does not speak the language {lang!r}",
            hint=f"choose one of: {', '.join(LANGUAGES)}",
        )
    return lang


class Vocabulary:
    """The strings of one language: `t("key", year=2024)` fills the placeholders."""

    def __init__(self, language: str) -> None:
        self.language = check_language(language)

    def __call__(self, key: str, **values: object) -> str:
        text = STRINGS[key][self.language]
        return text.format(**values) if values else text

    def maybe(self, key: str, fallback: str) -> str:
        """The text of `key` if there is one, else `fallback` (a code from the data that
        has no name, such as a category added later, is shown as it is)."""
        found = STRINGS.get(key)
        return found[self.language] if found else fallback

    def theme(self, theme: str | None) -> str:
        """The heading of a theme id; `theme_other` when there is none."""
        key = f"theme_{theme}" if theme else "theme_other"
        return self.maybe(key, str(theme))

    def unit(self, unit: str | None) -> str:
        """`pct` -> `%`, `per1000` -> `pr. 1.000 beboere`; "" when there is no unit."""
        return self.maybe(f"unit_{unit}", unit or "") if unit else ""

    @property
    def other_language(self) -> str:
        """The language the switch link leads to (the next one in `LANGUAGES`)."""
        index = LANGUAGES.index(self.language)
        return LANGUAGES[(index + 1) % len(LANGUAGES)]
