"""The evaluation pages: `/indsatser`, `/indsats/{id}` and the decomposition on the area
profile, against the hand-built tables of web_evaluation_fixture.py, and a partner's scope."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_evaluation_fixture import HP1_DID_SAYS, evaluated_home, logged_in


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return evaluated_home(
        tmp_path_factory.mktemp("eval-home"), {"admin": "admin", "frugt": "partner"}
    )


@pytest.fixture()
def admin(home: Path) -> Iterator[TestClient]:
    yield from logged_in(home, "admin")


@pytest.fixture()
def partner(home: Path) -> Iterator[TestClient]:
    yield from logged_in(home, "frugt")


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_the_list_names_each_intervention_with_its_areas(admin: TestClient) -> None:
    page = admin.get("/indsatser")
    assert page.status_code == 200
    text = _text(page.text)
    assert "Helhedsplan Bakkegården" in text and "Frugthaven i gang" in text
    assert 'href="/indsats/hp1"' in page.text


def test_the_intervention_page_says_each_estimate_with_its_method(admin: TestClient) -> None:
    page = admin.get("/indsats/hp1")
    assert page.status_code == 200
    text = _text(page.text)
    assert [said for said in HP1_DID_SAYS if said not in text] == []
    # the charts: event study with its shaded pre-period and zero line, synthetic control
    assert page.text.count('class="estimate"') == 2
    assert "Før start" in text and 'class="zero-line"' in page.text
    assert "År fra start" in text and "Forskel (procentpoint)" in text
    assert 'class="synthetic"' in page.text and "Start 2024" in text
    # donor weights with area names, largest first, no raw ids
    assert re.search(r"Østerparken\s*</th>\s*<td class=\"num\">0,70", page.text)
    assert re.search(r"Æblehaven\s*</th>\s*<td class=\"num\">0,30", page.text)
    assert ">oester<" not in page.text and ">bakken<" not in page.text
    # the waterfall: 0,2669 = 0,1 + 0,3 - 0,2 + (0,05 + 0,0169)
    assert "Hvorfor ændrede tallet sig?" in text
    assert "ændrede tallet sig +0,3 procentpoint: +0,1 procentpoint" in text
    assert "-0,2 procentpoint fordi fraflytterne" in text
    assert "+0,1 procentpoint fra dem, der blev ældre" in text
    # who computes the evaluation, in words, never a command the reader cannot run
    assert "beregnes af kommunens dataansvarlige" in text
    assert "bosoc " not in text


def test_an_estimate_withheld_for_disclosure_says_so_in_words(admin: TestClient) -> None:
    """hp2's one area has a hidden cell: the difference-in-differences was not estimated
    on the published numbers. The page says why, not "changed on average – more"."""
    text = _text(admin.get("/indsats/hp2").text)
    assert (
        "Forskel-i-forskelle (Callaway & Sant'Anna 2021): ikke beregnet på de offentliggjorte "
        "tal, fordi Børn og unge under 18 år er skjult af hensyn til diskretion" in text
    ), text
    assert "i gennemsnit – mere" not in text and "Kun 1 område(r)" not in text


def test_the_synthetic_area_is_the_treated_value_minus_the_gap(admin: TestClient) -> None:
    page = admin.get("/indsats/hp1").text
    treated = re.search(r'<polyline points="([^"]+)"[^>]*class="treated"', page)
    synthetic = re.search(r'<polyline points="([^"]+)"[^>]*class="synthetic"', page)
    assert treated and synthetic
    # 2023: 23.2285 vs 23.0285, 2024: 23.4954 vs 21.9954: the synthetic line is lower
    # (larger y) in both years, and by much more in 2024
    ty = [float(p.split(",")[1]) for p in treated.group(1).split()]
    sy = [float(p.split(",")[1]) for p in synthetic.group(1).split()]
    assert sy[0] > ty[0] and sy[1] - ty[1] > 5 * (sy[0] - ty[0])


def test_the_profile_shows_the_decomposition_and_the_interventions(admin: TestClient) -> None:
    page = admin.get("/omraade/aeblehaven?year=2024")
    text = _text(page.text)
    assert "Hvorfor ændrede tallet sig?" in text
    # 0,3917 = -0,1 + 0,6 - 0,2 + (0,05 + 0,0417)
    assert "ændrede tallet sig +0,4 procentpoint: -0,1 procentpoint" in text
    assert "+0,6 procentpoint fordi tilflytterne" in text
    assert "Fra 2023 til 2024" in text and "9,9" not in text  # not the 2015 pair
    # the withheld one is a dash with the footnote, its numbers nowhere
    assert "Opdelingen er skjult af hensyn til diskretion" in text
    assert page.text.count('class="chart waterfall"') == 1  # no empty chart for the withheld
    assert 'href="/indsats/hp2"' in page.text and "Frugthaven i gang" in text
    assert "Helhedsplan Bakkegården" not in text


def test_english_pages_have_english_words(admin: TestClient) -> None:
    text = _text(admin.get("/indsats/hp1?lang=en").text)
    assert "Why did the figure change?" in text
    assert "percentage points" in text
    assert "computed by the municipality's data team" in text
    assert "bosoc " not in text


def test_the_event_study_and_synthetic_control_scale_with_the_page(admin: TestClient) -> None:
    """Drawn in a viewBox and sized by the stylesheet (width 100 %, a max-width), not at a
    fixed pixel width that leaves a 1920 px screen mostly empty."""
    page = admin.get("/indsats/hp1").text
    charts = re.findall(r"<svg [^>]*class=\"chart evaluation-chart\"[^>]*>", page)
    assert len(charts) >= 2  # the event study and at least one synthetic control
    for svg in charts:
        assert 'viewBox="0 0 800 300"' in svg
    css = admin.get("/static/style.css").text
    rule = re.search(r"svg\.evaluation-chart \{([^}]*)\}", css)
    assert rule and "width: 100%" in rule.group(1) and "max-width" in rule.group(1)


def test_a_partner_sees_only_interventions_in_its_own_areas(partner: TestClient) -> None:
    assert partner.get("/indsats/hp1").status_code == 404
    listing = _text(partner.get("/indsatser").text)
    assert "Helhedsplan Bakkegården" not in listing and "Frugthaven i gang" in listing
    own = partner.get("/indsats/hp2")
    assert own.status_code == 200
    # its donor is another organisation's area: not named
    assert "Bakkegården" not in _text(own.text) and "Et andet område" in _text(own.text)


def test_the_intervention_page_links_its_pdf(admin: TestClient) -> None:
    page = admin.get("/indsats/hp1")
    assert 'href="/eksport/pdf/indsats/hp1"' in page.text
    assert "Evalueringen som PDF" in _text(page.text)


def test_no_pdf_of_an_intervention_the_partner_may_not_see(partner: TestClient) -> None:
    refused = partner.get("/eksport/pdf/indsats/hp1", follow_redirects=False)
    assert refused.status_code == 404
    assert partner.get("/eksport/pdf/indsats/nowhere").status_code == 404


@pytest.mark.slow
def test_a_partners_evaluation_pdf_holds_only_its_own_areas(
    partner: TestClient, tmp_path: Path
) -> None:
    """The job's worker reads the zone as the partner sees it: hp2's donor area,
    Bakkegården of another organisation, is not named in the PDF either."""
    from reports.reports_pdf import pdf_text

    answer = partner.get("/eksport/pdf/indsats/hp2", follow_redirects=False)
    assert answer.status_code == 303
    job = answer.headers["location"]
    deadline = time.monotonic() + 240
    while "job-download" not in (page := partner.get(job)).text:
        assert time.monotonic() < deadline, page.text
        time.sleep(0.5)
    pdf = partner.get(job + "/fil")
    assert pdf.status_code == 200 and "evaluering-hp2.pdf" in pdf.headers["content-disposition"]
    target = tmp_path / "hp2.pdf"
    target.write_bytes(pdf.content)
    text = pdf_text(target)
    assert "Frugthaven i gang" in text and "Æblehaven" in text
    assert "Et andet område 1,00" in text  # the donor, by weight, not by name
    assert "Bakkegården" not in text and "Helhedsplan" not in text


def test_the_job_page_of_an_evaluation_pdf_names_the_intervention(partner: TestClient) -> None:
    answer = partner.get("/eksport/pdf/indsats/hp2", follow_redirects=False)
    assert answer.status_code == 303
    shown = html.unescape(partner.get(answer.headers["location"]).text)
    assert "Evaluering af en boligsocial indsats: Frugthaven i gang" in shown
    assert "Årsrapport" not in shown
