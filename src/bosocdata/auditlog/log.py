"""Appending to the audit log and reading it back.

The log is JSON Lines at `$BOSOC_HOME/audit/audit.jsonl`. Every append holds an exclusive
`flock` on the log file, reads the last entry to chain to, checks it against the anchor
file `audit/head` (`{"count": N, "hash": "..."}`: a log cut short or rewritten is not
appended to), writes one line, fsyncs it and then rewrites the head atomically, all under
the same lock: two processes appending at once each get their own place in the chain.
"""

from __future__ import annotations

import fcntl
import getpass
import json
import os
from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from bosocdata.auditlog.entries import GENESIS_HASH, make_entry
from bosocdata.errors import BosocError
from bosocdata.settings import Paths


def current_actor() -> str:
    """Who ran a command: the operating-system user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def audit_dir(paths: Paths) -> Path:
    return paths.home / "audit"


def audit_log_path(paths: Paths) -> Path:
    """`$BOSOC_HOME/audit/audit.jsonl`: the hash-chained log."""
    return audit_dir(paths) / "audit.jsonl"


def audit_head_path(paths: Paths) -> Path:
    """`$BOSOC_HOME/audit/head`: the count and hash of the last entry, rewritten on append."""
    return audit_dir(paths) / "head"


@contextmanager
def locked(path: Path, *, exclusive: bool) -> Iterator[IO[bytes]]:
    """The log file under an flock: opened for appending and reading (exclusive), or for
    reading only (shared: `verify` and `show` work on a read-only copy of a home)."""
    if not exclusive:
        with path.open("rb") as reader:
            fcntl.flock(reader.fileno(), fcntl.LOCK_SH)
            try:
                yield reader
            finally:
                fcntl.flock(reader.fileno(), fcntl.LOCK_UN)
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield handle
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _last_line(handle: IO[bytes]) -> bytes:
    """The last non-empty line of the file, read backwards in blocks."""
    handle.seek(0, os.SEEK_END)
    end = handle.tell()
    block = 8192
    tail = b""
    position = end
    while position > 0:
        step = min(block, position)
        position -= step
        handle.seek(position)
        tail = handle.read(step) + tail
        stripped = tail.rstrip(b"\n")
        if b"\n" in stripped:
            return stripped.rsplit(b"\n", 1)[1]
    return tail.rstrip(b"\n")


@dataclass(frozen=True)
class _Tip:
    """The last entry of the log: its number, its hash and the hash it chains to."""

    seq: int
    hash: str
    prev_hash: str


def _chain_tip(handle: IO[bytes], log: Path) -> _Tip:
    """The last entry, or seq 0 and GENESIS_HASH for an empty log."""
    line = _last_line(handle)
    if not line.strip():
        return _Tip(0, GENESIS_HASH, GENESIS_HASH)
    try:
        last = json.loads(line)
        return _Tip(int(last["seq"]), str(last["hash"]), str(last["prev_hash"]))
    except (ValueError, KeyError, TypeError):
        raise BosocError(
            f"{log}: the last line is not a readable audit entry, so nothing can be chained "
            "to it and nothing more is recorded",
            hint="run `bosoc audit verify` and restore the log from its external copy",
        ) from None


_RESTORE_HINT = (
    "run `bosoc audit verify`; restore the log and its head from their external copy, or "
    "move the audit folder aside (keep it as evidence) to begin a new log"
)


def _check_head(paths: Paths, log: Path, tip: _Tip) -> None:
    """Refuse to append to a log that does not end where its head says: a truncated,
    deleted or rewritten log would otherwise be chained onto, and the next `verify` would
    find nothing wrong. An append interrupted before it rewrote the head (one entry more
    than the head, chained to the head's hash) is the one mismatch let through: this
    append rewrites the head."""
    head = audit_head_path(paths)
    if not head.exists():
        if tip.seq <= 1:  # a new log, or its first append interrupted
            return
        raise BosocError(
            f"{head} is missing while {log} holds {tip.seq} entries, so the end of the log "
            "cannot be checked and nothing more is recorded",
            hint=_RESTORE_HINT,
        )
    try:
        value = json.loads(head.read_text(encoding="utf-8"))
        count, last_hash = int(value["count"]), str(value["hash"])
    except (ValueError, KeyError, TypeError):
        raise BosocError(
            f"{head} is not readable, so nothing more is recorded", hint=_RESTORE_HINT
        ) from None
    if (count, last_hash) == (tip.seq, tip.hash):
        return
    if count == tip.seq - 1 and last_hash == tip.prev_hash:
        return
    raise BosocError(
        f"{log} does not end where its head says (the head records {count} entries, the log "
        f"ends at entry {tip.seq}): entries were deleted or rewritten, and nothing more is "
        "recorded",
        hint=_RESTORE_HINT,
    )


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_head(head: Path, count: int, last_hash: str) -> None:
    temporary = head.with_name(head.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(json.dumps({"count": count, "hash": last_hash}).encode() + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, head)
    _fsync_dir(head.parent)


def record(
    paths: Paths,
    event: str,
    *,
    actor: str,
    details: Mapping[str, object] | None = None,
    now: datetime | None = None,
) -> None:
    """Append one entry to the audit log (chained, fsynced, head anchor updated).

    `details` is free-form but must never hold a CPR number; anything shaped like one is
    masked as `DDMMYY-xxxx` all the same. `now` is for tests; by default the UTC time.
    """
    log = audit_log_path(paths)
    with locked(log, exclusive=True) as handle:
        tip = _chain_tip(handle, log)
        _check_head(paths, log, tip)
        seq = tip.seq
        entry = make_entry(
            seq=seq + 1, prev_hash=tip.hash, event=event, actor=actor, details=details, now=now
        )
        line = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        handle.write(line.encode("utf-8") + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
        if seq == 0:
            _fsync_dir(log.parent)
        _write_head(audit_head_path(paths), int(str(entry["seq"])), str(entry["hash"]))


@dataclass(frozen=True)
class LogLine:
    """One line of the log file: its 1-based number, its text and the entry if readable."""

    number: int
    text: str
    entry: dict[str, object] | None


def parse_line(number: int, raw: bytes) -> LogLine:
    text = raw.decode("utf-8", errors="replace").rstrip("\n")
    try:
        value = json.loads(text)
    except ValueError:
        return LogLine(number, text, None)
    return LogLine(number, text, value if isinstance(value, dict) else None)


def read_lines(paths: Paths, *, last: int | None = None) -> list[LogLine]:
    """The log's lines in order (only the `last` ones if given), under a shared lock."""
    log = audit_log_path(paths)
    if not log.exists():
        return []
    with locked(log, exclusive=False) as handle:
        handle.seek(0)
        kept: deque[LogLine] = deque(maxlen=last)
        for number, raw in enumerate(handle, start=1):
            kept.append(parse_line(number, raw))
    return list(kept)
