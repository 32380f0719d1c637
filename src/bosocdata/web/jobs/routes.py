"""The pages of a report job: `/rapporter/{id}` (progress, refreshed every 2 s while it
waits or renders; then the download link), `/rapporter/{id}/fil` (the file, to its owner
only) and `POST /rapporter/{id}/annuller`.

A job is made by the PDF routes under `/eksport/pdf/` (web/export.py), which the guard
lets only users with the export right reach and writes to the audit log; the job pages
hand over nothing but the job's own file, and only to the user who asked for it, while
that user may still export and see every area the report holds: another user's job id,
or a report made before the user's areas were narrowed, answers as an unknown one (404).
The download is an export (auth/context.py): audited, and refused to a viewer.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from bosocdata.presentation import evaluation_view as ev
from bosocdata.presentation import queries as q
from bosocdata.presentation.cells import area_name
from bosocdata.web.auth.context import auth_of
from bosocdata.web.downloads import content_disposition
from bosocdata.web.jobs.runner import Job, JobRunner, JobsBusy, TooManyJobs
from bosocdata.web.rendering import PageError, render, translator_for, zone_of

router = APIRouter()
PAGE = "/rapporter/{job_id}"


_FIRST_JOB = threading.Lock()


def runner_of(app: FastAPI) -> JobRunner:
    """The application's runner, made at the first job (no folder before it is needed).

    Made under a lock: ten users asking for their first reports at once must share one
    runner, or the jobs of all but the last runner made are lost (their pages say 404)."""
    runner = getattr(app.state, "jobs", None)
    if runner is not None:
        return runner
    with _FIRST_JOB:
        runner = getattr(app.state, "jobs", None)
        if runner is None:
            from bosocdata.web.jobs.worker import render as render_report

            runner = JobRunner(app.state.jobs_folder, target=render_report)
            app.state.jobs = runner
        return runner


def start_job(
    request: Request, kind: str, filename: str, lang: str, args: tuple[Any, ...]
) -> Response:
    """Queue a report of the request's user; to its progress page.

    The worker is told the published file and the areas the user may see (worked out
    here, on the zone, as for every page) and reads them itself."""
    runner = runner_of(request.app)
    zone = request.app.state.zone
    version = zone.version(auth_of(request).scope)
    if version is None:
        raise PageError(503, "not_computed_title", "not_computed_text")
    visible = version[1]
    job_args = (kind, str(zone.path), visible, args[0], lang, *args[1:])
    try:
        # the same report of the same publication for the same areas: asked again, it is
        # the same job; after a new computation or a change of the user's areas, a new one
        key = f"{kind}:{filename}:{lang}:{version[0]}:{sorted(visible or ())}:{visible is None}"
        subject = (str(args[0]), str(args[1]))
        job = runner.submit(
            auth_of(request).actor,
            kind,
            filename,
            job_args,
            key=key,
            subject=subject,
            areas=visible,
        )
    except TooManyJobs:
        raise PageError(
            429, "jobs_busy_title", "jobs_too_many", count=str(runner.per_user)
        ) from None
    except JobsBusy:
        raise PageError(503, "jobs_busy_title", "jobs_queue_full") from None
    return RedirectResponse(f"/rapporter/{job.id}", status_code=303)


def _job(request: Request, job_id: str) -> Job:
    """The user's job, while the user may still see every area it holds: a report made
    before the user's areas were narrowed answers as an unknown one (404), as does another
    user's job."""
    job = runner_of(request.app).get(job_id[:64], auth_of(request).actor)
    if job is None or not _still_visible(request, job.areas):
        raise PageError(404, "not_found_title", "not_found_page")
    return job


def _still_visible(request: Request, areas: frozenset[str] | None) -> bool:
    version = request.app.state.zone.version(auth_of(request).scope)
    if version is None:
        return areas is not None and not areas
    now = version[1]
    if now is None:  # the user sees every area
        return True
    return areas is not None and areas <= now


def _title(request: Request, job: Job) -> str:
    """What the report is, in words ("Områdeprofil: Birkeparken, 2025"), not its file name
    (which holds the area's id)."""
    t = translator_for(request)
    period, subject = job.subject
    if job.kind == "yearly":
        return f"{t('yearly_report_title')} {period}"
    with zone_of(request).cursor() as cur:
        if job.kind == "evaluation":
            found = ev.interventions(cur).get(subject)
            return f"{t('evaluation_report_title')}: {found.name if found else subject}"
        areas = q.areas(cur)
    return f"{t('area_report_title')}: {area_name(subject, areas, t)}, {period}"


@router.get(PAGE, response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> Response:
    job = _job(request, job_id)
    runner = runner_of(request.app)
    now = time.time()
    response = render(
        request,
        "job.html",
        job=job,
        title=_title(request, job),
        position=runner.position(job),
        stage=job.stage() if job.state == "running" else None,
        waited=round(now - job.created),
        rendering=round(now - job.started) if job.started else 0,
        keep_minutes=round(runner.keep_seconds / 60),
    )
    if job.active:
        response.headers["Refresh"] = "2"  # the page follows the job without any script
    return response


@router.get(PAGE + "/fil")
def job_file(request: Request, job_id: str) -> Response:
    job = _job(request, job_id)
    if job.state != "done" or not job.path.exists():
        raise PageError(404, "not_found_title", "not_found_page")
    return FileResponse(
        job.path,
        media_type="application/pdf",
        headers={"Content-Disposition": content_disposition(job.filename)},
    )


@router.post(PAGE + "/annuller")
def job_cancel(request: Request, job_id: str) -> Response:
    job = _job(request, job_id)
    runner_of(request.app).cancel(job.id, job.owner)
    return RedirectResponse(f"/rapporter/{job.id}", status_code=303)
