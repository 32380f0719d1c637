"""Single sign-on's roles and groups: a user's groups give role and scope at every login,
and an account is never taken over (oidc_site.py holds the site and the provider)."""

from __future__ import annotations

import pytest
from oidc_site import (
    Site,
    _refused,
    sso_login,
)
from web_login import add_user

from bosocdata.access import Role, UserStore


def test_a_partner_group_gives_a_partner_of_its_housing_organisation(site: Site) -> None:
    site.provider.behaviour.groups = ["alle-ansatte", "frugt-ansatte"]
    assert sso_login(site).status_code == 200
    user = UserStore(site.paths).get("kirsten@kommune.dk")
    assert user is not None and user.role is Role.partner
    assert user.housing_organisation == "Boligforeningen Frugt"
    areas = site.client.get("/api/areas").json()
    ids = {a["area_id"] for a in (areas["areas"] if isinstance(areas, dict) else areas)}
    assert ids == {"aeblehaven", "__all__"}


def test_the_first_mapped_group_in_the_settings_decides(site: Site) -> None:
    # The rules list analyst before viewer: a member of both is an analyst.
    site.provider.behaviour.groups = ["bosoc-laesere", "bosoc-analytikere"]
    assert sso_login(site).status_code == 200
    user = UserStore(site.paths).get("kirsten@kommune.dk")
    assert user is not None and user.role is Role.analyst


def test_a_changed_group_changes_role_and_scope_at_the_next_login(site: Site) -> None:
    store = UserStore(site.paths)
    for groups, role, organisation in [
        (["bosoc-analytikere"], Role.analyst, None),
        (["frugt-ansatte"], Role.partner, "Boligforeningen Frugt"),
        (["bosoc-admins"], Role.admin, None),
        (["frugt-ansatte"], Role.partner, "Boligforeningen Frugt"),
        (["bosoc-laesere"], Role.viewer, None),
    ]:
        site.provider.behaviour.groups = groups
        site.client.cookies.clear()
        assert sso_login(site).status_code == 200, groups
        user = store.get("kirsten@kommune.dk")
        assert user is not None
        assert (user.role, user.housing_organisation, user.areas) == (role, organisation, None)
    assert site.client.get("/eksport").status_code == 403  # a viewer now


@pytest.mark.parametrize(
    "groups", [[], ["admin"], ["Bosoc-Admins"], ["bosoc-admins-test"], "ukendt-gruppe"]
)
def test_an_unknown_group_gets_no_access(site: Site, groups: object) -> None:
    site.provider.behaviour.groups = groups  # type: ignore[assignment]
    response = sso_login(site)
    _refused(site, response, 403, "no_mapped_group")
    assert "ikke adgang til BoSocData" in response.text
    assert UserStore(site.paths).list() == []
    assert site.audit("failed_login")[0]["actor"] == "kirsten@kommune.dk"


def test_sso_never_takes_over_a_local_account(site: Site) -> None:
    add_user(site.home, "kirsten@kommune.dk", "viewer")
    site.provider.behaviour.groups = ["bosoc-admins"]
    response = sso_login(site)
    _refused(site, response, 403, "username_taken")
    assert "bruges allerede af en anden konto" in response.text
    user = UserStore(site.paths).get("kirsten@kommune.dk")
    assert user is not None and user.role is Role.viewer


def test_another_identity_with_the_same_username_is_refused(site: Site) -> None:
    assert sso_login(site).status_code == 200
    site.client.cookies.clear()
    site.provider.behaviour.subject = "sub-9999"  # someone else, now named kirsten
    response = sso_login(site)
    assert response.status_code == 403
    assert site.audit("failed_login")[0]["details"]["reason"] == "username_taken"  # type: ignore[index]


def test_a_disabled_sso_user_is_refused(site: Site) -> None:
    assert sso_login(site).status_code == 200
    UserStore(site.paths).disable("kirsten@kommune.dk")
    site.client.cookies.clear()
    response = sso_login(site)
    assert response.status_code == 403
    assert site.audit("failed_login")[0]["details"]["reason"] == "disabled"  # type: ignore[index]


def test_a_username_that_is_not_allowed_is_refused(site: Site) -> None:
    site.provider.behaviour.username = "søren ålholm"
    _refused(site, sso_login(site), 403, "bad_username")
