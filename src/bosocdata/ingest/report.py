"""What `bosoc ingest` tells the user: counts, warnings, where the rejects are."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bosocdata.auditlog.entries import mask_cpr_like


@dataclass
class IngestReport:
    """The outcome of one ingest. Counts only: never a CPR number."""

    delivery_id: str
    source_dir: Path
    already_loaded: bool = False
    rows_read: dict[str, int] = field(default_factory=dict)
    rows_loaded: dict[str, int] = field(default_factory=dict)
    rows_rejected: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    rejects_file: Path | None = None
    linked_addresses: int = 0
    overlapping_residences: int = 0

    @property
    def total_loaded(self) -> int:
        return sum(self.rows_loaded.values())

    @property
    def total_rejected(self) -> int:
        return sum(self.rows_rejected.values())

    @property
    def has_warnings(self) -> bool:
        """True when the user should read something: rejected rows or other warnings."""
        return self.total_rejected > 0 or bool(self.warnings)

    def summary(self) -> str:
        if self.already_loaded:
            return (
                f"Delivery {self.delivery_id[:12]} from {self.source_dir} is already loaded: "
                "nothing changed."
            )
        lines = [
            f"Loaded delivery {self.delivery_id[:12]} from {self.source_dir}: "
            f"{self.total_loaded:,} rows in {len(self.rows_loaded)} registers, "
            f"{self.total_rejected:,} rows rejected, "
            f"{self.linked_addresses:,} addresses linked to an area."
        ]
        for name in sorted(self.rows_loaded):
            rejected = self.rows_rejected.get(name, 0)
            note = f" ({rejected:,} rejected)" if rejected else ""
            lines.append(f"  {name}: {self.rows_loaded[name]:,} rows{note}")
        if self.overlapping_residences:
            lines.append(
                f"  {self.overlapping_residences:,} residence rows overlap a later row of the "
                "same person: the later start ends them (docs/concepts/indicators.md)."
            )
        if self.rejects_file is not None:
            lines.append(f"Rejected rows (CPR masked): {self.rejects_file}")
        lines.extend(f"Advarsel: {w}" for w in self.warnings)  # as the other commands
        # a file or folder name may hold a CPR number: never shown whole
        return mask_cpr_like("\n".join(lines))
