"""PDF reports as background jobs: a bounded pool of worker processes, a queue with a
per-user limit, progress on a page, the finished file kept for a while, cancellation,
and a clean stop. See runner.py; the pages are routes.py."""

from bosocdata.web.jobs.runner import Job, JobRunner, JobsBusy, TooManyJobs

__all__ = ["Job", "JobRunner", "JobsBusy", "TooManyJobs"]
