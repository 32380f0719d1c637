"""Reading a report PDF back as a person would: its text, via poppler's pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def pdf_text(pdf: Path, *, first: int | None = None, last: int | None = None) -> str:
    """The text in reading order, every run of whitespace made one space.

    `-raw` keeps a table row's cells together ("Voksne ... % 41,2 16,3 40,2–42,3 ..."),
    whatever the line breaks inside a cell.
    """
    exe = shutil.which("pdftotext")
    assert exe, "pdftotext is missing: apt-get install -y poppler-utils"
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    out = subprocess.run(
        [exe, "-raw", "-enc", "UTF-8", *pages, str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return " ".join(out.split())


def pdf_pages(pdf: Path) -> int:
    exe = shutil.which("pdfinfo")
    assert exe, "pdfinfo is missing: apt-get install -y poppler-utils"
    info = subprocess.run([exe, str(pdf)], check=True, capture_output=True, text=True).stdout
    for line in info.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError(f"no page count in pdfinfo's output for {pdf}")
