"""Classifying area rows under the rule set in force for each list year.

Each row is judged under the law version of its year (`rulesets/*.yaml`); rules over
consecutive years read the same area's earlier rows, or, where a row carries the
`published_category` of the ministry's list, that category instead of a re-derivation.
See docs/concepts/official-criteria.md for the rules and every choice.
"""

from __future__ import annotations

import functools
import operator as op
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bosocdata.assessment.criteria_csv import BY_NAME
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

NONE = "none"
PUBLISHED = "published_category"

_COMPARE: dict[str, Callable[[pd.Series, float], pd.Series]] = {
    ">": op.gt,
    ">=": op.ge,
    "<": op.lt,
    "<=": op.le,
}

History = dict[tuple[str, int], frozenset[str]]


@functools.cache
def _built_in_rule_sets() -> tuple[RuleSet, ...]:
    return tuple(load_rule_sets(known_columns=BY_NAME))


def default_rule_sets() -> list[RuleSet]:
    """The built-in rule sets (read once), checked against the input columns."""
    return list(_built_in_rule_sets())


def category_ids(rule_sets: Sequence[RuleSet]) -> set[str]:
    """Every category a `published_category` may name, with `none`."""
    return {NONE} | {c.id for rs in rule_sets for c in rs.categories}


@dataclass
class Classification:
    """The classified table and the warnings worth reading."""

    table: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def _criterion_order(rule_sets: Sequence[RuleSet]) -> list[Criterion]:
    """Every criterion id once: the newest law's first, then older laws' own ones."""
    seen: dict[str, Criterion] = {}
    for rule_set in sorted(rule_sets, key=lambda rs: -rs.list_years.first):
        for criterion in rule_set.criteria:
            seen.setdefault(criterion.id, criterion)
    return list(seen.values())


def _assign_rule_sets(
    years: pd.Series, rule_sets: Sequence[RuleSet]
) -> tuple[dict[int, RuleSet], list[str]]:
    """The rule set for each year; years before the first rule set get the first one."""
    earliest = min(rule_sets, key=lambda rs: rs.list_years.first)
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
            "no official list was made under these rules before then"
        )
    return chosen, warnings


def _criteria_met(
    values: pd.DataFrame,
    rule_set_of: pd.Series,
    rule_sets: Sequence[RuleSet],
    criteria: list[Criterion],
) -> pd.DataFrame:
    """`crit_<id>`: 1 met, 0 not met, missing where the value is missing or not in force."""
    met = pd.DataFrame(index=values.index)
    for criterion in criteria:
        met[f"crit_{criterion.id}"] = pd.Series(pd.NA, index=values.index, dtype="Int64")
    for rule_set in rule_sets:
        rows = rule_set_of == rule_set.id
        for criterion in rule_set.criteria:
            column = values.loc[rows, criterion.column].astype("float64")
            result = _COMPARE[criterion.operator](column, criterion.threshold).astype("Int64")
            met.loc[rows, f"crit_{criterion.id}"] = result.mask(column.isna())
    return met


def _is_one(flag: object) -> bool:
    return not pd.isna(flag) and flag == 1  # type: ignore[call-overload]


@dataclass(frozen=True)
class _Window:
    """The outcome of a consecutive-year rule for one area and year."""

    holds: bool
    missing_years: tuple[int, ...] = ()


def _consecutive(
    category: Category, area: str, year: int, current: set[str], history: History
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
    rule_set: RuleSet, met: dict[str, bool], area: str, year: int, history: History
) -> tuple[set[str], list[tuple[Category, _Window]]]:
    """Every category the area meets this year (file order: later may read earlier),
    and the consecutive-year categories left out for want of an earlier year's row."""
    flags: set[str] = set()
    unplaced: list[tuple[Category, _Window]] = []
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
                unplaced.append((category, window))
            if not window.holds:
                continue
        flags.add(category.id)
    return flags, unplaced


def _most_specific(rule_set: RuleSet, flags: Collection[str]) -> str:
    ranked = [c for c in rule_set.categories if c.id in flags]
    return max(ranked, key=lambda c: c.rank).id if ranked else NONE


def _implied(rule_set: RuleSet, category_id: str) -> frozenset[str]:
    """A published category with every category it requires (a ghettoområde of 2019
    was an udsat boligområde too): what consecutive-year rules may ask of that year."""
    if category_id == NONE:
        return frozenset()
    by_id = {c.id: c for c in rule_set.categories}
    found: set[str] = set()
    todo = [category_id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(by_id[current].requires)
    return frozenset(found)


def _published(
    values: pd.DataFrame, rule_set_of: pd.Series, by_id: dict[str, RuleSet]
) -> dict[object, str]:
    """The `published_category` of each row that has one, checked against its law."""
    if PUBLISHED not in values.columns:
        return {}
    found: dict[object, str] = {}
    for index, given in zip(values.index, values[PUBLISHED], strict=True):
        if given is None or pd.isna(given) or str(given).strip() == "":
            continue
        name = str(given).strip().lower()
        rule_set = by_id[str(rule_set_of.loc[index])]
        allowed = {NONE} | {c.id for c in rule_set.categories}
        if name not in allowed:
            area, year = values.at[index, "area_id"], str(values.at[index, "year"])
            raise BosocError(
                f"area {area!s}, year {year}: published_category `{name}` is not a category "
                f"of {rule_set.id}",
                hint="one of: " + ", ".join(sorted(allowed)),
            )
        found[index] = name
    return found


Row = Mapping[Hashable, Any]
"""One area and year: column -> value (a plain mapping: the rows are judged one by one,
and a pandas Series per row costs more than the judging)."""


def _distance(criterion: Criterion, row: Row) -> int | None:
    """`dist_<id>` for one row: persons to flip the criterion, None if not computable."""
    value = row[criterion.column]
    if pd.isna(value):
        return None
    spec = criterion.distance
    if spec.kind == "count":
        return count_to_flip(int(value), criterion.threshold, criterion.operator)
    denominator = next((row[c] for c in spec.denominator if not pd.isna(row.get(c))), None)
    if denominator is None:
        return None
    # exact arithmetic: 40.1 % of 1,000 is 401 persons, not 401.00000000000006
    share, threshold = exact(float(value)), exact(criterion.threshold)
    if spec.share_of:
        base = row.get(spec.share_of)
        if base is None or pd.isna(base):
            return None
        share, threshold = share * exact(float(base)), threshold * exact(float(base))
    numerator = share * int(denominator) / 100
    return persons_to_flip(numerator, int(denominator), threshold, criterion.operator)


def _with_read_columns(areas: pd.DataFrame, rule_sets: Sequence[RuleSet]) -> pd.DataFrame:
    """The rows with every column a rule set reads (an absent optional one as missing)."""
    values = areas.copy()
    for rule_set in rule_sets:
        for criterion in rule_set.criteria:
            columns = [criterion.column, *criterion.distance.denominator]
            if criterion.distance.share_of:
                columns.append(criterion.distance.share_of)
            for column in columns:
                if column not in values.columns:
                    values[column] = float("nan")
    return values


@dataclass
class _Row:
    """One row's judgement: the category and what a reader should be told about it."""

    category: str
    warnings: list[str]


def _judge(
    rule_set: RuleSet, row: Row, met: Row, history: History, published: str | None
) -> tuple[_Row, frozenset[str]]:
    """The row's category and warnings, and what later years' consecutive rules read."""
    area, year = str(row["area_id"]), int(row["year"])
    row_met = {c.id: _is_one(met[f"crit_{c.id}"]) for c in rule_set.criteria}
    flags, unplaced = _categories_of(rule_set, row_met, area, year, history)
    category = _most_specific(rule_set, flags)
    warnings = []
    for placed, window in unplaced:
        rule = placed.consecutive
        assert rule is not None
        gone = ", ".join(map(str, window.missing_years))
        warnings.append(
            f"area {area}, year {year}: not placed as {placed.id}: no row for year {gone} "
            f"(needs {' or '.join(rule.each_year_one_of)} in each of "
            f"{year - rule.years + 1}-{year})"
        )
    missing = [c for c in rule_set.criteria if pd.isna(row[c.column])]
    if missing and published is None:
        # Only where a value could change the category: all missing criteria met.
        hopeful = {**row_met, **{c.id: True for c in missing}}
        best = _most_specific(rule_set, _categories_of(rule_set, hopeful, area, year, history)[0])
        if best != category:
            columns = ", ".join(dict.fromkeys(c.column for c in missing))
            warnings.append(
                f"area {area}, year {year}: no value for {columns}: the criteria reading it "
                f"count as not met, so the category may be too low ({category}; with those "
                f"values it could be {best})"
            )
    elif published is not None and not missing and published != category:
        warnings.append(
            f"area {area}, year {year}: the values give {category}, the published list "
            f"says {published}; later years' consecutive rules read {published}"
        )
    remembered = _implied(rule_set, published) if published is not None else frozenset(flags)
    return _Row(category, warnings), remembered


def classify(areas: pd.DataFrame, rule_sets: Sequence[RuleSet] | None = None) -> Classification:
    """Classify parsed area rows (as from `read_criteria_csv`) under the rule sets.

    Each row is judged under the rule set in force for its year; consecutive-year rules
    read the same area's rows of earlier years (their `published_category` where given).
    Output: the input columns, then `rule_set`, `crit_<id>`, `dist_<id>` and `category`.
    """
    rule_sets = list(rule_sets) if rule_sets is not None else default_rule_sets()
    by_id = {rs.id: rs for rs in rule_sets}
    chosen, warnings = _assign_rule_sets(areas["year"], rule_sets)
    rule_set_of = areas["year"].map(lambda y: chosen[int(y)].id)
    values = _with_read_columns(areas, rule_sets)
    published = _published(values, rule_set_of, by_id)
    criteria = _criterion_order(rule_sets)
    met = _criteria_met(values, rule_set_of, rule_sets, criteria)

    history: History = {}
    category = pd.Series(NONE, index=areas.index, dtype=object)
    distances = {
        c.id: pd.Series(pd.NA, index=areas.index, dtype="Int64")
        for c in criteria
        if any(
            rc.id == c.id and rc.distance.kind != "none" for rs in rule_sets for rc in rs.criteria
        )
    }
    rows, met_rows = values.to_dict("index"), met.to_dict("index")
    for index in values.sort_values(["year", "area_id"], kind="stable").index:
        row = rows[index]
        rule_set = by_id[rule_set_of[index]]
        judged, remembered = _judge(rule_set, row, met_rows[index], history, published.get(index))
        history[(str(row["area_id"]), int(row["year"]))] = remembered
        category[index] = judged.category
        warnings += judged.warnings
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
