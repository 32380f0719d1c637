"""One login attempt, start to end: throttle, check the password, write the audit log.

The web application calls `attempt_login` and shows `retry_after` when it is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bosocdata.access.roles import User
from bosocdata.access.store import UserStore
from bosocdata.access.throttle import LoginThrottle
from bosocdata.auditlog import record

UNKNOWN_ACTOR = "(unknown user)"
"""The actor of a failed login under a name that has no account: what was typed is not
logged, as it is sometimes a password typed into the wrong field."""


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    retry_after: float = 0.0
    """Seconds until the next attempt is allowed, when throttled."""

    @property
    def ok(self) -> bool:
        return self.user is not None


def attempt_login(
    store: UserStore,
    throttle: LoginThrottle,
    username: str,
    password: str,
    client: str | None,
    *,
    second_step: Callable[[User], bool] | None = None,
) -> LoginResult:
    """Refused outright while throttled; otherwise check the password and count the result.

    Audit entries: `login` on success, `failed_login` with `reason` `throttled` or
    `bad_credentials` (a wrong password, a disabled account or an unknown name alike).
    When `second_step(user)` says a second factor is still to come, the `login` entry is
    the caller's to write once it has come."""
    known = store.get(username) is not None
    actor = username.strip().casefold() if known else UNKNOWN_ACTOR
    wait = throttle.retry_after(username, client)
    if wait > 0:
        record(
            store.paths,
            "failed_login",
            actor=actor,
            details={"client": client, "reason": "throttled", "retry_after_s": round(wait)},
        )
        return LoginResult(None, wait)
    user = store.authenticate(username, password)
    if user is None:
        wait = throttle.record_failure(username, client)
        record(
            store.paths,
            "failed_login",
            actor=actor,
            details={"client": client, "reason": "bad_credentials"},
        )
        return LoginResult(None, wait)
    throttle.record_success(username, client)
    if second_step is None or not second_step(user):
        record(store.paths, "login", actor=user.username, details={"client": client})
    return LoginResult(user)
