"""`bosoc report`, called as a user would, on a Typer app holding only this command."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bosocdata.cli import report_cmd
from bosocdata.errors import BosocError, NotComputed


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    report_cmd.register(app)

    @app.callback()
    def main() -> None:  # a callback keeps `report` a subcommand, as in `bosoc`
        pass

    return app


def test_one_area_report(app: typer.Typer, home: Path, tmp_path: Path) -> None:
    out = tmp_path / "soendergaard.pdf"
    result = CliRunner().invoke(app, ["report", "soendergaard", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_all_areas_and_the_yearly_report(app: typer.Typer, home: Path, tmp_path: Path) -> None:
    out = tmp_path / "rapporter"
    result = CliRunner().invoke(app, ["report", "--all", "--out", str(out), "--year", "2023"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "aaparken.pdf",
        "aarsrapport-2023.pdf",
        "aeblehaven.pdf",
        "soendergaard.pdf",
    ]


def test_an_unknown_area_is_refused_with_known_ids(
    app: typer.Typer, home: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(app, ["report", "nowhere", "--out", str(tmp_path / "x.pdf")])
    assert isinstance(result.exception, BosocError)
    assert "aeblehaven" in (result.exception.hint or "")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--out", "x.pdf"],
        ["aaparken", "--all", "--out", "d"],
        ["aaparken", "--intervention", "IND01", "--out", "x.pdf"],
        ["--all", "--intervention", "IND01", "--out", "d"],
    ],
)
def test_an_area_all_or_an_intervention_exactly_one(
    app: typer.Typer, home: Path, args: list[str]
) -> None:
    result = CliRunner().invoke(app, ["report", *args])
    assert isinstance(result.exception, BosocError)
    assert "one of: an area id, --all or --intervention" in str(result.exception)


def test_nothing_published_yet(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOSOC_HOME", str(tmp_path / "empty"))
    result = CliRunner().invoke(app, ["report", "aaparken", "--out", str(tmp_path / "x.pdf")])
    assert isinstance(result.exception, NotComputed)
