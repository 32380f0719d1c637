"""Guards that refuse a whole delivery rather than let it replace a good store.

A register that is delivered empty, or that loses more than a set share of its rows to
rejection, points to a systematic fault (a failed export, shifted columns, another date
format, the wrong file) rather than to scattered typing errors. Loading it would replace
the store with a municipality that lost most of its people, so the delivery is refused
whole and nothing stored changes (docs/reference/bad-deliveries.md).
"""

from __future__ import annotations

from pathlib import Path

from bosocdata.errors import BosocError, DeliveryRefused
from bosocdata.ingest.read import RawTable
from bosocdata.registers import REQUIRED_REGISTERS
from bosocdata.settings import setting, whole_number_setting


def max_rejected_share() -> float:
    """`BOSOC_INGEST_MAX_REJECTED_SHARE`, a number from 0 to 1."""
    raw = setting("ingest_max_rejected_share")
    try:
        share = float(raw)
    except ValueError:
        share = float("nan")
    if not 0 <= share <= 1:
        raise BosocError(
            f"BOSOC_INGEST_MAX_REJECTED_SHARE must be a number from 0 to 1, got {raw!r}",
            hint="e.g. 0.1 (the default) refuses a delivery losing more than 10 % of a register",
        )
    return share


def snapshots_keep() -> int:
    """`BOSOC_SNAPSHOTS_KEEP`: how many earlier stores to keep."""
    return whole_number_setting("snapshots_keep", low=0)


def rejects_keep() -> int:
    """`BOSOC_REJECTS_KEEP`: how many rejects reports to keep."""
    return whole_number_setting("rejects_keep", low=1)


def xlsx_max_bytes() -> int:
    """`BOSOC_XLSX_MAX_MB` in bytes."""
    return whole_number_setting("xlsx_max_mb") * 1_000_000


def check_not_empty(raw: RawTable) -> None:
    """A required register delivered with a header and no rows refuses the delivery."""
    if raw.rows == 0 and raw.register.required:
        raise DeliveryRefused(
            f"{raw.path}: the required register {raw.register.name} has no rows "
            f"(expected columns: {', '.join(raw.register.column_names)})",
            hint="the export that made the file probably failed: deliver it again",
        )


def check_rejection_share(
    files: dict[str, Path],
    rows_read: dict[str, int],
    rows_kept: dict[str, int],
    rejects_file: Path | None,
) -> None:
    """Refuse when a register lost more than the allowed share of its rows, or when a
    required register has no valid row left (whatever the share). Checked register by
    register, in name order."""
    share = max_rejected_share()
    where = f"; the rejected rows (CPR masked) are in {rejects_file}" if rejects_file else ""
    for name in sorted(rows_read):
        read, kept = rows_read[name], rows_kept.get(name, 0)
        lost = read - kept
        if read == 0 or lost == 0:
            continue
        path = files[name]
        if kept == 0 and name in REQUIRED_REGISTERS:
            raise DeliveryRefused(
                f"{path}: every one of its {read:,} rows was rejected",
                hint=f"nothing was stored{where}",
            )
        if lost / read > share:
            raise DeliveryRefused(
                f"{path}: {lost:,} of {read:,} rows ({lost / read:.0%}) were rejected, "
                f"more than BOSOC_INGEST_MAX_REJECTED_SHARE={share:g} allows",
                hint=f"nothing was stored; fix the delivery{where}",
            )
