"""Published sources read without ids: a source leaves out the contract's register file
names. (The alerts' sentences: tests/presentation/test_alert_sentences.py.)"""

from __future__ import annotations

from bosocdata.presentation.cells import readable_source


def test_a_source_leaves_out_register_file_names_only() -> None:
    assert readable_source("Målinger (health_exams); grænser fra Cole (2000).") == (
        "Målinger; grænser fra Cole (2000)."
    )
    assert readable_source("CPR (persons, residences); alder") == "CPR; alder"
    assert readable_source("Foranstaltninger (dag)") == "Foranstaltninger (dag)"
