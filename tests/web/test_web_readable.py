"""Published sentences and sources read without ids: an alert names the indicator and the
criterion in words, a source leaves out the contract's register file names."""

from __future__ import annotations

from bosocdata.presentation.vocabulary import Vocabulary
from bosocdata.web.present import readable, readable_source


def test_an_alert_names_indicator_and_criterion_in_words() -> None:
    da = Vocabulary("da")
    names = {"ikke_aktive_laanere": "Beboere uden biblioteksudlån"}
    assert readable("Fyrretoften: ikke_aktive_laanere er 71,2 % mod 64,0 %", names, da) == (
        "Fyrretoften: beboere uden biblioteksudlån er 71,2 % mod 64,0 %"
    )
    assert readable("kriteriet forebyg_grundskole er ikke opfyldt", names, da) == (
        "kriteriet «over 60 % af de 30-59-årige med kun grundskole (forebyggelse)» er ikke opfyldt"
    )
    assert readable("et ukendt_id bliver stående", names, da) == "et ukendt_id bliver stående"


def test_a_source_leaves_out_register_file_names_only() -> None:
    assert readable_source("Målinger (health_exams); grænser fra Cole (2000).") == (
        "Målinger; grænser fra Cole (2000)."
    )
    assert readable_source("CPR (persons, residences); alder") == "CPR; alder"
    assert readable_source("Foranstaltninger (dag)") == "Foranstaltninger (dag)"
