"""A bad setting of the report jobs stops the application where it starts (`bosoc serve`
prints the one line of a `BosocError` and exits 2), not at the first PDF someone asks
for, an hour later, as an error page."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_published_fixture import write_published

from bosocdata.errors import BosocError
from bosocdata.web.app import create_app


@pytest.mark.parametrize(
    ("name", "value"),
    [("BOSOC_WEB_PDF_WORKERS", "abc"), ("BOSOC_WEB_JOBS_PER_USER", "0"),
     ("BOSOC_WEB_JOB_KEEP_MINUTES", "-5")],
)  # fmt: skip
def test_a_bad_job_setting_is_refused_when_the_app_is_made(
    name: str, value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = write_published(tmp_path / "published" / "published.duckdb")
    monkeypatch.setenv(name, value)
    with pytest.raises(BosocError) as refused:
        create_app(published, auth="off")
    assert name in str(refused.value) + str(refused.value.hint)
