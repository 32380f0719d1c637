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
        ctx.ctes["household_leavers"] = (
            "-- block: household_moved_out (did every resident at R leave, alive,\n"
            "-- before the next R?)\n"
            "SELECT x.period, x.address_id, BOOL_AND(\n"
            "  x.res_end IS NOT NULL AND x.res_end <= x.win_end\n"
            "  AND (x.death_date IS NULL OR x.death_date > x.res_end) AND n.pid IS NULL\n"
            ") AS all_left\n"
            "FROM bosoc_residents AS x\n"
            "LEFT JOIN residences AS n ON n.pid = x.pid AND n.address_id = x.address_id\n"
            "  AND n.start_date <= x.win_end AND (n.end_date IS NULL OR n.end_date > x.win_end)\n"
            "GROUP BY x.period, x.address_id"
        )
        return (
            "EXISTS (SELECT 1 FROM household_leavers AS h WHERE h.period = r.period"
            " AND h.address_id = r.address_id AND h.all_left)"
        )

    def da(self) -> str:
        return (
            "alle husstandens beboere på referencedatoen er flyttet fra adressen "
            "(ikke døde) inden næste referencedato"
        )
