"""What counts as a raw id or code in the text a reader sees, in Danish or in English.

An id in snake_case (`haervaerk_indbrud`, `children_youth`) is never a word, nor is the
name of one of the project's documents (`REGISTERS.md`), which readers do not have. A code of one
word (`worse`, `hoej`, `positiv`, `pct`, `BO03`, `queued`) may be one: the English label
of `worse` is "worse", the Danish label of `dyn_positiv` is "positiv". So a code counts as
shown raw only where it is not also a word the vocabulary (or the published names and
definitions) uses in the page's language: `worse` is flagged on a Danish page, never on an
English one; `hoej` on both.

The codes come from the project itself: the vocabulary's keys that name a code
(`cmp_worse` names `worse`), the code lists of the indicator definitions and the access
roles, the report jobs' states, the evaluation's methods and terms, and the ids of the
published zone (areas, indicators, interventions).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bosocdata.access import Role
from bosocdata.indicators.model import Direction, Subject, Theme, Unit
from bosocdata.presentation.vocabulary import LANGUAGES, STRINGS

# Vocabulary keys `<prefix><code>` that give a code its words.
CODE_PREFIXES = (
    "cmp_",
    "trend_",
    "cat_",
    "status_",
    "dyn_",
    "off_",
    "theme_",
    "crit_",
    "kind_",
    "role_",
    "unit_",
    "target_status_",
)
NOT_CODES = {  # keys under those prefixes that are plain words, not codes of the data
    "cmp_benchmark_itself",
    "trend_up",
    "trend_down",
    "trend_flat",
    "kind_filter",
}
OTHER_CODES = {
    "queued", "running", "done", "failed", "cancelled",  # web/jobs/runner.py
    "did", "synth", "decompose",  # bosoc evaluate --method
    "stayers_change", "in_movers", "out_movers", "entrants", "leavers", "change",  # flows
    "zscore", "zscore_municipality", "ratio", "percentile",  # the index's normalisation
    "no_significant_change", "benchmark", "none",
}  # fmt: skip
SNAKE_CASE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b|__all__|__rest__")
# The project's documents (REGISTERS.md, INDICATORS.md) are not in a reader's hands.
PROJECT_DOCUMENT = re.compile(r"\b[A-Z][A-Z_]*\.md\b")
WORD = re.compile(r"\w+")
PLACEHOLDER = re.compile(r"\{[^}]*\}")


def _words(texts: Iterable[str | None]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        if text:
            found.update(w.lower() for w in WORD.findall(PLACEHOLDER.sub(" ", text)))
    return found


@dataclass(frozen=True)
class RawIds:
    """The codes, and per language the words that may look like one."""

    codes: frozenset[str]
    words: dict[str, frozenset[str]]

    def __repr__(self) -> str:  # thousands of words: not in a failure's report
        return f"RawIds({len(self.codes)} codes)"

    def shown(self, text: str, lang: str) -> list[str]:
        """The ids and codes `text` (a page's visible text in `lang`) shows raw."""
        found = set(SNAKE_CASE.findall(text)) | set(PROJECT_DOCUMENT.findall(text))
        allowed = self.words[lang]
        for word in WORD.findall(text):  # a code is shown raw as it is written
            if word in self.codes and word.lower() not in allowed:
                found.add(word)
        return sorted(found)


def raw_ids_of(published: Path) -> RawIds:
    codes = {
        key[len(prefix) :]
        for key in STRINGS
        for prefix in CODE_PREFIXES
        if key.startswith(prefix) and key not in NOT_CODES
    }
    for code_list in (Unit, Direction, Theme, Subject, Role):
        codes.update(member.value for member in code_list)
    codes |= OTHER_CODES
    con = duckdb.connect(str(published), read_only=True)
    try:
        for table, column in (
            ("areas", "area_id"),
            ("indicators", "indicator_id"),
            ("interventions", "intervention_id"),
        ):
            rows = con.execute(f"SELECT DISTINCT {column} FROM {table}").fetchall()
            codes.update(str(r[0]) for r in rows)
        names = {
            lang: [
                str(v)
                for row in con.execute(
                    f"SELECT name_{lang}, description_{lang} FROM indicators"
                ).fetchall()
                for v in row
            ]
            for lang in LANGUAGES
        }
        shared = [
            str(r[0])
            for r in con.execute(
                "SELECT name FROM areas UNION ALL SELECT name FROM interventions"
            ).fetchall()
        ]
    finally:
        con.close()
    words = {
        lang: frozenset(
            _words(texts[lang] for texts in STRINGS.values()) | _words(names[lang] + shared)
        )
        for lang in LANGUAGES
    }
    return RawIds(frozenset(codes), words)
