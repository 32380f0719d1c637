"""The secure store: one DuckDB file of pseudonymised registers (architecture.md).

Readers use `open_store` and `available_registers`; `bosoc ingest` replaces the whole
store at once with `write_snapshot` (a new file renamed into place).
"""

from __future__ import annotations

from bosocdata.store.connection import (
    NotIngested,
    available_registers,
    latest_delivery_id,
    open_store,
)
from bosocdata.store.snapshot import DeliveryRecord, write_snapshot

__all__ = [
    "DeliveryRecord",
    "NotIngested",
    "available_registers",
    "latest_delivery_id",
    "open_store",
    "write_snapshot",
]
