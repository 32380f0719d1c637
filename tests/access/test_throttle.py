"""Login throttling with a fake clock: refused after 5 failures, released after the delay."""

from __future__ import annotations

import json

import pytest
from argon2 import PasswordHasher

from bosocdata.access import LoginThrottle, UserStore, attempt_login, users_db_path
from bosocdata.auditlog import audit_log_path
from bosocdata.settings import Paths

GOOD = "blue kettle on the sunny hill"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def throttle(paths: Paths, clock: FakeClock) -> LoginThrottle:
    return LoginThrottle(paths, clock=clock)


def fail(
    throttle: LoginThrottle, times: int, username: str = "kirsten", client: str = "10.0.0.1"
) -> float:
    wait = 0.0
    for _ in range(times):
        wait = throttle.record_failure(username, client)
    return wait


def test_four_failures_are_allowed_and_the_fifth_locks_for_a_minute(
    throttle: LoginThrottle,
) -> None:
    assert fail(throttle, 4) == 0
    assert throttle.retry_after("kirsten", "10.0.0.1") == 0

    assert fail(throttle, 1) == 60


def test_the_lock_is_released_after_the_delay(throttle: LoginThrottle, clock: FakeClock) -> None:
    fail(throttle, 5)
    clock.advance(59)
    assert throttle.retry_after("kirsten", "10.0.0.2") == 1
    clock.advance(1)
    assert throttle.retry_after("kirsten", "10.0.0.2") == 0


def test_each_further_lock_doubles_the_delay(throttle: LoginThrottle, clock: FakeClock) -> None:
    delays = []
    for _ in range(4):
        delays.append(fail(throttle, 5))
        clock.advance(delays[-1])
    assert delays == [60, 120, 240, 480]


def test_the_delay_stops_growing_at_a_day(throttle: LoginThrottle, clock: FakeClock) -> None:
    for _ in range(12):
        delay = fail(throttle, 5)
        clock.advance(delay)
    assert delay == 24 * 3600


def test_failures_older_than_fifteen_minutes_do_not_count(
    throttle: LoginThrottle, clock: FakeClock
) -> None:
    fail(throttle, 4)
    clock.advance(15 * 60 + 1)
    assert fail(throttle, 1) == 0
    assert fail(throttle, 3) == 0
    assert fail(throttle, 1) == 60


def test_a_success_clears_the_count_of_the_username(throttle: LoginThrottle) -> None:
    fail(throttle, 4, client="10.0.0.1")
    throttle.record_success("kirsten", "10.0.0.2")
    assert fail(throttle, 4, client="10.0.0.3") == 0


def test_many_usernames_from_one_address_lock_that_address(throttle: LoginThrottle) -> None:
    for name in ["anna", "bo", "carl", "dorte", "erik"]:
        throttle.record_failure(name, "10.9.9.9")

    assert throttle.retry_after("frida", "10.9.9.9") == 60
    assert throttle.retry_after("frida", "10.0.0.1") == 0


def test_a_locked_account_is_refused_even_with_the_right_password(
    paths: Paths, cheap_hasher: PasswordHasher, throttle: LoginThrottle, clock: FakeClock
) -> None:
    store = UserStore(paths, hasher=cheap_hasher)
    store.add("kirsten", "analyst", password=GOOD)
    for _ in range(5):
        assert not attempt_login(store, throttle, "kirsten", "wrong guess", "10.0.0.1").ok

    refused = attempt_login(store, throttle, "kirsten", GOOD, "10.0.0.1")
    clock.advance(60)
    admitted = attempt_login(store, throttle, "kirsten", GOOD, "10.0.0.1")

    assert not refused.ok
    assert refused.retry_after == 60
    assert admitted.ok
    entries = [json.loads(x) for x in audit_log_path(paths).read_text().splitlines()]
    logins = [(e["event"], e["details"].get("reason")) for e in entries[1:]]
    assert logins == [("failed_login", "bad_credentials")] * 5 + [
        ("failed_login", "throttled"),
        ("login", None),
    ]


def test_a_failed_login_under_an_unknown_name_does_not_log_what_was_typed(
    paths: Paths, store: UserStore, throttle: LoginThrottle
) -> None:
    result = attempt_login(store, throttle, "my secret passphrase", "x", "10.0.0.1")

    assert not result.ok
    text = audit_log_path(paths).read_text()
    assert "my secret passphrase" not in text
    assert json.loads(text.splitlines()[-1])["actor"] == "(unknown user)"
    assert b"my secret passphrase" not in users_db_path(paths).read_bytes()
