"""`assess`: the six tables, traceable to the indicator values; and the two commands
that read them back from the published zone (`bosoc alerts`, `bosoc trace`)."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
import typer
from test_assess_fixture import THEMES, VOKS, indicator_table, make_config
from typer.testing import CliRunner

from bosocdata.assessment.assess import TABLES, assess
from bosocdata.cli import alerts_cmd, trace_cmd
from bosocdata.cli.trace_cmd import render_explanation
from bosocdata.errors import BosocError, NotComputed

CONFIG = make_config({"index": {"monte_carlo": {"draws": 200}}})


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    criteria = pd.DataFrame(
        {"area_id": ["B"], "year": [2024], "crit_grundskole": [0], "dist_grundskole": [4]}
    )
    return assess(indicator_table(), THEMES, config=CONFIG, criteria=criteria)


def test_six_named_tables_each_with_area_and_period(tables) -> None:
    assert tuple(tables) == TABLES
    for name, frame in tables.items():
        assert {"area_id", "period"} <= set(frame.columns), name
        assert len(frame) > 0, name


def test_every_index_value_is_the_sum_of_its_contributions(tables) -> None:
    index = tables["index"].dropna(subset=["index"])
    parts = (
        tables["contributions"]
        .groupby(["area_id", "period"])["contribution"]
        .sum(min_count=1)
        .rename("total")
    )
    joined = index.join(parts, on=["area_id", "period"])
    assert len(joined) == 18  # 6 rows (4 areas, __all__, __rest__) x 3 periods
    assert joined["total"].to_numpy() == pytest.approx(joined["index"].to_numpy())


def test_contributions_carry_value_weight_and_points(tables) -> None:
    c = tables["contributions"]
    a = c[(c.area_id == "A") & (c.period == 2024) & (c.indicator_id == VOKS)].iloc[0]
    assert (a["value"], a["benchmark"], a["theme"]) == (40.0, 25.0, "work_economy")
    assert a["weight"] == pytest.approx(0.25)
    assert a["normalised"] == pytest.approx(1.0)
    assert a["points"] == 2  # 40 / 25 = 1.6: beyond 1.5
    assert a["excess"] == pytest.approx(150)
    assert bool(a["in_index"]) and bool(a["in_categorisation"]) and bool(a["in_need"])
    points = c[(c.area_id == "A") & (c.period == 2024)]["points"].sum()
    categorisation = tables["categorisation"]
    total = categorisation[(categorisation.area_id == "A") & (categorisation.period == 2024)]
    assert points == total["points"].iloc[0]


def test_criteria_alerts_come_through(tables) -> None:
    alerts = tables["alerts"]
    assert ("B", 2024, "grundskole") in set(
        zip(alerts.area_id, alerts.period, alerts.criterion, strict=True)
    )


def _publish(tables, home) -> None:
    (home / "published").mkdir(parents=True)
    con = duckdb.connect(str(home / "published" / "published.duckdb"))
    for name, frame in tables.items():
        con.register("frame", frame)
        con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame')
        con.unregister("frame")
    con.close()


def _app() -> typer.Typer:
    app = typer.Typer()
    alerts_cmd.register(app)
    trace_cmd.register(app)
    return app


def test_bosoc_alerts_reads_the_published_zone(tables, tmp_path, monkeypatch) -> None:
    names = pd.DataFrame(
        {"indicator_id": [VOKS], "name_da": ["Voksne uden for arbejdsmarkedet"], "name_en": [None]}
    )
    _publish({**tables, "indicators": names}, tmp_path)
    monkeypatch.setenv("BOSOC_HOME", str(tmp_path))
    result = CliRunner().invoke(_app(), ["alerts", "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert "Advarsler 2024" in result.output
    # the indicator by its name and the criterion in words, never their ids
    assert "Aparken: voksne uden for arbejdsmarkedet er 40,0 % mod 25,0 %" in result.output
    assert (
        "Bparken: kriteriet «over 60 % af de 30-59-årige med kun grundskole» er ikke opfyldt,"
        " men kun 4 beboere fra tærsklen" in result.output
    )
    english = CliRunner().invoke(_app(), ["alerts", "--year", "2024", "--english"]).output
    # no English name published: the Danish one
    assert "Aparken: voksne uden for arbejdsmarkedet is 40.0 % against 25.0 %" in english


def test_bosoc_alerts_before_compute_says_so(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("BOSOC_HOME", str(tmp_path))
    result = CliRunner().invoke(_app(), ["alerts"])
    assert isinstance(result.exception, NotComputed)


def test_bosoc_explain_shows_where_the_index_comes_from(tables, tmp_path, monkeypatch) -> None:
    _publish(tables, tmp_path)
    monkeypatch.setenv("BOSOC_HOME", str(tmp_path))
    result = CliRunner().invoke(_app(), ["trace", "aparken"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Aparken (A), 2024"
    # index 0.5 - 0.5 / sqrt(13) = 0.361; B is first, A second of three
    assert lines[1].startswith("Indeks 0,36 (zscore), nr. 2 af 3")
    row = next(line for line in lines if line.startswith(VOKS))
    # value, municipality, normalised, weight, contribution, points, excess persons
    assert row.split()[1:] == ["40,0", "25,0", "1,00", "0,250", "0,250", "2", "150"]


def test_explain_an_unknown_area_names_the_known_ones(tables) -> None:
    with pytest.raises(BosocError, match="no area 'Xparken'") as error:
        render_explanation(tables, "Xparken")
    assert "A, B, C, D" in str(error.value)
