"""PDF reports as background jobs: bounded workers, a per-user limit, cancellation, a
quick stop, and the pages that follow a job to its file.

The runner's own tests use stand-in work (job_targets.py) in real worker processes; the
route tests render a real area report of the fixture zone.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from job_targets import fail, sleep_then_write, write_niceness
from web_login import CHEAP_HASHER, add_user, log_in
from web_published_fixture import write_published

from bosocdata.web.app import create_app
from bosocdata.web.jobs import JobRunner, TooManyJobs
from bosocdata.web.jobs.routes import runner_of


def _runner(tmp_path: Path, **options: object) -> JobRunner:
    settings = {"workers": 1, "per_user": 2, "keep_seconds": 60.0, **options}
    return JobRunner(tmp_path / "jobs", target=sleep_then_write, **settings)  # type: ignore[arg-type]


def _wait(runner: JobRunner, job_id: str, owner: str, states: set[str], seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = runner.get(job_id, owner)
        assert job is not None
        if job.state in states:
            return job.state
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} never reached {states}")


def test_workers_are_bounded_and_the_rest_wait_in_order(tmp_path: Path) -> None:
    runner = _runner(tmp_path, per_user=5)
    try:
        first = runner.submit("ana", "area", "a.pdf", (1.0,))
        second = runner.submit("ana", "area", "b.pdf", (0.1,))
        assert runner.running() == 1  # one worker
        assert runner.position(second) == 1
        assert _wait(runner, first.id, "ana", {"done"}) == "done"
        assert _wait(runner, second.id, "ana", {"done"}) == "done"
        done = runner.get(first.id, "ana")
        assert done is not None and done.path.read_bytes().startswith(b"%PDF")
        assert done.path.stat().st_mode & 0o077 == 0 or done.path.parent.stat().st_mode & 0o077 == 0
    finally:
        runner.shutdown()


def test_a_user_may_have_only_so_many_jobs_and_nobody_sees_anothers(tmp_path: Path) -> None:
    runner = _runner(tmp_path, per_user=2)
    try:
        mine = runner.submit("ana", "area", "a.pdf", (30.0,))
        runner.submit("ana", "area", "b.pdf", (30.0,))
        with pytest.raises(TooManyJobs):
            runner.submit("ana", "area", "c.pdf", (30.0,))
        runner.submit("bo", "area", "d.pdf", (30.0,))  # another user is not held up
        assert runner.get(mine.id, "bo") is None
    finally:
        runner.shutdown()


def test_cancelling_a_running_job_ends_its_process_at_once(tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    try:
        job = runner.submit("ana", "area", "a.pdf", (60.0,))
        process = job.process
        assert process is not None and process.is_alive()
        started = time.monotonic()
        assert runner.cancel(job.id, "ana")
        assert time.monotonic() - started < 5
        assert not process.is_alive()
        assert runner.get(job.id, "ana").state == "cancelled"  # type: ignore[union-attr]
        assert not job.path.exists()
    finally:
        runner.shutdown()


def test_shutdown_stops_every_worker_within_seconds(tmp_path: Path) -> None:
    runner = _runner(tmp_path, workers=2, per_user=5)
    jobs = [runner.submit("ana", "area", f"{i}.pdf", (120.0,)) for i in range(3)]
    processes = [j.process for j in jobs if j.process is not None]
    assert len(processes) == 2
    started = time.monotonic()
    runner.shutdown()
    assert time.monotonic() - started < 5
    assert not any(p.is_alive() for p in processes)
    assert not runner.folder.exists()


def test_a_failing_report_is_marked_failed(tmp_path: Path) -> None:
    runner = JobRunner(tmp_path / "jobs", target=fail, workers=1, per_user=2, keep_seconds=60)
    try:
        job = runner.submit("ana", "area", "a.pdf", ())
        assert _wait(runner, job.id, "ana", {"done", "failed"}) == "failed"
    finally:
        runner.shutdown()


def test_a_finished_file_is_deleted_after_its_time(tmp_path: Path) -> None:
    runner = _runner(tmp_path, keep_seconds=0.5)
    try:
        job = runner.submit("ana", "area", "a.pdf", (0.0,))
        _wait(runner, job.id, "ana", {"done"})
        time.sleep(1.0)
        assert runner.get(job.id, "ana") is None
        assert not job.path.exists()
    finally:
        runner.shutdown()


@pytest.mark.slow
def test_a_pdf_route_answers_at_once_and_the_page_leads_to_the_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    published = write_published(home / "published" / "published.duckdb")
    add_user(home, "ana", "analyst")
    add_user(home, "bo", "analyst")
    app = create_app(published, auth="login", hasher=CHEAP_HASHER)
    with TestClient(app) as client, TestClient(app) as other:
        log_in(client, "ana")
        log_in(other, "bo")
        started = time.monotonic()
        answer = client.get("/eksport/pdf/omraade/bakken?year=2024", follow_redirects=False)
        assert answer.status_code == 303
        assert time.monotonic() - started < 5  # no render inside the request
        page_path = answer.headers["location"]
        assert page_path.startswith("/rapporter/")
        assert other.get(page_path).status_code == 404  # not bo's
        deadline = time.monotonic() + 240
        while True:
            page = client.get(page_path)
            assert page.status_code == 200
            if "job-download" in page.text:
                break
            assert "Refresh" in page.headers  # the page follows the job
            assert time.monotonic() < deadline, page.text
            time.sleep(0.5)
        pdf = client.get(page_path + "/fil")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert "omraade-bakken-2024.pdf" in pdf.headers["content-disposition"]
        assert other.get(page_path + "/fil").status_code == 404
    app.state.jobs.shutdown()


@pytest.mark.slow
def test_a_report_is_handed_over_only_while_its_user_may_still_see_and_export_it(
    tmp_path: Path,
) -> None:
    """A partner's areas are narrowed after asking for reports: the earlier reports
    answer 404 (they hold an area no longer theirs), and asking again makes a new job
    for the new areas; demoted to viewer, the report pages answer 403 and the download
    is refused, as every export is."""
    from bosocdata.access.store import UserStore
    from bosocdata.auditlog import read_lines
    from bosocdata.settings import Paths

    home = tmp_path / "home"
    published = write_published(home / "published" / "published.duckdb")
    add_user(home, "pia", "partner", areas=["aeblehaven", "bakken"])
    users = UserStore(Paths(home), hasher=CHEAP_HASHER)
    app = create_app(published, auth="login", hasher=CHEAP_HASHER)
    with TestClient(app) as client:
        log_in(client, "pia")
        area = client.get("/eksport/pdf/omraade/bakken?year=2024", follow_redirects=False)
        yearly = client.get("/eksport/pdf/aarsrapport?year=2024", follow_redirects=False)
        area_page, yearly_page = area.headers["location"], yearly.headers["location"]
        assert client.get(area_page).status_code == 200
        exports = [
            e.entry["details"] for e in read_lines(Paths(home)) if e.entry["event"] == "export"
        ]
        assert [d["format"] for d in exports] == ["pdf", "pdf"]  # the audit log tells a PDF
        users.set_areas("pia", areas=["aeblehaven"])
        log_in(client, "pia")  # narrowing the areas ended the session
        for page in (area_page, yearly_page):
            assert client.get(page).status_code == 404
            assert client.get(page + "/fil").status_code == 404
        again = client.get("/eksport/pdf/aarsrapport?year=2024", follow_redirects=False)
        assert again.headers["location"] != yearly_page  # a new report of the new areas
        users.set_role("pia", "viewer")
        log_in(client, "pia")
        for address in (again.headers["location"], again.headers["location"] + "/fil"):
            assert client.get(address).status_code == 403
    app.state.jobs.shutdown()


def test_the_same_report_asked_twice_is_one_job(tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    try:
        first = runner.submit("ana", "area", "a.pdf", (30.0,), key="area:a.pdf:da")
        again = runner.submit("ana", "area", "a.pdf", (30.0,), key="area:a.pdf:da")
        english = runner.submit("ana", "area", "a.pdf", (30.0,), key="area:a.pdf:en")
        theirs = runner.submit("bo", "area", "a.pdf", (30.0,), key="area:a.pdf:da")
        assert again.id == first.id
        assert len({first.id, english.id, theirs.id}) == 3
    finally:
        runner.shutdown()


def test_a_report_renders_at_a_lower_priority_than_the_pages(tmp_path: Path) -> None:
    runner = JobRunner(tmp_path / "jobs", target=write_niceness, workers=1, per_user=2)
    try:
        job = runner.submit("ana", "area", "a.pdf", ())
        assert _wait(runner, job.id, "ana", {"done"}) == "done"
        assert int(job.path.read_text(encoding="ascii")) >= os.nice(0) + 10
    finally:
        runner.shutdown()


def test_ten_first_reports_at_once_share_one_runner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runner is made at the first job; made twice, the first one's jobs were lost."""

    class SlowToMake(JobRunner):  # widens the window in which a second one could be made
        def __init__(self, *args: object, **kwargs: object) -> None:
            time.sleep(0.05)
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("bosocdata.web.jobs.routes.JobRunner", SlowToMake)
    app = SimpleNamespace(state=SimpleNamespace(jobs_folder=tmp_path / "jobs"))
    with ThreadPoolExecutor(10) as pool:
        runners = list(pool.map(lambda _: runner_of(app), range(10)))  # type: ignore[arg-type]
    assert len({id(r) for r in runners}) == 1
    runners[0].shutdown()
