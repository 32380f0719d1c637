"""`bosoc evaluate` on a small synthetic municipality: the evaluation table of INTERFACE.md."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from cli_run import bosoc_process as bosoc
from cli_run import computed_home

pytestmark = pytest.mark.slow

# INTERFACE.md, "The evaluation table", in order
CONTRACT_COLUMNS = [
    "intervention_id", "area_id", "indicator_id", "method", "estimand", "group", "period",
    "base_period", "unit", "estimate", "se", "ci_low", "ci_high", "n_treated", "n_control",
    "suppressed",
]  # fmt: skip
PLANTED = {  # synth's four interventions: id -> (area, first year, target)
    "IND01": ("BO09", 2016, "uden_fritidstilbud"),
    "IND02": ("BO01", 2017, "voksne_uden_for_arbejdsmarkedet"),
    "IND03": ("BO03", 2019, "underretninger_boern_unge"),
    "IND04": ("BO04", 2020, "sigtede_unge"),
}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("evaluate")
    return computed_home(base, scale="0.03")


def test_evaluate_writes_the_table_in_both_zones(home: Path) -> None:
    out = home.parent / "evaluation.csv"
    done = bosoc(home, "evaluate", "--zone", "secure", "--out", str(out))
    assert done.returncode in (0, 1), done.stderr  # 1: design warnings (one treated area)
    assert "Advarsel" in done.stderr and "1 behandlede" in done.stderr
    table = pd.read_csv(out, low_memory=False)
    assert list(table.columns[: len(CONTRACT_COLUMNS)]) == CONTRACT_COLUMNS
    did = table[(table["method"] == "did") & (table["estimand"] == "att_simple")]
    found = {(r.intervention_id, r.area_id, r.indicator_id) for r in did.itertuples()}
    assert found == {(i, a, ind) for i, (a, _, ind) in PLANTED.items()}
    for iid, (area, start, _) in PLANTED.items():
        cohort = table[(table["intervention_id"] == iid) & (table["estimand"] == "att_gt")]
        assert set(cohort["group"]) == {start}
        weights = table[
            (table["intervention_id"] == iid)
            & (table["method"] == "synth")
            & (table["estimand"] == "weight")
        ]
        assert weights["estimate"].sum() == pytest.approx(1.0, abs=1e-6)
        assert area not in set(weights["unit"])  # a treated area is no donor
    decompose = table[table["method"] == "decompose"]
    # defaults: 2025 against 2024 and 2020, and each intervention's first year against 2025
    pairs = set(zip(decompose["base_period"], decompose["period"], strict=True))
    assert pairs == {(2024, 2025), (2020, 2025), (2016, 2025), (2017, 2025), (2019, 2025)}
    assert not table["suppressed"].any()  # the secure zone withholds nothing

    published = duckdb.connect(str(home / "published" / "published.duckdb"), read_only=True)
    try:
        shown = published.execute("SELECT * FROM evaluation").df()
    finally:
        published.close()
    # the same decompositions; did and synth run on the published values, where a
    # withheld cell takes its area out of the controls
    assert (shown["method"] == "decompose").sum() == len(decompose)
    hidden = shown[shown["suppressed"]]
    assert len(hidden) > 0  # a small municipality: small groups are withheld
    assert hidden["estimate"].isna().all()

    published = duckdb.connect(str(home / "published" / "published.duckdb"), read_only=True)
    try:
        flows = published.execute("SELECT * FROM flows").df()
    finally:
        published.close()
    assert set(flows["period"]) == set(
        range(2021, 2026)
    )  # the latest 5 years, each vs the one before
    assert flows.loc[flows["suppressed"], "in_movers"].isna().all()

    exported = home.parent / "exported.csv"
    done = bosoc(home, "export", str(exported), "--table", "evaluation")
    assert done.returncode == 0, done.stderr
    assert len(pd.read_csv(exported, low_memory=False)) == len(shown)


def test_an_unknown_intervention_is_refused_naming_the_known_ones(home: Path) -> None:
    done = bosoc(home, "evaluate", "IND99")
    assert done.returncode == 2
    assert "IND99" in done.stderr and "IND01" in done.stderr
