"""`bosoc report --intervention ID`: the evaluation of one intervention as a PDF for a
board, read back as a person reads it, against the hand-built evaluation tables of
tests/web/web_evaluation_fixture.py (their numbers are worked out there by hand)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer
from reports_pdf import pdf_pages, pdf_text
from typer.testing import CliRunner, Result

from bosocdata.cli import report_cmd
from bosocdata.errors import BosocError
from bosocdata.presentation.zone import PublishedZone
from bosocdata.reports import evaluation_report_html

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from web_evaluation_fixture import HP1_DID_SAYS, add_evaluation
from web_published_fixture import write_published


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("eval-report") / "bosoc-data"
    add_evaluation(write_published(home / "published" / "published.duckdb"))
    return home


def _report(home: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    app = typer.Typer()
    report_cmd.register(app)

    @app.callback()
    def main() -> None:  # a callback keeps `report` a subcommand, as in `bosoc`
        pass

    monkeypatch.setenv("BOSOC_HOME", str(home))
    return CliRunner().invoke(app, ["report", *args])


@pytest.fixture(scope="module")
def hp1_pdf(home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "evaluering-hp1.pdf"
    with pytest.MonkeyPatch.context() as monkeypatch:
        result = _report(home, monkeypatch, "--intervention", "hp1", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Skrev" in result.output
    return out


def test_the_report_names_the_intervention_its_areas_and_start(hp1_pdf: Path) -> None:
    text = pdf_text(hp1_pdf)
    assert "EVALUERING AF EN BOLIGSOCIAL INDSATS" in text  # the kicker, in capitals
    assert "Helhedsplan Bakkegården" in text
    assert "Første år 2024" in text
    assert "Boligområder Bakkegården" in text
    assert "Børn og unge under 18 år" in text


def test_each_estimate_has_its_interval_its_method_and_its_caveats(hp1_pdf: Path) -> None:
    text = pdf_text(hp1_pdf)
    assert [said for said in HP1_DID_SAYS if said not in text] == []
    assert "95 %-interval +0,3 procentpoint til +2,7 procentpoint" in text
    assert "Kun 1 område(r) har indsatsen" in text
    # the synthetic control: its reference, RMSPE 0,20, placebo p 0,50 and the donors
    assert "Abadie, Diamond & Hainmueller 2010" in text
    assert "RMSPE: 0,20" in text and "placebo-p-værdi: 0,50" in text
    assert "Østerparken 0,70" in text and "Æblehaven 0,30" in text


def test_the_charts_and_the_decomposition_are_printed(hp1_pdf: Path) -> None:
    text = pdf_text(hp1_pdf)
    # the event study with its shaded pre-period, the synthetic control with its start
    assert "Før og efter start, år for år" in text and "Før start" in text
    assert "År fra start (0 = første år med indsatsen)" in text
    assert "Syntetisk kontrol: Bakkegården" in text and "Start 2024" in text
    # the waterfall: 0,2669 = 0,1 + 0,3 - 0,2 + (0,05 + 0,0169), each term in words
    assert "Hvorfor ændrede tallet sig?" in text
    assert "Blev boende" in text and "Flyttede ind" in text and "Ældet ind/ud" in text
    assert "Fra 2023 til 2024 ændrede tallet sig +0,3 procentpoint" in text
    assert "+0,1 procentpoint fordi de, der blev boende" in text
    assert "+0,3 procentpoint fordi tilflytterne" in text
    assert "-0,2 procentpoint fordi fraflytterne" in text


def test_no_raw_ids_and_every_page_is_a4(hp1_pdf: Path) -> None:
    text = pdf_text(hp1_pdf)
    for raw in ("hp1", "bakken", "oester", "aeblehaven", "boern_unge_under_18", "att_"):
        assert raw not in text
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", str(pdf_pages(hp1_pdf)), str(hp1_pdf)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    sizes = [line for line in info.splitlines() if line.startswith("Page ") and "size:" in line]
    assert sizes and all("595.276 x 841.89 pts" in line for line in sizes)


def test_an_intervention_not_evaluated_is_refused_with_the_evaluated_ones(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "x.pdf"
    result = _report(home, monkeypatch, "--intervention", "nowhere", "--out", str(out))
    assert isinstance(result.exception, BosocError)
    assert "hp1" in (result.exception.hint or "") and "hp2" in (result.exception.hint or "")
    assert not out.exists()


def test_a_partner_report_holds_only_what_the_partner_may_see(home: Path) -> None:
    """Through the views of a partner who may see Æblehaven only (as the web's worker
    reads): hp1 (Bakkegården) is unknown, and hp2's donor in Bakkegården is not named."""
    zone = PublishedZone(home / "published" / "published.duckdb")
    try:
        with zone.cursor(lambda _organisations: {"aeblehaven"}) as cur:
            with pytest.raises(BosocError):
                evaluation_report_html(cur, "hp1")
            html = evaluation_report_html(cur, "hp2")
    finally:
        zone.close()
    assert "Frugthaven i gang" in html and "Æblehaven" in html
    assert "Bakkegården" not in html and "Et andet område" in html
    assert "Helhedsplan" not in html
