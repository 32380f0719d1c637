"""The job runner: at most `workers` reports render at once, each in a process of its
own; the rest wait in a queue, at most `per_user` jobs per user and `max_queued` in all.

A job is `queued`, `running`, then `done` (its file is kept `keep_seconds` for
download), `failed` or `cancelled`. Cancelling a running job terminates its process.
`shutdown()` (the application's lifespan end, i.e. SIGTERM to `bosoc serve`) terminates
every running worker and waits for each at most a few seconds, so the server stops
within seconds whatever is rendering.

Processes come from the `forkserver` start method: a small server process, started on
first use with the report modules already imported, forks each worker. Forking the web
server itself (threads, open DuckDB connections) would not be safe, and `spawn` would
import WeasyPrint anew for every job.
"""

from __future__ import annotations

import logging
import multiprocessing

# Imported now, not when the first job starts: a server that drops its privileges after
# its imports (tests/security/test_zones.py) may not read the standard library later.
import multiprocessing.forkserver
import multiprocessing.popen_fork
import multiprocessing.popen_forkserver
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from bosocdata.settings import whole_number_setting

log = logging.getLogger(__name__)
TICK_SECONDS = 0.25
STOP_SECONDS = 3.0
"""How long a terminated worker is waited for before it is killed."""
MAX_QUEUED = 100
WORKER_NICENESS = 10
"""Reports render at a lower CPU priority than the server's pages: on a small machine two
renders would otherwise take both cores from the readers of pages."""
FAILED_EXIT = "the report could not be made"


class TooManyJobs(Exception):
    """The user has `per_user` jobs queued or running already."""


class JobsBusy(Exception):
    """The queue is full for everyone."""


@dataclass
class Job:
    id: str
    owner: str
    kind: str
    filename: str
    path: Path
    created: float
    state: str = "queued"
    started: float | None = None
    finished: float | None = None
    args: tuple[Any, ...] = field(default=(), repr=False)
    key: str = ""
    process: BaseProcess | None = field(default=None, repr=False)
    subject: tuple[str, str] = ("", "")  # (period, area id or ""): what its page names
    areas: frozenset[str] | None = None
    """The areas the user could see when asking (None: every area): the report holds no
    other, and is handed over only while the user may still see them all."""

    @property
    def active(self) -> bool:
        return self.state in ("queued", "running")

    def stage(self) -> str | None:
        try:
            return self.path.with_name(self.path.name + ".stage").read_text(encoding="utf-8")
        except OSError:
            return None


STALE_SECONDS = 24 * 3600


def _folder(parent: Path) -> Path:
    """A private folder (0700) of this runner under `parent`, where folders of runners
    that ended without cleaning up (a crash) are removed after a day; a private temporary
    folder when `parent` cannot be written (a server that may not write its home)."""
    try:
        parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        for old in parent.iterdir():
            if old.is_dir() and time.time() - old.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(old, ignore_errors=True)
        return Path(tempfile.mkdtemp(prefix="run-", dir=parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix="bosoc-jobs-"))


JOB_SETTINGS = ("web_pdf_workers", "web_jobs_per_user", "web_job_keep_minutes")


def check_job_settings() -> None:
    """Read the report jobs' settings now, so that a bad value stops `bosoc serve` at
    start with one line (exit 2) rather than failing the first PDF someone asks for."""
    for name in JOB_SETTINGS:
        whole_number_setting(name)


class JobRunner:
    def __init__(
        self,
        folder: Path,
        *,
        target: Callable[..., None],
        workers: int | None = None,
        per_user: int | None = None,
        keep_seconds: float | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.folder = _folder(folder)
        self.target = target
        self.workers = workers or whole_number_setting("web_pdf_workers")
        self.per_user = per_user or whole_number_setting("web_jobs_per_user")
        minutes = whole_number_setting("web_job_keep_minutes")
        self.keep_seconds = keep_seconds if keep_seconds is not None else minutes * 60.0
        self.clock = clock
        self.jobs: dict[str, Job] = {}
        self.queue: deque[str] = deque()
        self.lock = threading.Lock()
        forkserver = multiprocessing.get_context("forkserver")
        forkserver.set_forkserver_preload(["bosocdata.web.jobs.worker"])
        self.context: Any = forkserver  # the forkserver's, or fork's after a fallback
        self._stopping = threading.Event()
        self._ticker: threading.Thread | None = None

    # -- asking ---------------------------------------------------------------------------

    def submit(
        self,
        owner: str,
        kind: str,
        filename: str,
        args: tuple[Any, ...],
        key: str = "",
        subject: tuple[str, str] = ("", ""),
        areas: frozenset[str] | None = None,
    ) -> Job:
        """Queue a report; refused when the user or everyone has too many waiting. The same
        report (`key`) asked again by the same user while it waits, renders or is kept is
        that job again: a second click queues nothing."""
        with self.lock:
            self._pump()
            for earlier in self.jobs.values():
                same = key and earlier.key == key and earlier.owner == owner
                if same and earlier.state in ("queued", "running", "done"):
                    return earlier
            mine = [j for j in self.jobs.values() if j.owner == owner and j.active]
            if len(mine) >= self.per_user:
                raise TooManyJobs(len(mine))
            if len(self.queue) >= MAX_QUEUED:
                raise JobsBusy()
            job_id = secrets.token_urlsafe(16)
            job = Job(
                job_id,
                owner,
                kind,
                filename,
                self.folder / f"{job_id}.pdf",
                self.clock(),
                args=args,
                key=key,
                subject=subject,
                areas=areas,
            )
            self.jobs[job_id] = job
            self.queue.append(job_id)
            self._pump()
        self._ensure_ticker()
        return job

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job, if it is `owner`'s (another user's job is as if it did not exist)."""
        with self.lock:
            self._pump()
            job = self.jobs.get(job_id)
        return job if job is not None and job.owner == owner else None

    def position(self, job: Job) -> int:
        """1 for the next to start; 0 when not queued."""
        with self.lock:
            return self.queue.index(job.id) + 1 if job.id in self.queue else 0

    def cancel(self, job_id: str, owner: str) -> bool:
        with self.lock:
            job = self.jobs.get(job_id)
            if job is None or job.owner != owner or not job.active:
                return False
            if job.id in self.queue:
                self.queue.remove(job.id)
            if job.process is not None:
                _stop(job.process)
            job.state, job.finished, job.args = "cancelled", self.clock(), ()
            self._remove_files(job)
            self._pump()
            return True

    def running(self) -> int:
        with self.lock:
            return sum(j.state == "running" for j in self.jobs.values())

    # -- the machinery --------------------------------------------------------------------

    def _pump(self) -> None:
        """Under the lock: note finished workers, start queued jobs, forget old jobs."""
        now = self.clock()
        for job in self.jobs.values():
            process = job.process
            if job.state == "running" and process is not None and not process.is_alive():
                process.join(0)
                ok = process.exitcode == 0 and job.path.exists()
                job.state, job.finished, job.process = ("done" if ok else "failed"), now, None
                if hasattr(process, "close"):
                    process.close()
        running = sum(j.state == "running" for j in self.jobs.values())
        while self.queue and running < self.workers and not self._stopping.is_set():
            job = self.jobs[self.queue.popleft()]
            process = self._start(job)
            job.process, job.state, job.started, job.args = process, "running", now, ()
            running += 1
        for job in list(self.jobs.values()):
            if (
                not job.active
                and job.finished is not None
                and now - job.finished > self.keep_seconds
            ):
                self._remove_files(job)
                del self.jobs[job.id]

    def _start(self, job: Job) -> BaseProcess:
        args = (self.target, *job.args, str(job.path))
        try:
            process = self.context.Process(target=_niced, args=args, daemon=True)
            process.start()
        except (OSError, EOFError, RuntimeError) as problem:
            # No forkserver (its interpreter cannot be started, e.g. a server that dropped
            # its privileges and may not run the Python it was started with): fork the
            # server itself. The child only renders and touches none of its connections.
            log.warning("report workers fall back to fork: %s", problem)
            self.context = multiprocessing.get_context("fork")
            process = self.context.Process(target=_niced, args=args, daemon=True)
            process.start()
        return process

    def _remove_files(self, job: Job) -> None:
        for path in (
            job.path,
            job.path.with_name(job.path.name + ".tmp"),
            job.path.with_name(job.path.name + ".stage"),
        ):
            path.unlink(missing_ok=True)

    def _ensure_ticker(self) -> None:
        """A thread that starts queued jobs as workers finish, even with nobody asking."""
        if self._ticker is not None and self._ticker.is_alive():
            return
        self._ticker = threading.Thread(target=self._tick, name="bosoc-jobs", daemon=True)
        self._ticker.start()

    def _tick(self) -> None:
        while not self._stopping.wait(TICK_SECONDS):
            with self.lock:
                self._pump()
                if not any(j.active for j in self.jobs.values()):
                    self._ticker = None
                    return

    def shutdown(self) -> None:
        """Terminate every worker (a few seconds at most) and delete the files."""
        self._stopping.set()
        with self.lock:
            processes = [j.process for j in self.jobs.values() if j.process is not None]
            for process in processes:  # all at once, then wait for them together
                if process.is_alive():
                    process.terminate()
            deadline = time.monotonic() + STOP_SECONDS
            for process in processes:
                process.join(max(0.0, deadline - time.monotonic()))
                if process.is_alive():
                    process.kill()
                    process.join(1)
            for job in self.jobs.values():
                job.process = None
                if job.active:
                    job.state = "cancelled"
            self.queue.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


def _niced(target: Callable[..., None], *args: Any) -> None:
    """In the worker process: lower its priority (WORKER_NICENESS), then do the work."""
    os.nice(WORKER_NICENESS)
    target(*args)


def _stop(process: BaseProcess) -> None:
    """Terminate (SIGTERM), then kill (SIGKILL) what does not stop within STOP_SECONDS."""
    if process.is_alive():
        process.terminate()
        process.join(STOP_SECONDS)
        if process.is_alive():
            process.kill()
            process.join(1)
