"""One audit-log entry: its fields, its canonical JSON and its hash.

An entry is a JSON object with the keys `seq` (1, 2, ...), `ts` (UTC, ISO-8601), `event`,
`actor`, `details`, `prev_hash` (the `hash` of the entry before, or `GENESIS_HASH` for the
first) and `hash`: the SHA-256 of the entry's canonical JSON without its `hash` key.
Canonical JSON is `json.dumps` with sorted keys, no spaces and UTF-8 (not `\\u` escapes).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime

EVENTS: frozenset[str] = frozenset(
    {
        "login",
        "failed_login",
        "logout",
        "area_viewed",
        "export",
        "user_added",
        "user_disabled",
        "user_enabled",
        "password_reset",
        "role_changed",
        "areas_changed",
        "sessions_ended",
        "second_factor_enrolled",
        "second_factor_removed",
        "recovery_codes_renewed",
        "ingest",
        "compute",
        "rekey",
        "snapshot_restored",
    }
)

GENESIS_HASH = "0" * 64
"""The `prev_hash` of the first entry."""

FIELDS: frozenset[str] = frozenset({"seq", "ts", "event", "actor", "details", "prev_hash", "hash"})

# Ten digits, optionally DDMMYY-NNNN, not inside a longer run of letters or digits (so the
# digits inside a hexadecimal hash are left alone).
_CPR_LIKE = re.compile(r"(?<![0-9A-Za-z])(\d{6})-?(\d{4})(?![0-9A-Za-z])")


def mask_cpr_like(text: str) -> str:
    """Mask anything shaped like a CPR number as `DDMMYY-xxxx`."""
    return _CPR_LIKE.sub(r"\1-xxxx", text)


def _masked(value: object) -> object:
    if isinstance(value, str):
        return mask_cpr_like(value)
    if isinstance(value, dict):
        return {mask_cpr_like(str(k)): _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


def canonical_json(entry: Mapping[str, object]) -> str:
    return json.dumps(
        entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def entry_hash(entry: Mapping[str, object]) -> str:
    """SHA-256 (hex) of the entry's canonical JSON, leaving out its own `hash` key."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def utc_timestamp(now: datetime | None = None) -> str:
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def make_entry(
    *,
    seq: int,
    prev_hash: str,
    event: str,
    actor: str,
    details: Mapping[str, object] | None,
    now: datetime | None = None,
) -> dict[str, object]:
    """A complete entry, hash included. Details are stored as JSON would give them back
    (tuples become lists, other objects their `str`), and CPR-shaped strings are masked."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}; known: {sorted(EVENTS)}")
    plain = json.loads(json.dumps(dict(details or {}), default=str, allow_nan=False))
    entry: dict[str, object] = {
        "seq": seq,
        "ts": utc_timestamp(now),
        "event": event,
        "actor": mask_cpr_like(actor),
        "details": _masked(plain),
        "prev_hash": prev_hash,
    }
    entry["hash"] = entry_hash(entry)
    return entry
