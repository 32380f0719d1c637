"""Accounts made and kept in line by single sign-on: from a provider's groups to a role.

The identity provider is authoritative for the users it logs in: the configured group
rules (`GROUP=ROLE[:HOUSING ORGANISATION]`) give each of them a role and a scope, the
local record is created on first login and brought in line at every login. The web's
login client (bosocdata.web.auth) verifies the token; this module only decides who the
token's person is here, and refuses with `ProvisioningRefused` when nobody may be.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from bosocdata.access.roles import Role, User
from bosocdata.access.store import UserStore, check_scope, clean_username
from bosocdata.errors import BosocError

GROUP_ROLES_ENV = "BOSOC_OIDC_GROUP_ROLES"
SSO_ACTOR = "sso"

_RULE = re.compile(
    r"(?P<group>.+)=\s*(?P<role>admin|analyst|partner|viewer)\s*(?::(?P<organisation>.+))?"
)


@dataclass(frozen=True)
class GroupRule:
    """Members of `group` get `role`, restricted to `housing_organisation` when given."""

    group: str
    role: Role
    housing_organisation: str | None = None


class ProvisioningRefused(Exception):
    """No local user for this token: `reason` (for the audit log), the actor to name and
    the username in question (when there is one)."""

    def __init__(self, reason: str, actor: str | None = None, name: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.actor = actor
        self.name = name


class IdentityLinks(Protocol):
    """Which local username each of the provider's identities (issuer, `sub`) is tied to."""

    def username_of(self, issuer: str, subject: str) -> str | None: ...

    def link(self, issuer: str, subject: str, username: str) -> None: ...

    def is_linked(self, username: str) -> bool: ...


def parse_group_rules(text: str) -> tuple[GroupRule, ...]:
    """`GROUP=ROLE[:HOUSING ORGANISATION]` entries separated by `;` or new lines.

    A group name may itself hold `=` (an LDAP DN): the entry is split at the last `=`
    followed by a role name. The first rule whose group the user has decides."""
    rules: list[GroupRule] = []
    for number, raw in enumerate(re.split(r"[;\n]", text), start=1):
        entry = raw.strip()
        if not entry:
            continue
        found = _RULE.fullmatch(entry)
        if not found:
            raise BosocError(
                f"{GROUP_ROLES_ENV}, entry {number}: {entry!r} is not GROUP=ROLE",
                hint="e.g. bosoc-analytikere=analyst; frugt-ansatte=partner:Boligforeningen "
                "Frugt (roles: admin, analyst, partner, viewer)",
            )
        organisation = (found["organisation"] or "").strip() or None
        rule = GroupRule(found["group"].strip(), Role(found["role"]), organisation)
        try:
            check_scope(rule.role, rule.housing_organisation, None)
        except BosocError as problem:
            raise BosocError(
                f"{GROUP_ROLES_ENV}, entry {number} ({entry!r}): {problem.message}",
                hint=problem.hint,
            ) from None
        rules.append(rule)
    if not rules:
        raise BosocError(
            f"{GROUP_ROLES_ENV} maps no group to a role: nobody could log in with SSO",
            hint="e.g. BOSOC_OIDC_GROUP_ROLES='bosoc-analytikere=analyst'",
        )
    return tuple(rules)


def groups_of(claims: Mapping[str, Any], claim: str) -> set[str]:
    """The groups in the token: a list of strings, or one string (a single group)."""
    value = claims.get(claim)
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {g for g in value if isinstance(g, str)}
    return set()


def rule_for(rules: tuple[GroupRule, ...], groups: set[str]) -> GroupRule | None:
    """The first rule whose group the user has; None when no group is mapped (no access)."""
    return next((rule for rule in rules if rule.group in groups), None)


def _allowed(role: Role, organisation: str | None) -> bool:
    try:
        check_scope(role, organisation, None)
    except BosocError:
        return False
    return True


def bring_in_line(users: UserStore, user: User, rule: GroupRule) -> None:
    """Give an SSO user the role and scope of its group rule (each change audited by
    `UserStore` as actor `sso`). The order keeps every step a valid combination of role
    and scope (an admin cannot be restricted, a partner must be), passing through
    `analyst`, which allows both, when neither direct order does."""
    name, role, organisation = user.username, rule.role, rule.housing_organisation
    same_scope = user.housing_organisation == organisation and user.areas is None
    if user.role is role and same_scope:
        return

    def set_scope() -> None:
        if not same_scope:
            users.set_areas(name, housing_organisation=organisation, actor=SSO_ACTOR)

    def set_role() -> None:
        if user.role is not role:
            users.set_role(name, role, actor=SSO_ACTOR)

    if _allowed(user.role, organisation):
        set_scope()
        set_role()
    elif _allowed(role, user.housing_organisation) and user.areas is None:
        set_role()
        set_scope()
    else:
        users.set_role(name, Role.analyst, actor=SSO_ACTOR)
        users.set_areas(name, housing_organisation=organisation, actor=SSO_ACTOR)
        if role is not Role.analyst:
            users.set_role(name, role, actor=SSO_ACTOR)


@dataclass(frozen=True)
class ClaimNames:
    """Which claims of the token name the user and list the groups."""

    username: str
    groups: str


def provisioned_user(
    issuer: str,
    rules: tuple[GroupRule, ...],
    claim_names: ClaimNames,
    links: IdentityLinks,
    users: UserStore,
    claims: Mapping[str, Any],
) -> User:
    """The local user of a verified ID token: created on first login, role and scope
    brought in line with its groups. Raises `ProvisioningRefused` when access is refused.

    The provider's identity (issuer, `sub`) is tied to the username it first logged in
    with; later logins use that username even if the username claim changes. SSO never
    takes over an account it did not create (a local password account of that name)."""
    subject = str(claims["sub"])
    linked = links.username_of(issuer, subject)
    username = linked
    if username is None:
        raw = claims.get(claim_names.username)
        try:
            username = clean_username(raw if isinstance(raw, str) else "")
        except BosocError:
            raise ProvisioningRefused("bad_username") from None
    rule = rule_for(rules, groups_of(claims, claim_names.groups))
    if rule is None:
        raise ProvisioningRefused("no_mapped_group", actor=username)
    taken = ProvisioningRefused("username_taken", name=username)
    user = users.get(username)
    if user is None:
        if linked is None and links.is_linked(username):
            raise taken  # the name belongs to another identity of the provider
        try:
            # A generated password that nobody is told: the account logs in by SSO.
            users.add(username, rule.role, None, rule.housing_organisation, actor=SSO_ACTOR)
            if linked is None:
                links.link(issuer, subject, username)
        except (BosocError, sqlite3.IntegrityError):
            raise taken from None
    elif linked != username:
        raise taken
    elif not user.enabled:
        raise ProvisioningRefused("disabled", actor=username)
    else:
        bring_in_line(users, user, rule)
    fresh = users.get(username)
    if fresh is None or not fresh.enabled:
        raise ProvisioningRefused("disabled", actor=username)
    return fresh
