"""What the shared contract says, read from `../shared/contract/` itself.

Tests compare the code with the contract's own text rather than with a copy of it.
"""

from __future__ import annotations

from pathlib import Path

CONTRACT = Path(__file__).resolve().parents[1].parent / "shared" / "contract"


def indicator_table_columns() -> list[str]:
    """The columns of INTERFACE.md's section "The indicator table", in order.

    `ci_low, ci_high` stand on one row of the contract's table and are two columns.
    """
    text = (CONTRACT / "INTERFACE.md").read_text(encoding="utf-8")
    section = text.split("## The indicator table", 1)[1].split("\n## ", 1)[0]
    columns: list[str] = []
    for line in section.splitlines():
        if not line.startswith("| ") or line.startswith(("| column", "|---")):
            continue
        columns += [name.strip() for name in line.split("|")[1].split(",")]
    return columns
