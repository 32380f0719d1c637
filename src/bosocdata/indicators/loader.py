"""Read definition files, remembering file and line, and report every problem at once.

Problems are collected over all files (`file:line: message`) rather than stopping at
the first, as dbt-semantic-interfaces does: an analyst fixes them in one go.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bosocdata.errors import BosocError
from bosocdata.indicators.blocks import BLOCKS, Block, Not
from bosocdata.indicators.model import Definition, MeanOf, PlaceEvents, Subject
from bosocdata.indicators.schema import REGISTER_COLUMNS, did_you_mean
from bosocdata.yamlfile import Loc, YamlSyntaxError, read_yaml, validation_problems


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _pydantic_problems(error: ValidationError, base: Loc) -> list[tuple[Loc, str]]:
    return [
        ((*base, *loc), f"{'.'.join(str(x) for x in loc)}: {msg}" if loc else msg)
        for loc, msg in validation_problems(error)
    ]


def parse_block(raw: Any, loc: Loc) -> tuple[Block | None, list[tuple[Loc, str]]]:
    """One condition: a mapping with exactly one key, the block's name."""
    if not isinstance(raw, dict) or len(raw) != 1:
        return None, [(loc, "a condition is a mapping with one key, the building block's name")]
    ((name, params),) = raw.items()
    if name not in BLOCKS:
        return None, [
            (
                (*loc, name),
                f"unknown building block `{name}`; " + did_you_mean(str(name), BLOCKS.keys()),
            )
        ]
    cls = BLOCKS[name]
    if cls is Not:
        inner, problems = parse_block(params, (*loc, name))
        return (Not(block=inner) if inner is not None else None), problems
    try:
        block = cls.model_validate(params or {})
    except ValidationError as error:
        return None, _pydantic_problems(error, (*loc, name))
    return block, [((*loc, name, *sub), msg) for sub, msg in block.check()]


def _parse_blocks(raw: Any, loc: Loc, problems: list[tuple[Loc, str]]) -> list[Block]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append((loc, "`where` is a list of conditions"))
        return []
    blocks = []
    for i, item in enumerate(raw):
        block, found = parse_block(item, (*loc, i))
        problems.extend(found)
        if block is not None:
            blocks.append(block)
    return blocks


def _parse_special(
    cls: type[PlaceEvents] | type[MeanOf], raw: Any, loc: Loc, problems: list[tuple[Loc, str]]
) -> Block | None:
    try:
        block = cls.model_validate(raw or {})
    except ValidationError as error:
        problems.extend(_pydantic_problems(error, loc))
        return None
    problems.extend(((*loc, *sub), msg) for sub, msg in block.check())
    return block


def parse_definition(data: Any, path: Path) -> tuple[Definition | None, list[tuple[Loc, str]]]:
    if not isinstance(data, dict):
        return None, [((), "a definition file holds one mapping (id, names, population, ...)")]
    problems: list[tuple[Loc, str]] = []
    data = dict(data)
    population = data.get("population")
    numerator = data.get("numerator")
    if isinstance(population, dict):
        population = dict(population)
        population["where"] = _parse_blocks(
            population.get("where"), ("population", "where"), problems
        )
        data["population"] = population
    if isinstance(numerator, dict):
        numerator = dict(numerator)
        numerator["where"] = _parse_blocks(numerator.get("where"), ("numerator", "where"), problems)
        for key, cls in (("place_events", PlaceEvents), ("mean_of", MeanOf)):
            if key in numerator:
                numerator[key] = _parse_special(cls, numerator[key], ("numerator", key), problems)
        data["numerator"] = numerator
    try:
        definition = Definition.model_validate({**data, "path": path})
    except ValidationError as error:
        return None, problems + _pydantic_problems(error, ())
    problems += _check_definition(definition)
    return (definition if not problems else None), problems


def _check_definition(d: Definition) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    for i, register in enumerate(d.registers):
        if register not in REGISTER_COLUMNS:
            problems.append(
                (
                    ("registers", i),
                    f"unknown register `{register}`; "
                    + did_you_mean(register, REGISTER_COLUMNS.keys()),
                )
            )
    for register in sorted(d.used_registers() - set(d.registers)):
        problems.append(
            (("registers",), f"register `{register}` is used but not listed in `registers`")
        )
    kinds = [
        bool(d.numerator.where),
        d.numerator.place_events is not None,
        d.numerator.mean_of is not None,
    ]
    if sum(kinds) != 1:
        problems.append(
            (
                ("numerator",),
                "the numerator needs exactly one of `where`, `place_events`, `mean_of`",
            )
        )
    subject = "household" if d.population.of is Subject.households else "person"
    for part, blocks in (("population", d.population.where), ("numerator", d.numerator.where)):
        for i, block in enumerate(blocks):
            inner = block.block if isinstance(block, Not) else block
            if inner.subject != subject:
                problems.append(
                    (
                        (part, "where", i),
                        f"`{inner.name}` applies to a "
                        f"{inner.subject}, but the population is {d.population.of}",
                    )
                )
    if d.numerator.mean_of is not None and d.unit.value not in ("dkk", "pct"):
        problems.append(
            (("unit",), "a `mean_of` numerator needs unit `dkk` (or `pct` with a value rule)")
        )
    if d.numerator.place_events is not None and d.unit.value not in ("per100hh", "per1000"):
        problems.append((("unit",), "`place_events` needs unit `per100hh` or `per1000`"))
    if d.unit.value == "per100hh" and d.population.of is not Subject.households:
        problems.append((("population", "of"), "unit `per100hh` needs `of: households`"))
    if d.unit.value == "ratio" and d.value is None:
        problems.append((("value",), "unit `ratio` needs a `value` rule"))
    if d.path is not None and d.path.stem != d.id:
        problems.append(
            (
                ("id",),
                f"the file is named `{d.path.name}` but the id is `{d.id}`; name it `{d.id}.yaml`",
            )
        )
    return problems


def load_file(path: Path) -> tuple[Definition | None, list[Problem]]:
    try:
        document = read_yaml(path)
    except YamlSyntaxError as error:
        return None, [Problem(path, error.line, error.reason)]
    except OSError as error:
        return None, [Problem(path, 1, f"cannot read the file: {error.strerror}")]
    definition, found = parse_definition(document.data, path)
    return definition, [Problem(path, document.line(loc), msg) for loc, msg in found]


DEFINITION_SUFFIXES = (".yaml", ".yml")  # in any case: `x.YAML` and `x.yml` are read too


def definition_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.suffix.lower() in DEFINITION_SUFFIXES and p.is_file()
    )


def load_folder(folder: Path) -> tuple[list[Definition], list[Problem]]:
    definitions: list[Definition] = []
    problems: list[Problem] = []
    first_file: dict[str, Path] = {}
    for path in definition_files(folder):
        definition, found = load_file(path)
        problems.extend(found)
        if definition is None:
            continue
        if definition.id in first_file:
            problems.append(_twice(definition.id, first_file[definition.id], path))
            continue
        first_file[definition.id] = path
        definitions.append(definition)
    return definitions, problems


def _twice(indicator_id: str, first: Path, second: Path) -> Problem:
    """Two files of one folder define one id (`x.yaml` and `x.yml`)."""
    return Problem(
        second, 1, f"`{indicator_id}` is defined twice in this folder, also in `{first.name}`"
    )


class DefinitionError(BosocError):
    """One or more definition files are invalid."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(
            f"{first}{more}", hint="run `bosoc indicators validate` to see every problem"
        )
        self.problems = problems


def unknown_id_hint(wanted: str, known: list[str]) -> str:
    close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.5)
    return f"did you mean `{close[0]}`?" if close else "see `bosoc indicators list`"
