"""What the project's interface reference says, read from docs/reference/ itself.

Tests compare the code with the reference's own text rather than with a copy of it, so
the documentation and the code cannot drift apart unnoticed.
"""

from __future__ import annotations

from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "reference"


def table_columns(heading: str) -> list[str]:
    """The columns of docs/reference/tables.md's section `heading`, in order: the first
    table of the section, up to its list of additions.

    `ci_low, ci_high` stand on one row of the reference's table and are two columns.
    """
    text = (REFERENCE / "tables.md").read_text(encoding="utf-8")
    section = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    columns: list[str] = []
    for line in section.split("\n\n|", 1)[-1].split("\n\n", 1)[0].splitlines():
        line = line if line.startswith("|") else "|" + line
        if not line.startswith("| ") or line.startswith(("| column", "|---")):
            continue
        columns += [name.strip() for name in line.split("|")[1].split(",")]
    return columns


def indicator_table_columns() -> list[str]:
    """The columns of the section "The indicator table", in order."""
    return table_columns("The indicator table")


def evaluation_table_columns() -> list[str]:
    """The columns of the section "The evaluation table", in order."""
    return table_columns("The evaluation table")


def criteria_input_columns() -> list[str]:
    """The required columns of docs/reference/tables.md's "Area-level criteria input", in
    order: the back-quoted list after "columns:"."""
    text = (REFERENCE / "tables.md").read_text(encoding="utf-8")
    section = text.split("## Area-level criteria input", 1)[1].split("\n## ", 1)[0]
    listed = section.split("columns: `", 1)[1].split("`", 1)[0]
    return [name.strip() for name in listed.split(",")]
