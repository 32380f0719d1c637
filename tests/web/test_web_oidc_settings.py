"""The single sign-on settings (BOSOC_OIDC_*) and the group-to-role rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from bosocdata.access import Role
from bosocdata.access.provisioning import GroupRule, groups_of, parse_group_rules, rule_for
from bosocdata.errors import BosocError
from bosocdata.web.auth.sso_settings import oidc_settings_from_env

BASE = {
    "BOSOC_OIDC_ISSUER": "https://login.kommune.dk/realms/bosoc",
    "BOSOC_OIDC_CLIENT_ID": "bosoc",
    "BOSOC_OIDC_GROUP_ROLES": "bosoc-analytikere=analyst",
}


def _secret(tmp_path: Path, mode: int, text: str = "s3cret-value\n") -> str:
    path = tmp_path / "secret"
    path.write_text(text)
    path.chmod(mode)
    return str(path)


def test_nothing_set_means_no_sso() -> None:
    assert oidc_settings_from_env({}) is None
    assert oidc_settings_from_env({"BOSOC_OIDC_ISSUER": "  "}) is None


def test_the_settings_and_their_defaults(tmp_path: Path) -> None:
    env = {**BASE, "BOSOC_OIDC_CLIENT_SECRET_FILE": _secret(tmp_path, 0o600)}
    settings = oidc_settings_from_env(env)
    assert settings is not None
    assert settings.client_secret == "s3cret-value"  # the file's content, stripped
    assert "s3cret" not in repr(settings)
    assert settings.metadata_url == (
        "https://login.kommune.dk/realms/bosoc/.well-known/openid-configuration"
    )
    assert (settings.scopes, settings.username_claim, settings.groups_claim) == (
        "openid profile email",
        "preferred_username",
        "groups",
    )
    assert settings.redirect_url is None
    assert settings.group_rules == (GroupRule("bosoc-analytikere", Role.analyst),)


def test_a_public_client_needs_no_secret() -> None:
    settings = oidc_settings_from_env(BASE)
    assert settings is not None and settings.client_secret is None


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_a_secret_file_others_may_read_is_refused(tmp_path: Path, mode: int) -> None:
    env = {**BASE, "BOSOC_OIDC_CLIENT_SECRET_FILE": _secret(tmp_path, mode)}
    with pytest.raises(BosocError, match="may be read by others") as refused:
        oidc_settings_from_env(env)
    assert refused.value.hint is not None and "chmod 600" in refused.value.hint


def test_a_missing_or_empty_secret_file_is_refused(tmp_path: Path) -> None:
    missing = {**BASE, "BOSOC_OIDC_CLIENT_SECRET_FILE": str(tmp_path / "none")}
    with pytest.raises(BosocError, match="cannot read"):
        oidc_settings_from_env(missing)
    empty = {**BASE, "BOSOC_OIDC_CLIENT_SECRET_FILE": _secret(tmp_path, 0o600, "\n")}
    with pytest.raises(BosocError, match="is empty"):
        oidc_settings_from_env(empty)


def test_half_a_configuration_is_refused() -> None:
    with pytest.raises(BosocError, match="BOSOC_OIDC_CLIENT_ID is not set"):
        oidc_settings_from_env({"BOSOC_OIDC_ISSUER": BASE["BOSOC_OIDC_ISSUER"]})
    with pytest.raises(BosocError, match="BOSOC_OIDC_ISSUER is not set"):
        oidc_settings_from_env({"BOSOC_OIDC_CLIENT_ID": "bosoc"})


@pytest.mark.parametrize(
    ("issuer", "allowed"),
    [
        ("https://login.kommune.dk", True),
        ("http://127.0.0.1:8080", True),
        ("http://localhost:8080", True),
        ("http://login.kommune.dk", False),
        ("ftp://login.kommune.dk", False),
        ("login.kommune.dk", False),
    ],
)
def test_the_issuer_must_be_https_except_on_this_machine(issuer: str, allowed: bool) -> None:
    env = {**BASE, "BOSOC_OIDC_ISSUER": issuer}
    if allowed:
        assert oidc_settings_from_env(env) is not None
    else:
        with pytest.raises(BosocError, match="must be an https address"):
            oidc_settings_from_env(env)


def test_group_rules_are_read_in_order_with_organisations_and_dn_names() -> None:
    rules = parse_group_rules(
        "CN=BoSoc Admins,OU=Grupper,DC=kommune,DC=dk=admin;\n"
        " frugt = partner : Boligforeningen Frugt ;bosoc-laesere=viewer;;"
    )
    assert rules == (
        GroupRule("CN=BoSoc Admins,OU=Grupper,DC=kommune,DC=dk", Role.admin),
        GroupRule("frugt", Role.partner, "Boligforeningen Frugt"),
        GroupRule("bosoc-laesere", Role.viewer),
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "maps no group"),
        ("bosoc-admins", "is not GROUP=ROLE"),
        ("bosoc-admins=superuser", "is not GROUP=ROLE"),
        ("frugt=partner", "a partner needs a housing organisation"),
        ("bosoc-admins=admin:Boligforeningen Frugt", "cannot be restricted"),
    ],
)
def test_bad_group_rules_are_refused_with_the_entry(text: str, problem: str) -> None:
    with pytest.raises(BosocError, match=problem):
        parse_group_rules(text)
    with pytest.raises(BosocError, match=problem):
        oidc_settings_from_env({**BASE, "BOSOC_OIDC_GROUP_ROLES": text})


def test_the_first_rule_whose_group_the_user_has_decides() -> None:
    rules = parse_group_rules("a=viewer; b=admin; c=analyst")
    assert rule_for(rules, {"c", "b"}) == GroupRule("b", Role.admin)
    assert rule_for(rules, {"c", "a"}) == GroupRule("a", Role.viewer)
    assert rule_for(rules, {"d", "admin", "B"}) is None  # exact names only


@pytest.mark.parametrize(
    ("value", "groups"),
    [
        (["a", "b", 3, None], {"a", "b"}),
        ("a b", {"a b"}),  # one string is one group
        (None, set()),
        ({"a": True}, set()),
        (7, set()),
    ],
)
def test_groups_are_read_from_a_list_or_one_string(value: object, groups: set[str]) -> None:
    assert groups_of({"groups": value}, "groups") == groups
