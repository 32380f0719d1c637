"""Roles, the user record and what each role may see and do.

| role    | areas                                    | export | users, audit log |
|---------|------------------------------------------|--------|------------------|
| admin   | all                                      | yes    | yes              |
| analyst | all, or its own list                     | yes    | no               |
| partner | its housing organisation's (or its list) | yes    | no               |
|         | plus the municipality benchmark `__all__`|        |                  |
| viewer  | all, or its own list                     | no     | no               |

A restricted user (any role but admin) also sees `__all__`, the benchmark every area is
compared with; nobody restricted sees `__rest__`. Exports are of what the user may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is not imported at run time: `bosoc --help` stays quick
    import pandas as pd

BENCHMARK_AREA = "__all__"
REST_AREA = "__rest__"


class Role(StrEnum):
    admin = "admin"
    analyst = "analyst"
    partner = "partner"
    viewer = "viewer"


@dataclass(frozen=True)
class User:
    username: str
    role: Role
    housing_organisation: str | None
    areas: tuple[str, ...] | None
    enabled: bool
    created_at: str
    last_login_at: str | None

    @property
    def is_restricted(self) -> bool:
        return self.housing_organisation is not None or self.areas is not None

    def scope_text(self) -> str:
        """The user's areas in words, for lists."""
        if self.housing_organisation is not None:
            return f"boligorganisation {self.housing_organisation}"
        if self.areas is not None:
            return ", ".join(self.areas)
        return "alle områder"


def allowed_areas(user: User, all_areas: pd.DataFrame) -> set[str] | None:
    """The area ids the user may see, `__all__` included; None means every area.

    `all_areas` has the columns `area_id` and `housing_organisation` (the published
    `areas` table will do).
    """
    if not user.is_restricted:
        return None
    if user.housing_organisation is not None:
        own = all_areas["housing_organisation"] == user.housing_organisation
        ids = {str(a) for a in all_areas.loc[own, "area_id"]}
    else:
        ids = set(user.areas or ())
    # nobody restricted sees the rest outside the areas: with the municipality it would
    # give the sum of the areas they may not see (the command line refuses it too)
    return (ids - {REST_AREA}) | {BENCHMARK_AREA}


def can_export(user: User) -> bool:
    """Viewers look; everyone else may export what they may see."""
    return user.enabled and user.role is not Role.viewer


def can_manage_users(user: User) -> bool:
    return user.enabled and user.role is Role.admin


def can_read_audit_log(user: User) -> bool:
    return user.enabled and user.role is Role.admin
