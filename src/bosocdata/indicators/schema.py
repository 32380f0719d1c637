"""What the indicator machinery knows of the secure store: registers, columns, code sets.

The store layout is docs/concepts/architecture.md, derived from `bosocdata.registers`;
the code sets are REGISTERS.md's
defaults (OUTSIDE, HEALTH, ATTACHED, the Western countries). Definitions are checked
against these names, so a misspelt register or column is caught before anything runs.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Iterable
from functools import cache
from importlib import resources

from bosocdata.registers import REGISTERS

# register -> {store column: DuckDB type}, derived from the one declaration of the
# registers (bosocdata.registers). Required registers always exist in a store.
REGISTER_COLUMNS: dict[str, dict[str, str]] = {
    reg.name: dict(reg.store_columns) for reg in REGISTERS
}

REQUIRED_REGISTERS: frozenset[str] = frozenset(reg.name for reg in REGISTERS if reg.required)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest known name, or listing the known names."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.5)
    if close:
        return f"did you mean `{close[0]}`?"
    return "known: " + ", ".join(sorted(choices))


def date_columns(register: str) -> list[str]:
    return [c for c, t in REGISTER_COLUMNS[register].items() if t == "DATE"]


def event_date_column(register: str) -> str | None:
    """The one date column of an event register (e.g. `notification_date`), else None."""
    dates = [c for c in date_columns(register) if c not in ("start_date", "end_date")]
    return dates[0] if len(dates) == 1 else None


def has_interval(register: str) -> bool:
    cols = REGISTER_COLUMNS[register]
    return "start_date" in cols and "end_date" in cols


@cache
def western_countries() -> tuple[str, ...]:
    """ISO codes counted as Western by Statistics Denmark (data/western_countries.csv)."""
    text = resources.files("bosocdata.indicators").joinpath("data/western_countries.csv")
    with text.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(line for line in f if not line.startswith("#"))]
    return tuple(r["iso2"] for r in rows)


@cache
def iotf_overweight_rows() -> tuple[tuple[float, float, float], ...]:
    """(age in years, male cut-off, female cut-off) from data/iotf_overweight.csv."""
    text = resources.files("bosocdata.indicators").joinpath("data/iotf_overweight.csv")
    with text.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    return tuple((float(r["age_years"]), float(r["male"]), float(r["female"])) for r in rows)
