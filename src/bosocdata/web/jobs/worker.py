"""What a job's worker process runs: one PDF report, written to its file.

Runs in a process of its own (runner.py), so that a render never holds up the web
server, can be cancelled by terminating the process, and gives its memory back when it
ends. It writes `<file>.tmp` and renames it: a file that exists is complete. Its stage
(`data`, `layout`) goes to `<file>.stage` for the progress page.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from bosocdata.presentation.read_model import Published, read_published
from bosocdata.presentation.zone import PublishedZone
from bosocdata.reports import area_report_html, evaluation_report_html, yearly_report_html
from bosocdata.reports.render import write_pdf


def _stage(target: Path, stage: str) -> None:
    target.with_name(target.name + ".stage").write_text(stage, encoding="utf-8")


@contextmanager
def visible_cursor(
    zone_path: str, visible: frozenset[str] | None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of the published zone at `zone_path` as a user who may see `visible`
    (None: every area) sees it: the same scoped views as every page (presentation/zone.py)."""
    zone = PublishedZone(Path(zone_path))
    try:
        with zone.cursor(lambda _organisations: None if visible is None else set(visible)) as cur:
            yield cur
    finally:
        zone.close()


def read_visible(zone_path: str, visible: frozenset[str] | None) -> Published:
    """The published zone at `zone_path` as a user who may see `visible` sees it."""
    with visible_cursor(zone_path, visible) as cur:
        return read_published(cur)


def render(
    kind: str,
    zone_path: str,
    visible: frozenset[str] | None,
    year: int,
    lang: str,
    subject: str,
    target: str,
) -> None:
    """Render report `kind` of the user's areas to `target`: `yearly`, `area` (`subject`
    is the area id) or `evaluation` (`subject` is the intervention id; `year` unused)."""
    os.umask(0o077)  # the report is the user's: 0600
    out = Path(target)
    _stage(out, "data")
    if kind == "evaluation":
        with visible_cursor(zone_path, visible) as cur:
            html = evaluation_report_html(cur, subject, lang=lang)
    elif kind == "yearly":
        html = yearly_report_html(read_visible(zone_path, visible), year=year, lang=lang)
    else:
        html = area_report_html(read_visible(zone_path, visible), subject, year=year, lang=lang)
    _stage(out, "layout")
    partial = out.with_name(out.name + ".tmp")
    write_pdf(html, partial)
    partial.replace(out)
