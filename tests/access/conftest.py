from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from bosocdata.access import UserStore
from bosocdata.settings import Paths


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path / "home")


@pytest.fixture
def cheap_hasher() -> PasswordHasher:
    """argon2id with tiny costs, so that tests run fast; the real defaults are tested once."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def store(paths: Paths, cheap_hasher: PasswordHasher) -> UserStore:
    return UserStore(paths, hasher=cheap_hasher)
