"""The pipeline's packages import one way only (pyproject.toml, [tool.importlinter]).

import-linter checks the contracts on the real tree; a copy of the tree with one
back-import added (the store reaching into the web) must break them, so the check is
known to bite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(src: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        capture_output=True,
        text=True,
        env=env,
        cwd=src.parent,
        check=False,
    )


def test_the_tree_keeps_every_layering_contract() -> None:
    result = lint_imports(ROOT / "src", ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "back_import", "contract"),
    [
        ("store/__init__.py", "import bosocdata.web.app", "The stages import only earlier stages"),
        ("store/__init__.py", "import bosocdata.ingest", "The stages import only earlier stages"),
        (
            "presentation/__init__.py",
            "import bosocdata.store",
            "The web and the reports read the published zone only",
        ),
        ("settings.py", "import bosocdata.cli", "The foundation modules import no stage"),
    ],
)
def test_a_back_import_breaks_the_layering(
    tmp_path: Path, module: str, back_import: str, contract: str
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "bosocdata", src / "bosocdata")
    target = src / "bosocdata" / module
    target.write_text(target.read_text() + f"\n{back_import}  # against the flow\n")
    result = lint_imports(src, ROOT / "pyproject.toml")
    assert result.returncode != 0
    assert f"{contract} BROKEN" in result.stdout
