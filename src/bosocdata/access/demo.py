"""Accounts as the web application needs them at start-up."""

from __future__ import annotations

from bosocdata.access import Role, UserStore
from bosocdata.settings import Paths

DEMO_ADMIN = "admin"


def ensure_demo_admin(paths: Paths) -> str | None:
    """For `bosoc demo`: when `$BOSOC_HOME` has no user at all, add the admin `admin` with
    a generated password and return that password (to be printed once); None when there
    are users already (nothing is changed then)."""
    store = UserStore(paths)
    if store.list():
        return None
    return store.add(DEMO_ADMIN, Role.admin, actor="cli:demo")


def has_enabled_users(paths: Paths) -> bool:
    return any(user.enabled for user in UserStore(paths).list())
