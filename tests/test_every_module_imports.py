"""Every module of the package imports: a module left pointing at one that moved fails
here, in the quick tests, not first in a browser test or on a user's request (mypy is
told to ignore missing imports for the third-party packages without type hints, so it
would not say)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import bosocdata

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(bosocdata.__path__, prefix="bosocdata.")
    if not m.name.endswith("__main__")
)  # fmt: skip


@pytest.mark.parametrize("name", MODULES)
def test_the_module_imports(name: str) -> None:
    importlib.import_module(name)
