"""The append-only, hash-chained audit log: who logged in, saw which area, exported,
changed a user, ingested or computed. Never a CPR number. See
docs/concepts/access-and-audit.md."""

from bosocdata.auditlog.entries import EVENTS, GENESIS_HASH
from bosocdata.auditlog.log import (
    LogLine,
    audit_head_path,
    audit_log_path,
    current_actor,
    read_lines,
    record,
)
from bosocdata.auditlog.verify import VerifyResult, verify

__all__ = [
    "EVENTS",
    "GENESIS_HASH",
    "LogLine",
    "VerifyResult",
    "audit_head_path",
    "audit_log_path",
    "current_actor",
    "read_lines",
    "record",
    "verify",
]
