"""arq jobs: thin wrappers around core services, with retries that never leave work pending forever."""
from __future__ import annotations

import logging
from typing import Any

from arq import Retry

from core import events
from core.config import settings
from core.services import evaluation, followups, reports
from core.services.personalize import personalize_session

log = logging.getLogger(__name__)
# The last evaluation of an ended session enqueues its report (core/services/evaluation.py), so a report job
# that finds answers still being scored only retries slowly, as a safety net: every 10 s for about 2 minutes.
REPORT_MAX_TRIES = 12
REPORT_RETRY_SECONDS = 10


async def evaluate_answer(ctx: dict[str, Any], record_id: int) -> str:
    try:
        return await evaluation.evaluate_record(record_id)
    except Exception as exc:
        if ctx.get("job_try", 1) >= settings.job_max_tries:
            log.exception("evaluation of record %s failed for good", record_id)
            await evaluation.mark_failed(record_id, f"{type(exc).__name__}: {exc}")
            return "failed"
        log.warning("evaluation of record %s failed (try %s): %s", record_id, ctx.get("job_try"), exc)
        raise Retry(defer=ctx.get("job_try", 1) * 2) from exc


async def prepare_follow_up(ctx: dict[str, Any], record_id: int) -> str:
    return await followups.prepare_record(record_id)


async def build_report(ctx: dict[str, Any], session_id: int) -> str:
    try:
        result = await reports.build_session_report(session_id)
    except reports.EvaluationsPending as exc:
        if ctx.get("job_try", 1) >= REPORT_MAX_TRIES:
            # Whatever is still unscored is reported as such rather than waiting forever.
            result = await reports.build_session_report(session_id, allow_pending=True)
        else:
            raise Retry(defer=REPORT_RETRY_SECONDS) from exc
    if result == "ready":
        await events.publish(session_id, events.REPORT_READY)
    return result


async def personalize_questions(ctx: dict[str, Any], session_id: int) -> str:
    return await personalize_session(session_id)
