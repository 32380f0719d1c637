"""The area profile's lines about targets and twin areas (their words are in the
vocabulary, presentation/vocabulary.toml): the published tables `targets` (status
against target, docs/concepts/assessment.md) and `twins` (the
most similar areas) each give a few lines of the assessment section.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any

from bosocdata.presentation.queries import Cell
from bosocdata.presentation.vocabulary import Vocabulary
from bosocdata.web.rendering import Formatter


@dataclass(frozen=True)
class Line:
    label: str
    text: str
    css: str = ""


def target_lines(
    rows: list[dict[str, Any]],
    t: Vocabulary,
    fmt: Formatter,
    names: Mapping[str, str],
) -> list[Line]:
    """One line per target of the area and year: status, value with interval, source."""
    lines = []
    for row in rows:
        unit = row.get("unit")
        status = str(row.get("status") or "cannot_tell")
        value = row.get("value")
        suffix = "" if unit in (None, "ratio") else " " + t.maybe(f"unit_{unit}", "")
        shown = t("target_no_value") if value is None else fmt.value(value, unit) + suffix
        interval = (
            "" if value is None else fmt.interval(row.get("ci_low"), row.get("ci_high"), unit)
        )
        floor = row.get("direction") == "down_is_worse"
        text = t(
            "target_text",
            status=t.maybe(f"target_status_{status}", status),
            value=shown,
            interval=interval,
            bound=t("target_at_least" if floor else "target_at_most"),
            target=fmt.value(row.get("target"), unit) + suffix,
            source=row.get("source") or "",
        ).replace(" ()", "")
        indicator = names.get(str(row.get("indicator_id")), str(row.get("indicator_id")))
        label = t("target_label", indicator=indicator, year=row.get("period"))
        lines.append(Line(label, text, f"target-{status.replace('_', '-')}"))
    return lines


def group_line(rows: list[dict[str, Any]], t: Vocabulary) -> list[Line]:
    """The groups of areas the area is part of (a helhedsplan, a housing organisation)."""
    names = sorted({str(r.get("group_name") or r.get("group_id")) for r in rows})
    return [Line(t("groups_label"), ", ".join(names))] if names else []


def visible_twins(rows: list[dict[str, Any]], visible: Collection[str]) -> list[dict[str, Any]]:
    """The area's twins, nearest first, or none when one of them is outside what the user
    may see (their names and pooled value would tell of areas not theirs)."""
    ordered = sorted(rows, key=lambda r: int(r.get("rank") or 0))
    return ordered if all(r.get("twin_id") in visible for r in ordered) else []


def twin_line(rows: list[dict[str, Any]], t: Vocabulary) -> list[Line]:
    """The twins' names, nearest first (none: no line)."""
    if not rows:
        return []
    names = ", ".join(str(r.get("twin_name") or r["twin_id"]) for r in rows)
    return [Line(t("twins_label"), names)]


def with_twin_benchmarks(
    cell: Cell | None, benchmarks: Mapping[str, dict[str, Any]]
) -> Cell | None:
    """The cell with the twins' pooled value as its benchmark, and the comparison with it."""
    if cell is None:
        return None
    found = benchmarks.get(cell.indicator_id, {})
    return replace(cell, benchmark=found.get("benchmark"), comparison=found.get("comparison"))
