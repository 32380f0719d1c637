"""What each role may see and do."""

from __future__ import annotations

import pandas as pd
import pytest

from bosocdata.access import Role, User, allowed_areas, can_export
from bosocdata.access.roles import can_manage_users

AREAS = pd.DataFrame(
    {
        "area_id": ["A01", "A02", "A03", "B01", "__all__", "__rest__"],
        "housing_organisation": ["Brabrand", "Brabrand", "Ringgården", "AAB", None, None],
    }
)


def user(role: Role, *, org: str | None = None, areas: tuple[str, ...] | None = None) -> User:
    return User("bo", role, org, areas, True, "2025-01-01T00:00:00.000000Z", None)


def test_a_partner_sees_the_areas_of_their_organisation_and_the_benchmark() -> None:
    assert allowed_areas(user(Role.partner, org="Brabrand"), AREAS) == {"A01", "A02", "__all__"}


def test_a_partner_with_a_list_sees_that_list_and_the_benchmark() -> None:
    assert allowed_areas(user(Role.partner, areas=("B01",)), AREAS) == {"B01", "__all__"}


def test_the_rest_outside_the_areas_is_never_in_a_restricted_users_list() -> None:
    # with the municipality it would give the sum of the areas the user may not see
    listed = user(Role.partner, areas=("B01", "__rest__"))
    assert allowed_areas(listed, AREAS) == {"B01", "__all__"}


def test_a_partner_of_an_organisation_without_areas_sees_only_the_benchmark() -> None:
    assert allowed_areas(user(Role.partner, org="Ukendt"), AREAS) == {"__all__"}


@pytest.mark.parametrize("role", [Role.admin, Role.analyst, Role.viewer])
def test_other_roles_see_every_area(role: Role) -> None:
    assert allowed_areas(user(role), AREAS) is None


def test_a_restricted_viewer_sees_its_list() -> None:
    assert allowed_areas(user(Role.viewer, areas=("A03",)), AREAS) == {"A03", "__all__"}


def test_a_viewer_cannot_export_and_the_others_can() -> None:
    assert not can_export(user(Role.viewer))
    assert can_export(user(Role.analyst))
    assert can_export(user(Role.admin))
    assert can_export(user(Role.partner, org="Brabrand"))


def test_a_disabled_user_can_do_nothing() -> None:
    disabled = User("bo", Role.admin, None, None, False, "2025-01-01T00:00:00.000000Z", None)
    assert not can_export(disabled)
    assert not can_manage_users(disabled)


def test_only_an_admin_manages_users() -> None:
    assert can_manage_users(user(Role.admin))
    assert not can_manage_users(user(Role.analyst))
