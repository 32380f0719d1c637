"""The code lists of the register contract (REGISTERS.md), written down once.

Ingest validates against them, the indicators use the status sets, and the synthetic
generator draws from them: one list, so that the three can never disagree.
"""

from __future__ import annotations

from typing import Final

LABOUR_STATUSES: Final[tuple[str, ...]] = (
    "beskaeftiget",
    "selvstaendig",
    "fleksjob",
    "uddannelse",
    "barsel",
    "ledig",
    "kontanthjaelp",
    "uddannelseshjaelp",
    "integrationsydelse",
    "sygedagpenge",
    "ressourceforloeb",
    "jobafklaring",
    "ledighedsydelse",
    "foertidspension",
    "efterloen",
    "folkepension",
    "andet",
)

LAWS: Final[tuple[str, ...]] = ("straffeloven", "euf", "vaabenloven", "faerdselsloven", "andet")

#: The labour-market status sets the indicators use (REGISTERS.md defaults).
STATUS_SETS: Final[dict[str, tuple[str, ...]]] = {
    # on public transfer income
    "OUTSIDE": (
        "ledig",
        "kontanthjaelp",
        "uddannelseshjaelp",
        "integrationsydelse",
        "sygedagpenge",
        "ressourceforloeb",
        "jobafklaring",
        "ledighedsydelse",
        "foertidspension",
    ),
    # health-related transfer income
    "HEALTH": (
        "sygedagpenge",
        "ressourceforloeb",
        "jobafklaring",
        "ledighedsydelse",
        "foertidspension",
    ),
    # not counted as outside work or education by the official criterion
    "ATTACHED": (
        "beskaeftiget",
        "selvstaendig",
        "fleksjob",
        "uddannelse",
        "barsel",
        "efterloen",
        "folkepension",
    ),
}
