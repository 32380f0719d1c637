from __future__ import annotations

import pytest

from bosocdata.errors import BosocError
from bosocdata.indicators.model import Theme
from bosocdata.presentation.vocabulary import LANGUAGES, STRINGS, THEME_ORDER, Vocabulary
from bosocdata.reports.content import format_date


def test_every_label_is_in_every_language() -> None:
    missing = [(k, lang) for k, v in STRINGS.items() for lang in LANGUAGES if not v.get(lang)]
    assert missing == []


def test_every_theme_of_the_catalogue_has_a_heading_and_a_place() -> None:
    for theme in Theme:
        assert f"theme_{theme.value}" in STRINGS
        assert theme.value in THEME_ORDER


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(BosocError, match="'fr'"):
        Vocabulary("fr")


def test_the_data_date_is_written_out() -> None:
    assert format_date("2025-01-15 10:00:00", Vocabulary("da")) == "15. januar 2025"
    assert format_date("2025-03-01T08:00:00+00:00", Vocabulary("en")) == "1 March 2025"
    assert format_date("sometime", Vocabulary("da")) == "sometime"
