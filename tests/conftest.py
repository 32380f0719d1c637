"""Settings for the whole test run.

The second factor is required for administrators by default (BOSOC_WEB_SECOND_FACTOR_ROLES).
The tests of other things log administrators in with their password alone; the second
factor's own tests (tests/security/test_second_factor.py, the browser tests) ask for it
explicitly.

The pseudonymisation key of every test stays out of the real ~/.config. The key's default
place is the per-user configuration folder (`$XDG_CONFIG_HOME`), not `$BOSOC_HOME`. Before
any fixture runs, the test session gets a configuration folder of its own, removed at the
end; a `BOSOC_KEY_FILE` of the shell running the tests is never used. Homes built by
different fixtures thus share one test key, as the homes of one user do; the fixtures of
the key's own tests (tests/ingest, tests/store) give each test a key of its own, since
those tests make, rotate and damage keys.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("BOSOC_WEB_SECOND_FACTOR_ROLES", "none")

_SESSION_CONFIG: list[Path] = []


def pytest_configure(config: pytest.Config) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bosoc-test-config-"))
    _SESSION_CONFIG.append(folder)
    os.environ["XDG_CONFIG_HOME"] = str(folder)
    os.environ.pop("BOSOC_KEY_FILE", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    while _SESSION_CONFIG:
        shutil.rmtree(_SESSION_CONFIG.pop(), ignore_errors=True)


# PDF reports render in worker processes (web/jobs): one at a time during the tests (the
# machine is shared), and enough per user for the tests that walk every route.
os.environ.setdefault("BOSOC_WEB_PDF_WORKERS", "1")
os.environ.setdefault("BOSOC_WEB_JOBS_PER_USER", "20")
