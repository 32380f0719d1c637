"""One vocabulary: every string once, in every language, read by the web and the reports."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import bosocdata
from bosocdata.presentation.vocabulary import LANGUAGES, STRINGS, VOCABULARY_FILE, Vocabulary

SRC = Path(bosocdata.__file__).parent

# Keys that name codes of published columns, looked up as prefix + code (a category and a
# status can both be "for lille", an unknown category and an unknown address both
# "ukendt"), or that the login page holds apart: the same words, on purpose.
SAME_WORDS_ON_PURPOSE = [
    {"cat_for_lille", "status_for_lille"},
    {"cat_ukendt", "sessions_unknown_client"},
    {"login_heading", "login_button"},
    # a query parameter's name on an error page (param_ + name) and how the map drew it
    {"map_drawn_polygon", "param_area_id"},
]


def test_no_key_is_written_twice_in_the_file() -> None:
    keys = re.findall(r"^\[([^\]]+)\]\s*$", VOCABULARY_FILE.read_text(encoding="utf-8"), re.M)
    doubled = sorted({k for k in keys if keys.count(k) > 1})
    assert doubled == []
    assert len(keys) == len(STRINGS)


def test_no_text_is_written_under_two_keys() -> None:
    keys_of: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for key, texts in STRINGS.items():
        keys_of[tuple(texts[lang] for lang in LANGUAGES)].add(key)
    doubled = [keys for keys in keys_of.values() if len(keys) > 1]
    assert [k for k in doubled if k not in SAME_WORDS_ON_PURPOSE] == []


def test_every_key_has_every_language() -> None:
    for key, texts in STRINGS.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(texts[lang].strip() for lang in LANGUAGES), key


def test_the_web_and_the_reports_hold_no_strings_of_their_own() -> None:
    """No module of the web, the reports or the presentation layer spells a string in
    two languages: a dict literal with the keys "da" and "en" belongs in the vocabulary."""
    found = []
    for package in ("web", "reports", "presentation"):
        for module in (SRC / package).rglob("*.py"):
            for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Dict):
                    keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                    if {"da", "en"} <= keys:
                        found.append(f"{module.relative_to(SRC)}:{node.lineno}")
    assert found == []


def test_the_words_that_differed_under_one_key_now_say_one_thing_each() -> None:
    da, en = Vocabulary("da"), Vocabulary("en")
    # The web's comparison cell of the municipality row and the report's spelt-out
    # comparison of the municipality with itself: two texts, so two keys.
    assert (da("cmp_benchmark"), da("cmp_benchmark_itself")) == ("kommunen", "kommunen selv")
    assert da("unit_ratio") == "gange landsniveau"  # the conviction criterion's unit
    assert en("spine") == "Position among the areas"
    assert da("footer_note") == "Kun offentliggjorte, diskretionskontrollerede tal"


def test_a_code_without_a_name_is_shown_as_it_is() -> None:
    da = Vocabulary("da")
    assert da.theme("work_economy") == "Beskæftigelse og økonomi"
    assert da.theme("new_theme") == "new_theme"
    assert da.theme(None) == "Øvrige indikatorer"
    assert da.unit("per1000") == "pr. 1.000 beboere"
    assert da.unit(None) == ""
