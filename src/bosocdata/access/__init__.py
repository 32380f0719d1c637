"""Local user accounts, roles, area scopes, password rules and login throttling.
See docs/concepts/access-and-audit.md."""

from bosocdata.access.db import users_db_path
from bosocdata.access.login import LoginResult, attempt_login
from bosocdata.access.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    WeakPassword,
    check_password,
    generate_password,
)
from bosocdata.access.roles import (
    BENCHMARK_AREA,
    Role,
    User,
    allowed_areas,
    can_export,
    can_manage_users,
    can_read_audit_log,
)
from bosocdata.access.store import UserStore
from bosocdata.access.throttle import LoginThrottle, ThrottleRules

__all__ = [
    "BENCHMARK_AREA",
    "MAX_LENGTH",
    "MIN_LENGTH",
    "LoginResult",
    "LoginThrottle",
    "Role",
    "ThrottleRules",
    "User",
    "UserStore",
    "WeakPassword",
    "allowed_areas",
    "attempt_login",
    "can_export",
    "can_manage_users",
    "can_read_audit_log",
    "check_password",
    "generate_password",
    "users_db_path",
]
