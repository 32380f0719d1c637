"""`bosoc evaluate` of one intervention, method or indicator: it replaces the rows it
recomputed, keeps the rest in both zones, and refuses what it cannot evaluate."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from bosocdata.cli.evaluate_run import run_evaluate
from bosocdata.settings import Paths
from cli_run import bosoc_process as bosoc
from cli_run import computed_home

pytestmark = pytest.mark.slow

ZONES = {  # zone -> (file under $BOSOC_HOME, table)
    "published": ("published/published.duckdb", "evaluation"),
    "secure": ("secure/store.duckdb", "evaluation_results"),
}


@pytest.fixture(scope="module")
def computed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A computed home, not yet evaluated (each test evaluates a copy)."""
    base = tmp_path_factory.mktemp("partial")
    return computed_home(base, scale="0.02")


@pytest.fixture
def home(computed: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(computed, tmp_path / "home"))


def stored(home: Path, zone: str) -> pd.DataFrame:
    file, table = ZONES[zone]
    con = duckdb.connect(str(home / file), read_only=True)
    try:
        return con.execute(f"SELECT * FROM {table}").df()
    finally:
        con.close()


def counts(table: pd.DataFrame) -> dict[tuple[str, str], int]:
    """(intervention, method) -> rows, for did and synth."""
    rows = table[table["method"].isin(["did", "synth"])]
    pairs = zip(rows["intervention_id"], rows["method"], strict=True)
    return dict(Counter((str(i), str(m)) for i, m in pairs))


def evaluate(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = bosoc(home, "evaluate", *args)
    assert done.returncode in (0, 1), done.stderr  # 1: design warnings
    return done


def test_evaluating_one_intervention_keeps_the_other_interventions_and_methods(
    home: Path,
) -> None:
    evaluate(home, "--method", "did")
    before = {zone: counts(stored(home, zone)) for zone in ZONES}
    assert {i for i, _ in before["secure"]} == {"IND01", "IND02", "IND03", "IND04"}

    evaluate(home, "IND02", "--method", "synth")
    evaluate(home, "IND02", "--method", "synth")  # again: replaced, not added twice
    for zone in ZONES:
        after = counts(stored(home, zone))
        synth = {k: n for k, n in after.items() if k[1] == "synth"}
        assert set(synth) == {("IND02", "synth")}, zone
        assert synth[("IND02", "synth")] > 0
        assert {k: n for k, n in after.items() if k[1] == "did"} == before[zone], zone


def test_a_decomposition_replaces_only_its_indicator_and_pair(home: Path) -> None:
    evaluate(home, "--method", "decompose", "--indicator", "domme")
    defaults = {zone: stored(home, zone) for zone in ZONES}
    evaluate(home, "--method", "decompose", "--indicator", "domme", "--years", "2019-2024")
    evaluate(home, "--method", "decompose", "--indicator", "indkomst", "--years", "2019-2024")
    for zone in ZONES:
        table = stored(home, zone)
        pairs = pd.Series(zip(table["base_period"], table["period"], strict=True))
        first = defaults[zone]
        default_pairs = set(zip(first["base_period"], first["period"], strict=True))
        domme = table["indicator_id"] == "domme"
        assert set(pairs[domme]) == default_pairs | {(2019, 2024)}, zone
        assert set(pairs[~domme]) == {(2019, 2024)}, zone
        assert set(table.loc[~domme, "indicator_id"]) == {"indkomst"}, zone
        earlier = pairs.map(lambda pair: pair != (2019, 2024))
        assert (domme & earlier).sum() == len(first), zone
    for file, table_name in (
        ("published/published.duckdb", "flows"),
        ("secure/store.duckdb", "flows_results"),
    ):  # the flows of domme (default pairs only) stay beside the one-pair runs
        con = duckdb.connect(str(home / file), read_only=True)
        try:
            flows = con.execute(f"SELECT DISTINCT indicator_id FROM {table_name}").fetchall()
        finally:
            con.close()
        assert flows == [("domme",)], table_name


def test_a_report_is_refused_for_an_intervention_without_results(home: Path) -> None:
    evaluate(home, "IND02", "--method", "synth")
    done = bosoc(home, "report", "--intervention", "IND01", "--out", str(home / "r.pdf"))
    assert done.returncode == 2, done.stdout
    assert "IND01" in done.stderr and "IND02" in done.stderr
    assert not (home / "r.pdf").exists()
    unknown = bosoc(home, "report", "--intervention", "IND99", "--out", str(home / "r.pdf"))
    assert unknown.returncode == 2
    assert "evaluated interventions: IND02 " in unknown.stderr  # only what is stored


def test_a_failed_publication_changes_neither_zone(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOSOC_HOME", str(home))
    monkeypatch.delenv("BOSOC_KEY_FILE", raising=False)
    evaluate(home, "IND02", "--method", "synth")
    before = {zone: stored(home, zone) for zone in ZONES}

    def broken(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("bosocdata.publish.zone.replace_published_tables", broken)
    with pytest.raises(OSError, match="disk full"):
        run_evaluate(
            intervention_id="IND01",
            indicators=[],
            method="synth",
            years=None,
            zone="published",
            out=None,
            paths=Paths(home),
        )
    for zone in ZONES:
        pd.testing.assert_frame_equal(stored(home, zone), before[zone], obj=zone)


def test_decomposing_an_indicator_of_places_is_refused(home: Path) -> None:
    done = bosoc(home, "evaluate", "IND01", "--method", "decompose", "--indicator", "anmeldelser")
    assert done.returncode == 2, done.stderr
    assert "anmeldelser" in done.stderr and "person-level" in done.stderr
    assert "uden_fritidstilbud" in done.stderr  # the hint names the ones that can be
    assert len(done.stderr.strip().splitlines()) == 1


def test_with_every_method_an_indicator_of_places_is_left_out_of_the_decomposition(
    home: Path,
) -> None:
    out = home / "ind01.csv"
    done = evaluate(home, "IND01", "--indicator", "anmeldelser", "--out", str(out))
    assert "anmeldelser" in done.stderr and "dekomposition" in done.stderr
    table = pd.read_csv(out, low_memory=False)
    assert set(table["method"]) == {"did", "synth"}
    assert set(table["indicator_id"]) == {"anmeldelser"}


def test_a_p_value_is_warned_of_only_where_the_table_shows_one(home: Path) -> None:
    """IND03's sigtede_unge is suppressed in most control areas: the published zone has
    no estimate for it, and must not warn of the secure zone's pre-trend p-value."""
    for zone in ZONES:
        out = home / f"{zone}.csv"
        args = ["--method", "did", "--indicator", "sigtede_unge", "--zone", zone]
        done = evaluate(home, *args, "--out", str(out))
        table = pd.read_csv(out, low_memory=False)
        shown = table[(table["estimand"] == "pretrend_p") & ~table["suppressed"]]
        warned = {
            line.split(",")[0].removeprefix("Advarsel: Indsats ")
            for line in done.stderr.splitlines()
            if "p = " in line
        }
        assert warned <= set(shown["intervention_id"]), zone
        if zone == "published":
            assert "IND03" not in set(table["intervention_id"])
            assert "Indsats IND03, sigtede_unge: difference-in-differences ikke mulig" in (
                done.stderr
            )
