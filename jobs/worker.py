"""arq WorkerSettings: the worker owns its engine and models; jobs are thin calls into core."""
from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Any

from arq import cron, func

from core.config import settings
from core.queue import close_pool, enqueue, redis_settings
from jobs import tasks

log = logging.getLogger(__name__)


async def startup(ctx: dict[str, Any]) -> None:
    from core.scoring import warm_up

    # Jobs are not user-facing: they get a longer statement budget than API requests.
    settings.db_command_timeout_seconds = settings.db_worker_timeout_seconds
    # Load the embedder, the bank index and the bank's embedded wrong claims once per worker process, off the loop.
    await asyncio.to_thread(warm_up)
    await sweep_pending(ctx)


async def shutdown(ctx: dict[str, Any]) -> None:
    from db.engine import dispose_engine

    await close_pool()
    await dispose_engine()


async def sweep_pending(ctx: dict[str, Any]) -> int:
    """Work saved while the queue was unreachable runs now: answers to evaluate, reports to build.
    Job ids make this idempotent."""
    from core.services.answers import evaluation_job_id, pending_unqueued
    from core.services.reports import stuck_reports
    from db.engine import db_session

    async with db_session() as db:
        records = await pending_unqueued(db, older_than_seconds=5)
        sessions = await stuck_reports(db, older_than_seconds=settings.report_sweep_after_seconds)
    for rec in records:
        attempt = int((rec.transcript or {}).get("evaluation_attempt", 0))
        await enqueue("evaluate_answer", rec.id, job_id=evaluation_job_id(rec, attempt))
    # One new attempt per stuck report per sweep window, never two at once (the id names the window).
    window = int(time.time() // max(settings.report_sweep_after_seconds, 1))
    for session_id in sessions:
        await enqueue("build_report", session_id, job_id=f"report:{session_id}:sweep:{window}")
    return len(records) + len(sessions)


class WorkerSettings:
    functions = [
        func(tasks.evaluate_answer, name="evaluate_answer", max_tries=settings.job_max_tries),
        func(tasks.build_report, name="build_report", max_tries=tasks.REPORT_MAX_TRIES),
        func(tasks.personalize_questions, name="personalize_questions", max_tries=1),
        func(tasks.prepare_follow_up, name="prepare_follow_up", max_tries=settings.job_max_tries),
    ]
    cron_jobs = [cron(sweep_pending, second=set(range(0, 60, 10)), run_at_startup=False, unique=True)]
    on_startup = startup
    on_shutdown = shutdown
    job_timeout = settings.job_timeout_seconds
    max_tries = settings.job_max_tries
    health_check_interval = settings.worker_heartbeat_seconds
    poll_delay = 0.05
    max_jobs = settings.worker_max_jobs
    keep_result = 3600


def _lower_priority(increment: int) -> None:
    """Scoring yields the CPU to request handling (serve, PostgreSQL) on a shared machine; set before any
    thread starts, so the scoring threads inherit it."""
    if increment <= 0:
        return
    try:
        os.nice(min(increment, 19))
    except OSError as exc:  # not permitted here: run at normal priority
        log.warning("could not lower the worker's CPU priority: %s", exc)


def run(burst: bool = False) -> None:
    """Run a worker in this process until SIGINT/SIGTERM (arq handles both)."""
    from arq.worker import run_worker

    _lower_priority(settings.worker_niceness)
    run_worker(WorkerSettings, redis_settings=redis_settings(), burst=burst)  # type: ignore[arg-type]
