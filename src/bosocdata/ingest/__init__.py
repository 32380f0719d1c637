"""`bosoc ingest`: read, validate, pseudonymise, link and load a delivery.

The work is in the submodules, in pipeline order: `files` (find and fingerprint),
`read` (stage as text), `validate` (SQL checks, rejects), `link` (addresses to areas),
`pseudonym` (HMAC key and SQL) and `delivery` (the whole run). `registers` declares the
registers as data; `cpr` holds the CPR rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from bosocdata.ingest.report import IngestReport
    from bosocdata.settings import Paths


def ingest_delivery(delivery_dir: Path, paths: Paths) -> IngestReport:
    """Load the delivery in `delivery_dir` into the secure store (see `delivery`)."""
    # Imported here so that `bosocdata.store` can use `bosocdata.ingest.registers`
    # without an import cycle.
    from bosocdata.ingest.delivery import ingest_delivery as run

    return run(delivery_dir, paths)


__all__ = ["ingest_delivery"]
