"""arq jobs: thin wrappers around core services, with retries that never leave work pending forever."""
from __future__ import annotations

import logging
from typing import Any

from arq import Retry

from core.config import settings
from core.services import evaluation, reports
from core.services.personalize import personalize_session

log = logging.getLogger(__name__)
# The report waits for pending evaluations, retrying each second, for about a minute.
REPORT_MAX_TRIES = 60


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


async def build_report(ctx: dict[str, Any], session_id: int) -> str:
    try:
        return await reports.build_session_report(session_id)
    except reports.EvaluationsPending as exc:
        if ctx.get("job_try", 1) >= REPORT_MAX_TRIES:
            # Whatever is still unscored is reported as such rather than waiting forever.
            return await reports.build_session_report(session_id, allow_pending=True)
        raise Retry(defer=1) from exc


async def personalize_questions(ctx: dict[str, Any], session_id: int) -> str:
    return await personalize_session(session_id)

