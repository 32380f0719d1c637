"""Writing a file the user named (`bosoc export OUT_FILE`, `bosoc report --out FILE`).

A path that cannot be written is the user's to fix, not a bug: a folder given as the
file, a file standing where a folder must be, a folder without write access (or a
system folder such as /proc). Each is refused as a `BosocError` naming the path, so the
command exits 2 with one line instead of a traceback. A missing folder is made (as
`mkdir -p`), since exports and reports are often written into a new folder.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bosocdata.errors import BosocError

WRITABLE_HINT = "choose a folder you can write to"


def check_suffix(out: Path, suffixes: tuple[str, ...]) -> str:
    """The lower-case suffix of `out`; refused unless one of `suffixes`."""
    suffix = out.suffix.lower()
    if suffix not in suffixes:
        spoken = " or ".join(filter(None, [", ".join(suffixes[:-1]), suffixes[-1]]))
        raise BosocError(
            f"cannot write {out.name}: unknown format {suffix or '(none)'}",
            hint=f"end the file name in {spoken}",
        )
    return suffix


def check_out_file(out: Path, what: str = "") -> None:
    """Refuse, before any work, an `out` that is a folder or lies under a file."""
    label = f"{what} {out}" if what else str(out)
    if out.is_dir():
        raise BosocError(
            f"cannot write {label}: it is a folder",
            hint="give the name of a file, not of a folder",
        )
    blocking = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise BosocError(
            f"cannot write {label}: {blocking} is a file, not a folder",
            hint=WRITABLE_HINT,
        )


@contextmanager
def writing(out: Path, what: str = "") -> Iterator[Path]:
    """Check `out`, make its folder when missing, and turn a failure of the file system
    (no permission, a read-only or system folder, a full disk) into a `BosocError`."""
    out = Path(out)
    check_out_file(out, what)
    label = f"{what} {out}" if what else str(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        yield out
    except OSError as error:
        raise BosocError(
            f"cannot write {label}: {_reason(error, out)}", hint=WRITABLE_HINT
        ) from None


def _reason(error: OSError, out: Path) -> str:
    """The system's words, except for "No such file or directory" about a folder that
    is there (a system folder such as /proc takes no new files)."""
    if error.errno == errno.ENOENT and out.parent.is_dir():
        return f"the folder {out.parent} takes no new files"
    return error.strerror or str(error)
