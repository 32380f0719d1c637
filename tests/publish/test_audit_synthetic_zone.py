"""A published zone made from a synthetic delivery passes its own disclosure audit.

The real command line in a subprocess, with its own `$BOSOC_HOME`: a fictitious
municipality (`bosoc synth`), ingested and computed, then `bosoc audit-disclosure`.
Every finding the audit lists is a count a reader could narrow below the protection
level (docs/concepts/disclosure-control.md, 'What a finding means'), so the verdict
must be PASSED with no findings and exit code 0. At this scale the audit listed 18+
counts 'narrowed' by the indicator table before the complement of an age numerator was
counted as shown (section 6), and, with groups of areas, numerators read back through
a partner that its group gave away (section 3, groups of areas).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_run import bosoc_process as bosoc
from cli_run import computed_home

pytestmark = pytest.mark.slow


def test_the_published_zone_of_a_synthetic_delivery_has_no_findings(tmp_path: Path) -> None:
    home = tmp_path / "home"
    # two groups of areas (a helhedsplan's, an organisation's), as a municipality sets up
    (home / "config").mkdir(parents=True)
    (home / "config" / "area_groups.csv").write_text(
        "group_id,group_name,area_id\n"
        "G1,Syd,BO23\nG1,Syd,BO24\nG1,Syd,BO25\nG2,Nord,BO01\nG2,Nord,BO02\n",
        encoding="utf-8",
    )
    computed_home(tmp_path, scale="0.05")  # home and delivery under tmp_path
    audit = bosoc(home, "audit-disclosure")
    lines = audit.stdout.splitlines()
    findings = [
        line
        for line in lines
        if line.strip().startswith(("narrow:", "problem:", "indicator table:", "dominance:"))
    ]
    assert findings == [], audit.stdout
    assert lines[-1] == "Disclosure audit PASSED: no findings", audit.stdout
    assert audit.returncode == 0, audit.stdout + audit.stderr
    # both tables were audited: the indicator table and the population pyramid
    assert "Disclosure audit (k=5): PASSED, no findings" in lines
    assert "Disclosure audit, population (k=5): PASSED, no findings" in lines
