"""Rich progress bars for every step that may take more than a second.

Progress goes to standard error so that standard output stays clean for scripts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

console = Console(stderr=True)


@contextmanager
def progress() -> Iterator[Progress]:
    """A progress display; add a task per step, advance it as work is done."""
    with Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bar:
        yield bar


@contextmanager
def step(description: str, total: int | None = None) -> Iterator[Progress]:
    """One step with its own bar (a spinner when the total is unknown)."""
    with progress() as bar:
        task = bar.add_task(description, total=total)
        yield bar
        bar.update(task, completed=total if total is not None else 1, total=total or 1)
