"""The catalogue: the built-in definitions plus an analyst's own folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from bosocdata.errors import BosocError
from bosocdata.indicators.loader import (
    DefinitionError,
    Problem,
    load_folder,
    unknown_id_hint,
)
from bosocdata.indicators.model import Definition
from bosocdata.settings import setting


def builtin_dir() -> Path:
    return Path(str(resources.files("bosocdata.indicators").joinpath("definitions")))


def configured_dir() -> Path | None:
    """The folder of BOSOC_INDICATORS_DIR (setting `indicators_dir`), if set."""
    raw = setting("indicators_dir")
    return Path(raw).expanduser().resolve() if raw else None


@dataclass
class Catalogue:
    """Indicator definitions by id, in the order they were loaded."""

    definitions: dict[str, Definition] = field(default_factory=dict)
    replaced: list[str] = field(default_factory=list)  # built-in ids an extra file replaced

    def __iter__(self) -> Iterator[Definition]:
        return iter(self.definitions.values())

    def __len__(self) -> int:
        return len(self.definitions)

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self.definitions

    def ids(self) -> list[str]:
        return list(self.definitions)

    def get(self, indicator_id: str) -> Definition:
        try:
            return self.definitions[indicator_id]
        except KeyError:
            raise BosocError(
                f"unknown indicator `{indicator_id}`",
                hint=unknown_id_hint(indicator_id, self.ids()),
            ) from None


def collect_problems(extra_dir: Path | None = None) -> list[Problem]:
    """Every problem of every definition file (built-in and extra), for `validate`."""
    problems: list[Problem] = []
    for folder in _folders(extra_dir):
        problems += load_folder(folder)[1]
    return problems


def _folders(extra_dir: Path | None) -> list[Path]:
    folders = [builtin_dir()]
    extra = extra_dir if extra_dir is not None else configured_dir()
    if extra is not None:
        _check_folder(extra)
        folders.append(extra)
    return folders


def _check_folder(folder: Path) -> None:
    """The extra folder exists and is a folder (not one definition file)."""
    if folder.is_dir():
        return
    if folder.exists():
        raise BosocError(
            f"indicator folder {folder} is a file, not a folder",
            hint=f"set BOSOC_INDICATORS_DIR to the folder that holds it ({folder.parent})",
        )
    raise BosocError(
        f"indicator folder {folder} does not exist",
        hint="set BOSOC_INDICATORS_DIR to a folder of *.yaml definition files",
    )


def load_catalogue(extra_dir: Path | None = None) -> Catalogue:
    """The built-in definitions plus `extra_dir` (default: BOSOC_INDICATORS_DIR).

    A definition in the extra folder with the id of a built-in one replaces it. Any
    invalid file refuses the whole catalogue with a `DefinitionError` (file:line).
    """
    catalogue = Catalogue()
    problems: list[Problem] = []
    for i, folder in enumerate(_folders(extra_dir)):
        definitions, found = load_folder(folder)
        problems += found
        for definition in definitions:
            if i > 0 and definition.id in catalogue.definitions:
                catalogue.replaced.append(definition.id)
            catalogue.definitions[definition.id] = definition
    if problems:
        raise DefinitionError(problems)
    return catalogue
