"""The official criteria (almenboligloven § 61 a / § 61 b) from area-level values.

`bosoc criteria IN_CSV [--out OUT_CSV]` reads one row per area and list year (the values
the ministry publishes), classifies each row under the rule set in force for its year
(`rulesets/*.yaml`, from the list of 2010 on) and adds, per criterion, whether it is met
(`crit_<id>`) and how many residents would have to change status for it to flip
(`dist_<id>`), and the `category`.

This is area-level data (a few thousand rows): plain pandas and Python, no person data.
Reading lives in `criteria_csv`, judging in `classify`; this module is the command.
See docs/concepts/official-criteria.md for the rules, the worked cases and every choice.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pandas as pd

from bosocdata.assessment.classify import (
    Classification,
    category_ids,
    classify,
    default_rule_sets,
)
from bosocdata.assessment.criteria_csv import (
    INPUT_COLUMNS,
    CsvDialect,
    InputColumn,
    read_criteria_csv,
)
from bosocdata.assessment.rulesets import count_to_flip, persons_to_flip
from bosocdata.errors import BosocError
from bosocdata.formulas import neutralise_frame

__all__ = [
    "INPUT_COLUMNS",
    "Classification",
    "CriteriaResult",
    "CsvDialect",
    "InputColumn",
    "classify",
    "classify_csv",
    "count_to_flip",
    "default_rule_sets",
    "persons_to_flip",
    "read_criteria_csv",
]


def _is_one(flag: object) -> bool:
    return not pd.isna(flag) and flag == 1  # type: ignore[call-overload]


# ---------------------------------------------------------------------- the command


@dataclass
class CriteriaResult:
    """What `bosoc criteria` prints: the CSV (no `--out`) or a readable table."""

    classification: Classification
    dialect: CsvDialect
    out: Path | None = None

    @property
    def table(self) -> pd.DataFrame:
        return self.classification.table

    @property
    def warnings(self) -> list[str]:
        return self.classification.warnings

    @property
    def has_warnings(self) -> bool:
        return bool(self.warnings)

    def csv(self) -> str:
        return neutralise_frame(self.table).to_csv(
            index=False, sep=self.dialect.delimiter, decimal=self.dialect.decimal
        )

    def text(self) -> str:
        """Without `--out`: the CSV itself. With `--out`: a table a person can read."""
        if self.out is None:
            return self.csv().rstrip("\n")
        return _readable(self.table, self.out, len(self.warnings))


def _met_list(row: pd.Series) -> str:
    """The § 61 a criteria met; the population minimum and the lower § 61 b thresholds
    (`forebyg_*`) are left to the CSV to keep the line short."""
    met = [c.removeprefix("crit_") for c in row.index if c.startswith("crit_") and _is_one(row[c])]
    return ", ".join(m for m in met if m != "population" and not m.startswith("forebyg_")) or "-"


def _readable(table: pd.DataFrame, out: Path, n_warnings: int) -> str:
    shown = pd.DataFrame(
        {
            "area_id": table["area_id"].astype(str),
            "year": table["year"].astype(str),
            "population": table["population"].astype(str).replace("<NA>", "-"),
            "category": table["category"],
            "criteria met": table.apply(_met_list, axis=1),
        }
    ).sort_values(["area_id", "year"], kind="stable")
    widths = {c: max(len(c), *(len(v) for v in shown[c])) for c in shown.columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in shown.columns).rstrip()]
    lines += [
        "  ".join(str(row[c]).ljust(widths[c]) for c in shown.columns).rstrip()
        for _, row in shown.iterrows()
    ]
    counts = Counter(table["category"])
    summary = ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))
    lines += ["", f"{len(table)} rows written to {out} ({summary})."]
    if n_warnings:
        lines.append(f"{n_warnings} warning(s): see standard error.")
    return "\n".join(lines)


def classify_csv(
    in_csv: Path, out: Path | None, *, warnings_to: TextIO | None = None
) -> CriteriaResult:
    """Read `in_csv`, classify, write the CSV to `out` (same dialect as the input).

    Warnings are written to `warnings_to` (standard error by default), one per line, so
    that standard output stays the CSV when `out` is None.
    """
    rule_sets = default_rule_sets()
    areas, dialect = read_criteria_csv(Path(in_csv), category_ids(rule_sets))
    result = CriteriaResult(
        classify(areas, rule_sets), dialect, Path(out) if out is not None else None
    )
    if result.out is not None:
        try:
            result.out.write_text(result.csv(), encoding="utf-8")
        except OSError as error:
            raise BosocError(f"{result.out}: cannot write: {error.strerror}") from None
    stream = warnings_to if warnings_to is not None else sys.stderr
    for warning in result.warnings:
        print(f"Advarsel: {warning}", file=stream)
    return result
