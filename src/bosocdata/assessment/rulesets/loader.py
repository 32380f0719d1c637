"""Load and validate the rule-set files; pick the one in force for a list year.

Every problem is reported at once as `file:line: field: message`, the way
`bosoc indicators validate` reports indicator definitions.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from bosocdata.assessment.rulesets.model import RuleSet
from bosocdata.errors import BosocError
from bosocdata.yamlfile import (
    Loc,
    YamlFile,
    YamlSyntaxError,
    loc_text,
    read_yaml,
    validation_problems,
)

BUILT_IN_DIR = Path(__file__).resolve().parent


class RuleSetError(BosocError):
    """A rule-set file that cannot be used; the message names file, line and field."""


@dataclass(frozen=True)
class _Problem:
    file: Path
    line: int | None
    loc: Loc
    message: str

    def __str__(self) -> str:
        where = f"{self.file.name}:{self.line}" if self.line else self.file.name
        field = loc_text(self.loc)
        return f"{where}: {field}: {self.message}" if field else f"{where}: {self.message}"


def _read(path: Path) -> YamlFile:
    try:
        return read_yaml(path)
    except OSError as error:
        raise RuleSetError(f"{path}: cannot read the rule-set file: {error.strerror}") from None
    except YamlSyntaxError as error:
        raise RuleSetError(str(error), hint="check the indentation and the colons") from None


def _parse_one(path: Path) -> tuple[RuleSet | None, list[_Problem], YamlFile]:
    document = _read(path)
    try:
        return RuleSet.model_validate(document.data), [], document
    except ValidationError as error:
        problems = [
            _Problem(path, document.line(loc), loc, message)
            for loc, message in validation_problems(error)
        ]
        return None, problems, document


def _check_references(
    rule_set: RuleSet, path: Path, document: YamlFile, known_columns: Collection[str] | None
) -> list[_Problem]:
    """References inside one file: criteria, earlier categories, columns, unique ranks."""
    found: list[tuple[Loc, str]] = []
    criterion_ids = [c.id for c in rule_set.criteria]
    for i, criterion in enumerate(rule_set.criteria):
        if criterion_ids.index(criterion.id) != i:
            found.append((("criteria", i, "id"), f"criterion `{criterion.id}` is defined twice"))
        columns: list[tuple[Loc, str]] = [(("column",), criterion.column)]
        columns += [
            (("distance", "denominator", j), c)
            for j, c in enumerate(criterion.distance.denominator)
        ]
        if criterion.distance.share_of:
            columns.append((("distance", "share_of"), criterion.distance.share_of))
        for field, column in columns:
            if known_columns is not None and column not in known_columns:
                found.append((("criteria", i, *field), f"unknown input column `{column}`"))
    seen: list[str] = []
    ranks: dict[int, str] = {}
    for i, category in enumerate(rule_set.categories):
        here: Loc = ("categories", i)
        if category.id in seen:
            found.append(((*here, "id"), f"category `{category.id}` is defined twice"))
        if category.rank in ranks:
            found.append(
                ((*here, "rank"), f"rank {category.rank} is also `{ranks[category.rank]}`'s")
            )
        ranks.setdefault(category.rank, category.id)
        for name, refs in (("requires", category.requires), ("excludes", category.excludes)):
            for j, ref in enumerate(refs):
                if ref not in seen:
                    found.append(
                        ((*here, name, j), f"`{ref}` is not a category defined above this one")
                    )
        tests = [((*here, "all_of", j), ref) for j, ref in enumerate(category.all_of)]
        if category.at_least:
            tests += [((*here, "at_least", "of", j), r) for j, r in enumerate(category.at_least.of)]
        for loc, ref in tests:
            if ref not in criterion_ids:
                found.append((loc, f"`{ref}` is not one of this file's criteria"))
        seen.append(category.id)
    return [_Problem(path, document.line(loc), loc, message) for loc, message in found]


def _check_across(files: Sequence[tuple[Path, RuleSet, YamlFile]]) -> list[_Problem]:
    """Across files: unique ids, no overlapping years, consistent criteria and references."""
    problems: list[_Problem] = []
    all_categories = {c.id for _, rs, _ in files for c in rs.categories}
    columns_by_criterion: dict[str, tuple[str, str]] = {}
    ordered = sorted(files, key=lambda item: item[1].list_years.first)
    for index, (path, rule_set, document) in enumerate(ordered):
        for other_path, other, _ in ordered[:index]:
            if other.id == rule_set.id:
                problems.append(
                    _Problem(
                        path,
                        document.line(("id",)),
                        ("id",),
                        f"id `{rule_set.id}` is also used by {other_path.name}",
                    )
                )
            last = other.list_years.last
            if last is None or last >= rule_set.list_years.first:
                problems.append(
                    _Problem(
                        path,
                        document.line(("list_years",)),
                        ("list_years",),
                        f"list years {rule_set.list_years.label()} overlap "
                        f"{other_path.name} ({other.list_years.label()})",
                    )
                )
        for i, criterion in enumerate(rule_set.criteria):
            first = columns_by_criterion.setdefault(criterion.id, (criterion.column, path.name))
            if first[0] != criterion.column:
                loc: Loc = ("criteria", i, "column")
                problems.append(
                    _Problem(
                        path,
                        document.line(loc),
                        loc,
                        f"criterion `{criterion.id}` reads `{criterion.column}` here but "
                        f"`{first[0]}` in {first[1]}: one id, one input column",
                    )
                )
        for i, category in enumerate(rule_set.categories):
            if category.consecutive is None:
                continue
            for j, ref in enumerate(category.consecutive.each_year_one_of):
                if ref not in all_categories:
                    loc = ("categories", i, "consecutive", "each_year_one_of", j)
                    problems.append(
                        _Problem(
                            path, document.line(loc), loc, f"`{ref}` is a category of no rule set"
                        )
                    )
    return problems


def load_rule_sets(
    directories: Iterable[Path] | None = None, known_columns: Collection[str] | None = None
) -> list[RuleSet]:
    """Every `*.yaml` rule set in `directories` (default: the built-in ones), by first year.

    `known_columns`: when given, every input column a rule set reads must be among them.
    Raises `RuleSetError` naming file, line and field of every problem found.
    """
    paths = sorted(
        p for d in (directories or [BUILT_IN_DIR]) for p in Path(d).glob("*.yaml") if p.is_file()
    )
    if not paths:
        raise RuleSetError(
            "no rule-set files (*.yaml) found",
            hint=f"the built-in ones live in {BUILT_IN_DIR}",
        )
    problems: list[_Problem] = []
    parsed: list[tuple[Path, RuleSet, YamlFile]] = []
    for path in paths:
        rule_set, found, document = _parse_one(path)
        problems += found
        if rule_set is not None:
            problems += _check_references(rule_set, path, document, known_columns)
            parsed.append((path, rule_set, document))
    if not problems:
        problems = _check_across(parsed)
    if problems:
        raise RuleSetError(
            f"{len(problems)} problem(s) in the rule sets: " + "; ".join(map(str, problems)),
            hint="see docs/concepts/official-criteria.md for the format",
        )
    return [rs for _, rs, _ in sorted(parsed, key=lambda item: item[1].list_years.first)]


def rule_set_for_year(rule_sets: Sequence[RuleSet], year: int) -> RuleSet | None:
    """The rule set in force for list `year`; None when no rule set covers it."""
    return next((rs for rs in rule_sets if rs.list_years.covers(year)), None)


def criteria_indicators(rule_sets: Sequence[RuleSet] | None = None) -> dict[str, str]:
    """Published indicator id -> the input column it supplies, for every criterion that
    names its `indicator` (default: of the built-in rule sets). The newest rule set's
    order first, then what only older ones read. The rule sets are the one place the
    criteria's indicators are written; the assessment and its configuration read them here.
    """
    if rule_sets is None:
        return dict(_built_in_criteria_indicators())
    found: dict[str, str] = {}
    for rule_set in sorted(rule_sets, key=lambda rs: rs.list_years.first, reverse=True):
        for criterion in rule_set.criteria:
            if criterion.indicator is None:
                continue
            column = found.setdefault(criterion.indicator, criterion.column)
            if column != criterion.column:
                raise RuleSetError(
                    f"rule set {rule_set.id}: criterion {criterion.id} reads indicator "
                    f"{criterion.indicator} as column {criterion.column}, another as {column}",
                    hint="one indicator supplies one input column in every rule set",
                )
    return found


@cache
def _built_in_criteria_indicators() -> tuple[tuple[str, str], ...]:
    return tuple(criteria_indicators(load_rule_sets()).items())
