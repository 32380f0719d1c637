"""A changed account ends every session of its user; users see and end their own
sessions; a user holds at most BOSOC_WEB_MAX_SESSIONS sessions.

Each test logs in its own fictitious user from several "browsers" (clients), changes the
account as an administrator would from the command line (`UserStore`, another process in
real life: the change reaches the server only through the files), and asks whether each
browser is still let in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from security_fixture import TestClient, new_client
from web_login import CHEAP_HASHER, add_user, csrf_of, log_in

from bosocdata.access import Role, UserStore
from bosocdata.auditlog import read_lines
from bosocdata.settings import Paths


def _logged_in(client: TestClient) -> bool:
    return client.get("/", follow_redirects=False).status_code == 200


def _browsers(published: Path, username: str, count: int) -> list[TestClient]:
    clients = [new_client(published) for _ in range(count)]
    for client in clients:
        assert log_in(client, username).status_code == 303  # type: ignore[attr-defined]
    return clients


def _store(published: Path) -> UserStore:
    return UserStore(Paths(published.parent.parent), hasher=CHEAP_HASHER)


CHANGES: dict[str, Callable[[UserStore, str], object]] = {
    "password reset": lambda users, name: users.set_password(name),
    "disabled": lambda users, name: users.disable(name),
    "role changed": lambda users, name: users.set_role(name, Role.viewer),
    "scope changed": lambda users, name: users.set_areas(name, areas=["aeblehaven"]),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_an_account_change_ends_every_session_of_that_user(published: Path, change: str) -> None:
    name = "skift-" + change.split()[0]
    add_user(published.parent.parent, name, "analyst")
    add_user(published.parent.parent, name + "-anden", "analyst")
    mine = _browsers(published, name, 2)
    bystander = _browsers(published, name + "-anden", 1)[0]
    assert all(_logged_in(c) for c in [*mine, bystander])

    CHANGES[change](_store(published), name)

    assert not any(_logged_in(c) for c in mine), f"{change}: a session survived"
    assert _logged_in(bystander), "another user's session ended too"


def _shown_ids(html: str) -> list[str]:
    return re.findall(r'name="session" value="([0-9a-f]{16})"', html)


def test_a_user_sees_and_ends_their_own_sessions_only(published: Path) -> None:
    add_user(published.parent.parent, "sessioner-a", "analyst")
    add_user(published.parent.parent, "sessioner-b", "partner", housing_organisation="Øst Bo")
    here, laptop = _browsers(published, "sessioner-a", 2)
    other = _browsers(published, "sessioner-b", 1)[0]

    page = here.get("/sessioner")
    assert page.status_code == 200
    assert "Mine sessioner" in page.text and "denne session" in page.text
    mine = _shown_ids(page.text)
    assert len(mine) == 2
    others = _shown_ids(other.get("/sessioner").text)
    assert len(others) == 1 and not set(others) & set(mine)

    # Another user's session cannot be ended from here: nothing happens to it.
    token = csrf_of(page.text)
    answer = here.post("/sessioner", data={"session": others[0], "csrf_token": token})
    assert "findes ikke" in answer.text
    assert _logged_in(other)

    # The laptop's session (the one not marked as this one) is ended.
    this_row = re.search(r'class="this-session".*?value="([0-9a-f]{16})"', page.text, re.S)
    assert this_row is not None
    laptop_id = next(i for i in mine if i != this_row.group(1))
    answer = here.post("/sessioner", data={"session": laptop_id, "csrf_token": token})
    assert "Sessionen er afsluttet" in answer.text
    assert not _logged_in(laptop)
    assert _logged_in(here)
    entries = [line.entry for line in read_lines(Paths(published.parent.parent)) if line.entry]
    ended = [e for e in entries if e["event"] == "sessions_ended"]
    assert ended[-1]["actor"] == "sessioner-a"
    assert ended[-1]["details"] == {"username": "sessioner-a", "count": 1, "by": "user"}


def test_ending_every_other_session_keeps_this_one(published: Path) -> None:
    add_user(published.parent.parent, "andre-ud", "viewer")
    here, *rest = _browsers(published, "andre-ud", 3)
    token = csrf_of(here.get("/sessioner").text)
    answer = here.post("/sessioner", data={"others": "1", "csrf_token": token})
    assert "2 andre sessioner er afsluttet" in answer.text
    assert _logged_in(here) and not any(_logged_in(c) for c in rest)


def test_the_sessions_page_needs_its_csrf_token(published: Path) -> None:
    add_user(published.parent.parent, "csrf-sessioner", "viewer")
    here, laptop = _browsers(published, "csrf-sessioner", 2)
    answer = here.post("/sessioner", data={"others": "1"})
    assert answer.status_code == 403
    assert _logged_in(laptop)


def test_a_login_beyond_the_cap_ends_the_least_recently_used_session(
    published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOSOC_WEB_MAX_SESSIONS", "2")
    add_user(published.parent.parent, "loft", "analyst")
    first, second = _browsers(published, "loft", 2)
    third = _browsers(published, "loft", 1)[0]
    assert not _logged_in(first)  # the oldest, least recently used
    assert _logged_in(second) and _logged_in(third)


def test_the_cap_is_five_by_default(published: Path) -> None:
    add_user(published.parent.parent, "fem", "analyst")
    clients = _browsers(published, "fem", 6)
    assert [_logged_in(c) for c in clients] == [False, True, True, True, True, True]
