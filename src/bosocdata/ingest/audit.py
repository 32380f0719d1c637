"""Audit-log entries for ingest (event `ingest`): what was loaded or refused, by whom.

Details hold the delivery id, the folder, counts and, for a refusal, the reason (the
message of the `BosocError`, which ingest already writes without CPR numbers; the audit
log masks anything CPR-shaped all the same). Never a cell value.
"""

from __future__ import annotations

from pathlib import Path

from bosocdata.auditlog import current_actor, record
from bosocdata.errors import BosocError
from bosocdata.ingest.report import IngestReport
from bosocdata.logs import get_logger
from bosocdata.settings import Paths


def record_ingest(paths: Paths, report: IngestReport) -> None:
    """The entry of an ingest that loaded the delivery, or found it already loaded."""
    details: dict[str, object] = {
        "outcome": "already_loaded" if report.already_loaded else "loaded",
        "delivery_id": report.delivery_id,
        "source_dir": str(report.source_dir),
    }
    if not report.already_loaded:
        details |= {
            "registers": len(report.rows_loaded),
            "rows_loaded": report.total_loaded,
            "rows_rejected": report.total_rejected,
            "warnings": len(report.warnings),
            "overlapping_residences": report.overlapping_residences,
        }
    record(paths, "ingest", actor=current_actor(), details=details)


def record_refusal(paths: Paths, delivery_dir: Path, error: BaseException) -> None:
    """The entry of an ingest that stopped: refused (a `BosocError`, with its reason) or
    failed (a bug: only the kind of error, since its text may quote data).

    A broken audit log must not hide the original error: it is logged and passed over.
    """
    details: dict[str, object] = {"source_dir": str(delivery_dir)}
    if isinstance(error, BosocError):
        details |= {"outcome": "refused", "reason": error.message}
    else:
        details |= {"outcome": "failed", "error": type(error).__name__}
    try:
        record(paths, "ingest", actor=current_actor(), details=details)
    except (BosocError, OSError) as problem:
        get_logger(paths).warning("ingest: could not record the refusal: %s", problem)
