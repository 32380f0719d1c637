"""The official criteria (almenboligloven § 61 a / § 61 b) from area-level values.

`bosoc criteria IN_CSV [--out OUT_CSV]` reads one row per area and list year (the values
the ministry publishes), classifies each row under the rule set in force for its year
(`rulesets/*.yaml`) and adds, per criterion, whether it is met (`crit_<id>`) and how many
residents would have to change status for it to flip (`dist_<id>`), and the `category`.

This is area-level data (a few thousand rows): plain pandas and Python, no person data.
See docs/concepts/official-criteria.md for the rules, the worked cases and every choice.
"""

from __future__ import annotations

import difflib
import functools
import io
import operator as op
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal, TextIO

import pandas as pd

from bosocdata.assessment.rulesets import (
    Category,
    Criterion,
    RuleSet,
    count_to_flip,
    exact,
    load_rule_sets,
    persons_to_flip,
    rule_set_for_year,
)
from bosocdata.errors import BosocError

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

Kind = Literal["id", "year", "count", "percent", "percent_of_mean", "ratio"]


@dataclass(frozen=True)
class InputColumn:
    name: str
    kind: Kind
    required: bool
    description: str


INPUT_COLUMNS: tuple[InputColumn, ...] = (
    InputColumn("area_id", "id", True, "the area's id"),
    InputColumn("year", "year", True, "the list year (the list of 1 December that year)"),
    InputColumn("population", "count", True, "residents"),
    InputColumn("uden_tilknytning_pct", "percent", True, "pct of 18-64 without attachment"),
    InputColumn("domme_ratio", "ratio", True, "conviction share as a multiple of the national"),
    InputColumn("grundskole_pct", "percent", True, "pct of 30-59 with grundskole only"),
    InputColumn("indkomst_pct", "percent_of_mean", True, "mean income, pct of regional mean"),
    InputColumn("ikke_vestlige_pct", "percent", True, "pct non-Western immigrants/descendants"),
    # Optional: better denominators for the distance in persons.
    InputColumn("population_18_64", "count", False, "residents aged 18-64"),
    InputColumn("population_30_59", "count", False, "residents aged 30-59"),
    InputColumn("population_18plus", "count", False, "residents aged 18 and over"),
    InputColumn("domme_national_pct", "percent", False, "national conviction share, pct 18+"),
)
_BY_NAME = {c.name: c for c in INPUT_COLUMNS}
_WHOLE_KINDS = ("year", "count")

_COMPARE: dict[str, Callable[[pd.Series, float], pd.Series]] = {
    ">": op.gt,
    ">=": op.ge,
    "<": op.lt,
    "<=": op.le,
}


@functools.cache
def _built_in_rule_sets() -> tuple[RuleSet, ...]:
    return tuple(load_rule_sets(known_columns=_BY_NAME))


def default_rule_sets() -> list[RuleSet]:
    """The built-in rule sets (read once), checked against the input columns."""
    return list(_built_in_rule_sets())


# ---------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class CsvDialect:
    """`,` with decimal point, or `;` with decimal comma (Danish spreadsheets)."""

    delimiter: str = ","
    decimal: str = "."

    @classmethod
    def sniff(cls, header: str) -> CsvDialect:
        return cls(";", ",") if header.count(";") > header.count(",") else cls(",", ".")


def _parse_number(text: str, dialect: CsvDialect, kind: Kind) -> Decimal:
    """A number as written in `dialect`; raises ValueError with the reason."""
    s = text.replace("\u00a0", "").replace(" ", "")
    if dialect.decimal == ",":
        if "," in s:
            s = s.replace(".", "").replace(",", ".")  # 1.234,5: thousands dot, decimal comma
        elif (
            kind in _WHOLE_KINDS
            and s.count(".")
            and all(len(g) == 3 for g in s.lstrip("+-").split(".")[1:])
        ):
            s = s.replace(".", "")  # 1.000 residents
    elif "," in s:
        raise ValueError("has a comma in a ,-separated file")
    try:
        number = Decimal(s)
    except InvalidOperation:
        raise ValueError("is not a number") from None
    if not number.is_finite():
        raise ValueError("is not a number")
    return number


def _check_range(number: Decimal, kind: Kind) -> None:
    if kind in _WHOLE_KINDS and number != number.to_integral_value():
        raise ValueError("is not a whole number")
    if kind == "year" and not 1900 <= number <= 2200:
        raise ValueError("is not a year")
    if number < 0:
        raise ValueError("is negative")
    if kind == "percent" and number > 100:
        raise ValueError("is above 100 %")


def _read_raw(path: Path) -> tuple[pd.DataFrame, CsvDialect]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise BosocError(f"{path}: no such file", hint="give the path of a CSV file") from None
    except UnicodeDecodeError:
        raise BosocError(
            f"{path}: not UTF-8 text", hint="save the file as CSV UTF-8 from the spreadsheet"
        ) from None
    except OSError as error:
        raise BosocError(f"{path}: cannot read: {error.strerror}") from None
    if not text.strip():
        raise BosocError(f"{path.name}: the file is empty", hint="see INTERFACE.md's columns")
    dialect = CsvDialect.sniff(text.splitlines()[0])
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            sep=dialect.delimiter,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, ValueError) as error:
        first = str(error).strip().splitlines()[0]
        raise BosocError(
            f"{path.name}: not a readable CSV file: {first}",
            hint="every row needs as many fields as the header",
        ) from None
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    return raw, dialect


def _check_columns(raw: pd.DataFrame, path: Path) -> None:
    duplicated = sorted({c for c in raw.columns if list(raw.columns).count(c) > 1})
    if duplicated:
        raise BosocError(f"{path.name}: column `{duplicated[0]}` appears twice in the header")
    for column in (c for c in INPUT_COLUMNS if c.required):
        if column.name not in raw.columns:
            close = difflib.get_close_matches(column.name, list(raw.columns), n=1)
            hint = f"did you mean `{close[0]}`?" if close else None
            raise BosocError(
                f"{path.name}: column `{column.name}` is missing",
                hint=hint or "the columns are: " + ", ".join(c.name for c in INPUT_COLUMNS[:8]),
            )


def _parse_column(
    raw: pd.Series, column: InputColumn, path: Path, dialect: CsvDialect
) -> list[Decimal | str | None]:
    values: list[Decimal | str | None] = []
    for row, text in enumerate(raw.astype(str).str.strip(), start=2):
        if text == "":
            if column.kind in ("id", "year"):
                raise BosocError(
                    f"{path.name}: line {row}, column `{column.name}`: empty",
                    hint="every row needs an area_id and a year",
                )
            values.append(None)
            continue
        if column.kind == "id":
            values.append(text)
            continue
        try:
            number = _parse_number(text, dialect, column.kind)
            _check_range(number, column.kind)
        except ValueError as reason:
            example = "40,1" if dialect.decimal == "," else "40.1"
            raise BosocError(
                f"{path.name}: line {row}, column `{column.name}`: {text!r} {reason}",
                hint=f"expected {column.description}, written like {example}",
            ) from None
        values.append(number)
    return values


def _as_series(
    values: list[Decimal | str | None], column: InputColumn, index: pd.Index
) -> pd.Series:
    if column.kind == "id":
        return pd.Series(values, index=index, dtype=object)
    numbers = [v if isinstance(v, Decimal) else None for v in values]
    if column.kind == "year":
        return pd.Series([int(v) for v in numbers if v is not None], index=index, dtype="int64")
    if column.kind == "count":
        return pd.Series(
            [None if v is None else int(v) for v in numbers], index=index, dtype="Int64"
        )
    return pd.Series(
        [float("nan") if v is None else float(v) for v in numbers], index=index, dtype="float64"
    )


def _check_unique(areas: pd.DataFrame, path: Path) -> None:
    first_line: dict[tuple[str, int], int] = {}
    for line, (area, year) in enumerate(zip(areas["area_id"], areas["year"], strict=True), start=2):
        key = (str(area), int(year))
        if key in first_line:
            raise BosocError(
                f"{path.name}: lines {first_line[key]} and {line}: area {area} has two rows "
                f"for year {year}",
                hint="one row per area and list year",
            )
        first_line[key] = line


def read_criteria_csv(path: Path) -> tuple[pd.DataFrame, CsvDialect]:
    """The area-level input, parsed: numbers as numbers, blanks as missing.

    Columns keep their order; columns not in `INPUT_COLUMNS` are kept as text.
    Raises `BosocError` naming line and column of the first bad value.
    """
    raw, dialect = _read_raw(path)
    _check_columns(raw, path)
    areas = raw.copy()
    for name in raw.columns:
        if name in _BY_NAME:
            column = _BY_NAME[name]
            areas[name] = _as_series(
                _parse_column(raw[name], column, path, dialect), column, raw.index
            )
    if areas.empty:
        raise BosocError(f"{path.name}: the file has a header but no rows")
    _check_unique(areas, path)
    return areas, dialect


# ---------------------------------------------------------------------- classifying


@dataclass
class Classification:
    """The classified table and the warnings worth reading."""

    table: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def _criterion_order(rule_sets: Sequence[RuleSet]) -> list[Criterion]:
    """Every criterion id once, in the order of first appearance (rule sets by year)."""
    seen: dict[str, Criterion] = {}
    for rule_set in rule_sets:
        for criterion in rule_set.criteria:
            seen.setdefault(criterion.id, criterion)
    return list(seen.values())


def _assign_rule_sets(years: pd.Series, rule_sets: Sequence[RuleSet]) -> tuple[dict, list[str]]:
    """The rule set for each year; years before the first rule set get the first one."""
    earliest = rule_sets[0]
    chosen: dict[int, RuleSet] = {}
    early: list[int] = []
    for year in sorted({int(y) for y in years}):
        rule_set = rule_set_for_year(rule_sets, year)
        if rule_set is None and year < earliest.list_years.first:
            rule_set = earliest
            early.append(year)
        if rule_set is None:
            raise BosocError(
                f"no rule set covers list year {year}",
                hint="add a rule-set file for that law version (see official-criteria.md)",
            )
        chosen[year] = rule_set
    warnings = []
    if early:
        span = f"{early[0]}-{early[-1]}" if len(early) > 1 else str(early[0])
        warnings.append(
            f"list years {span} precede the first rule set ({earliest.id}, from "
            f"{earliest.list_years.first}): classified under its rules as an approximation; "
            "the official lists before 2018 used other criteria"
        )
    return chosen, warnings


def _criteria_met(
    areas: pd.DataFrame,
    rule_set_of: pd.Series,
    rule_sets: Sequence[RuleSet],
    criteria: list[Criterion],
) -> pd.DataFrame:
    """`crit_<id>`: 1 met, 0 not met, missing where the value is missing or not in force."""
    met = pd.DataFrame(index=areas.index)
    for criterion in criteria:
        met[f"crit_{criterion.id}"] = pd.Series(pd.NA, index=areas.index, dtype="Int64")
    for rule_set in rule_sets:
        rows = rule_set_of == rule_set.id
        for criterion in rule_set.criteria:
            values = areas.loc[rows, criterion.column].astype("float64")
            result = _COMPARE[criterion.operator](values, criterion.threshold).astype("Int64")
            result = result.mask(values.isna())
            met.loc[rows, f"crit_{criterion.id}"] = result
    return met


def _missing_value_warnings(
    areas: pd.DataFrame, rule_set_of: pd.Series, by_id: dict[str, RuleSet]
) -> list[str]:
    warnings = []
    for rule_set_id, (_, row) in zip(rule_set_of, areas.iterrows(), strict=True):
        rule_set = by_id[rule_set_id]
        columns = dict.fromkeys(c.column for c in rule_set.criteria)
        missing = [c for c in columns if pd.isna(row[c])]
        if missing:
            warnings.append(
                f"area {row['area_id']}, year {row['year']}: no value for "
                f"{', '.join(missing)}: the criteria reading it count as not met, so the "
                "category may be too low"
            )
    return warnings


def _is_one(flag: object) -> bool:
    return not pd.isna(flag) and flag == 1  # type: ignore[call-overload]


@dataclass(frozen=True)
class _Window:
    """The outcome of a consecutive-year rule for one area and year."""

    holds: bool
    missing_years: tuple[int, ...] = ()


def _consecutive(
    category: Category,
    area: str,
    year: int,
    current: set[str],
    history: dict[tuple[str, int], frozenset[str]],
) -> _Window:
    rule = category.consecutive
    assert rule is not None
    wanted = set(rule.each_year_one_of)
    if not wanted & current:
        return _Window(False)
    missing = []
    for earlier in range(year - rule.years + 1, year):
        flags = history.get((area, earlier))
        if flags is None:
            missing.append(earlier)
        elif not wanted & flags:
            return _Window(False)
    return _Window(not missing, tuple(missing))


def _categories_of(
    rule_set: RuleSet,
    met: dict[str, bool],
    area: str,
    year: int,
    history: dict[tuple[str, int], frozenset[str]],
    warnings: list[str],
) -> set[str]:
    """Every category the area meets this year, in file order (later may read earlier)."""
    flags: set[str] = set()
    for category in rule_set.categories:
        if not all(r in flags for r in category.requires):
            continue
        if any(e in flags for e in category.excludes):
            continue
        if not all(met[c] for c in category.all_of):
            continue
        if category.at_least and sum(met[c] for c in category.at_least.of) < (
            category.at_least.count
        ):
            continue
        if category.consecutive:
            window = _consecutive(category, area, year, flags, history)
            if window.missing_years:
                rule = category.consecutive
                needed = " or ".join(rule.each_year_one_of)
                gone = ", ".join(map(str, window.missing_years))
                warnings.append(
                    f"area {area}, year {year}: not placed as {category.id}: no row for "
                    f"year {gone} (needs {needed} in each of {year - rule.years + 1}-{year})"
                )
            if not window.holds:
                continue
        flags.add(category.id)
    return flags


def _distance(criterion: Criterion, row: pd.Series) -> int | None:
    """`dist_<id>` for one row: persons to flip the criterion, None if not computable."""
    value = row[criterion.column]
    if pd.isna(value):
        return None
    spec = criterion.distance
    if spec.kind == "count":
        return count_to_flip(int(value), criterion.threshold, criterion.operator)
    denominator = next(
        (row[c] for c in spec.denominator if c in row.index and not pd.isna(row[c])), None
    )
    if denominator is None:
        return None
    # exact arithmetic: 40.1 % of 1,000 is 401 persons, not 401.00000000000006
    share, threshold = exact(float(value)), exact(criterion.threshold)
    if spec.share_of:
        base = row[spec.share_of] if spec.share_of in row.index else None
        if base is None or pd.isna(base):
            return None
        share, threshold = share * exact(float(base)), threshold * exact(float(base))
    numerator = share * int(denominator) / 100
    return persons_to_flip(numerator, int(denominator), threshold, criterion.operator)


def classify(areas: pd.DataFrame, rule_sets: Sequence[RuleSet] | None = None) -> Classification:
    """Classify parsed area rows (as from `read_criteria_csv`) under the rule sets.

    Each row is judged under the rule set in force for its year; consecutive-year rules
    read the same area's rows of earlier years. Output: the input columns, then
    `rule_set`, `crit_<id>`, `dist_<id>` and `category`.
    """
    rule_sets = list(rule_sets) if rule_sets is not None else default_rule_sets()
    by_id = {rs.id: rs for rs in rule_sets}
    chosen, warnings = _assign_rule_sets(areas["year"], rule_sets)
    rule_set_of = areas["year"].map(lambda y: chosen[int(y)].id)
    criteria = _criterion_order(rule_sets)
    met = _criteria_met(areas, rule_set_of, rule_sets, criteria)
    warnings += _missing_value_warnings(areas, rule_set_of, by_id)

    history: dict[tuple[str, int], frozenset[str]] = {}
    category = pd.Series("none", index=areas.index, dtype=object)
    distances = {
        c.id: pd.Series(pd.NA, index=areas.index, dtype="Int64")
        for c in criteria
        if any(
            rc.id == c.id and rc.distance.kind != "none" for rs in rule_sets for rc in rs.criteria
        )
    }
    for index in areas.sort_values(["year", "area_id"], kind="stable").index:
        row = areas.loc[index]
        area, year = str(row["area_id"]), int(row["year"])
        rule_set = by_id[rule_set_of[index]]
        row_met = {c.id: _is_one(met.at[index, f"crit_{c.id}"]) for c in rule_set.criteria}
        flags = _categories_of(rule_set, row_met, area, year, history, warnings)
        history[(area, year)] = frozenset(flags)
        ranked = [c for c in rule_set.categories if c.id in flags]
        if ranked:
            category[index] = max(ranked, key=lambda c: c.rank).id
        for criterion in rule_set.criteria:
            if criterion.id in distances:
                distance = _distance(criterion, row)
                distances[criterion.id][index] = pd.NA if distance is None else distance

    table = areas.copy()
    table["rule_set"] = rule_set_of
    table = pd.concat([table, met], axis=1)
    for criterion_id, series in distances.items():
        table[f"dist_{criterion_id}"] = series
    table["category"] = category
    return Classification(table, warnings)


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
        return self.table.to_csv(
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
    areas, dialect = read_criteria_csv(Path(in_csv))
    result = CriteriaResult(classify(areas), dialect, Path(out) if out is not None else None)
    if result.out is not None:
        try:
            result.out.write_text(result.csv(), encoding="utf-8")
        except OSError as error:
            raise BosocError(f"{result.out}: cannot write: {error.strerror}") from None
    stream = warnings_to if warnings_to is not None else sys.stderr
    for warning in result.warnings:
        print(f"Advarsel: {warning}", file=stream)
    return result
