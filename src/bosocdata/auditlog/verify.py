"""Checking the audit log's hash chain and its head anchor.

What is detected: an edited entry (its hash no longer matches its content), a deleted,
inserted or moved entry (the next entry's `prev_hash` or `seq` no longer fits), and a
truncated or rewritten tail (the log no longer ends where `audit/head` says it does).
What cannot be: someone able to write both the log and the head can rewrite history and
recompute every hash; only a copy held elsewhere (a log shipped to an external system, or
a hash noted down) shows that. See docs/concepts/access-and-audit.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from bosocdata.auditlog.entries import FIELDS, GENESIS_HASH, entry_hash
from bosocdata.auditlog.log import (
    LogLine,
    audit_head_path,
    audit_log_path,
    locked,
    parse_line,
)
from bosocdata.settings import Paths


@dataclass(frozen=True)
class VerifyResult:
    entries: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Head:
    count: int
    hash: str


def _line_problems(line: LogLine, expected_prev: str | None) -> list[str]:
    """Problems of one line; `expected_prev` None when the line before was unreadable."""
    n = line.number
    entry = line.entry
    if entry is None or set(entry) != FIELDS:
        return [f"line {n}: not a readable audit entry (damaged or edited)"]
    problems = []
    if entry_hash(entry) != entry.get("hash"):
        problems.append(f"line {n}: entry edited: its content no longer matches its hash")
    if expected_prev is not None and entry.get("prev_hash") != expected_prev:
        if n == 1:
            problems.append(
                "line 1: chain broken: the first entry does not start from the genesis value "
                "(entries deleted from the start, or the entry was moved here)"
            )
        else:
            problems.append(
                f"line {n}: chain broken: its previous-entry hash does not match line {n - 1} "
                "(an entry deleted, inserted or moved here)"
            )
    if entry.get("seq") != n:
        problems.append(
            f"line {n}: holds entry number {entry.get('seq')} where number {n} belongs "
            "(entries deleted, inserted or reordered)"
        )
    return problems


def _read_head(paths: Paths) -> Head | str:
    """The head anchor, or the reason it cannot be used."""
    head = audit_head_path(paths)
    if not head.exists():
        return f"{head} is missing: the end of the log cannot be checked"
    try:
        value = json.loads(head.read_text(encoding="utf-8"))
        return Head(int(value["count"]), str(value["hash"]))
    except (ValueError, KeyError, TypeError):
        return f"{head} is not readable: the end of the log cannot be checked"


def _tail_problems(lines: list[LogLine], head: Head | str) -> list[str]:
    if isinstance(head, str):
        return [head] if lines else []
    count = len(lines)
    last = lines[-1].entry if lines else None
    last_hash = last.get("hash") if last else GENESIS_HASH
    if head.count > count:
        missing = head.count - count
        return [
            f"line {count + 1}: {missing} entr{'y' if missing == 1 else 'ies'} missing at the "
            f"end: the head records {head.count} entries, the log has {count} "
            "(the tail was deleted or truncated)"
        ]
    if head.count < count:
        return [
            f"line {head.count + 1}: the log has {count} entries but the head records "
            f"{head.count}: entries were added without updating the head (an interrupted "
            "append, or lines written by something other than BoSocData)"
        ]
    if head.hash != last_hash:
        return [
            f"line {count}: the last entry's hash differs from the head's: the end of the "
            "log was rewritten"
        ]
    return []


def verify(paths: Paths) -> VerifyResult:
    """Check every entry's hash, the chain between entries and the tail against the head."""
    log = audit_log_path(paths)
    if not log.exists():
        head = _read_head(paths)
        if isinstance(head, Head) and head.count > 0:
            return VerifyResult(0, [f"{log} is missing but the head records {head.count} entries"])
        return VerifyResult(0, [])
    with locked(log, exclusive=False) as handle:
        handle.seek(0)
        lines = [parse_line(n, raw) for n, raw in enumerate(handle, start=1)]
        head = _read_head(paths)
    problems: list[str] = []
    expected_prev: str | None = GENESIS_HASH
    for line in lines:
        problems.extend(_line_problems(line, expected_prev))
        stored = line.entry.get("hash") if line.entry else None
        expected_prev = stored if isinstance(stored, str) else None
    problems.extend(_tail_problems(lines, head))
    return VerifyResult(len(lines), problems)
