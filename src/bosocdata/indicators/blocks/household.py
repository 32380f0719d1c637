"""Building blocks on a household (the residents of one address at R)."""

from __future__ import annotations

from typing import ClassVar, Literal

from bosocdata.indicators.blocks.base import Block, SqlContext


class HouseholdMovedOut(Block):
    """Every resident at R left the dwelling before the next R, none by death.

    A resident left when the residence row that made them resident at R ends in W
    (end <= next R), they were alive on that end date (death_date > end), and they do
    not live at the same address again at the next R.
    """

    name: ClassVar[str] = "household_moved_out"
    subject: ClassVar[Literal["person", "household"]] = "household"

    def sql(self, ctx: SqlContext) -> str:
        # the households frame (frames.py) computes it with the frame: both group the
        # residents at R by dwelling
        return "r.moved_out /* a column of the households frame (frames.py) */"

    def da(self) -> str:
        return (
            "alle husstandens beboere på referencedatoen er flyttet fra adressen "
            "(ikke døde) inden næste referencedato"
        )
