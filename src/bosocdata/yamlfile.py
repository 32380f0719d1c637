"""One reader for the project's YAML files: indicator definitions, rule sets and the
assessment configuration.

It returns the data together with the line of every key and item, so that each loader
can report every problem at once as `file:line: field: message` (as dbt's semantic
interfaces do), and it turns pydantic's validation errors into (location, message) pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

Loc = tuple[str | int, ...]


class YamlSyntaxError(Exception):
    """The file is not YAML; `line` is where the parser gave up (1-based)."""

    what = "not valid YAML"

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path.name}:{line}: {self.what}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem

    @property
    def reason(self) -> str:
        """The message without file and line: `not valid YAML: ...`."""
        return f"{self.what}: {self.problem}"


class NotUtf8Error(YamlSyntaxError):
    """The file is not UTF-8 text (e.g. saved as Windows' cp1252); `line` of the first
    byte that is not."""

    what = "not UTF-8 text"


@dataclass
class YamlFile:
    """A YAML document as Python data, with the line of every key and item (1-based)."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line(self, loc: Loc) -> int:
        """The line of `loc`, or of its nearest ancestor that the file has."""
        while loc not in self.lines and loc:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


# libyaml's parser where PyYAML was built with it (as its wheels are): the same nodes and
# lines, several times faster for the 40 definition and rule files a compute reads.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = yaml.constructor.SafeConstructor()  # a scalar node's value, as safe_load gives


def read_yaml(path: Path) -> YamlFile:
    """Read `path`; raises `YamlSyntaxError` (with the line) when it is not YAML or not
    UTF-8 (`NotUtf8Error`), and `OSError` when it cannot be read."""
    text = _utf8_text(path)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise YamlSyntaxError(path, line, str(getattr(error, "problem", None) or error)) from None
    document = YamlFile(path, None)
    if node is not None:
        document.data = _to_python(node, (), document.lines)
    return document


def _utf8_text(path: Path) -> str:
    """The file's text; a byte-order mark is dropped."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem = f"byte 0x{data[error.start]:02x} cannot be read; save the file as UTF-8"
        raise NotUtf8Error(path, line, problem) from None


def _to_python(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            lines[(*loc, key)] = key_node.start_mark.line + 1
            out[key] = _to_python(value_node, (*loc, key), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*loc, i), lines) for i, item in enumerate(node.value)]
    return _SCALARS.construct_object(node)


def loc_text(loc: Loc) -> str:
    """("criteria", 3, "threshold") -> "criteria[3].threshold"."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def validation_problems(error: ValidationError) -> list[tuple[Loc, str]]:
    """pydantic's errors as (location, message); an unknown key says so in words."""
    problems = []
    for e in error.errors():
        loc = tuple(e["loc"])
        message = e["msg"]
        if e["type"] == "extra_forbidden":
            message = f"unknown field `{loc[-1]}`"
        problems.append((loc, message))
    return problems
