"""With an LLM configured: rewrite not-yet-reached bank questions for the candidate's résumé, within budget."""
from __future__ import annotations

import asyncio
import logging

from sqlalchemy import select

from core.config import settings
from core.llm import generate_question, get_llm
from db.engine import db_session
from db.models import InterviewRecord, InterviewSession

log = logging.getLogger(__name__)


async def personalize_session(session_id: int) -> str:
    if get_llm() is None:
        return "no-llm"
    async with db_session() as db:
        s = await db.get(InterviewSession, session_id)
        if s is None:
            return "gone"
        records = list((await db.execute(select(InterviewRecord).where(
            InterviewRecord.session_id == session_id, InterviewRecord.answer_text.is_(None),  # type: ignore[union-attr]
            InterviewRecord.source == "bank", InterviewRecord.question_kind == "technical",
            InterviewRecord.order > 1).order_by(InterviewRecord.order))).scalars())
    changed = 0
    for rec in records:
        try:
            # The whole budget covers one question; a late or invalid one keeps the bank question.
            text = await asyncio.wait_for(
                generate_question(s.position_slug, s.language, s.resume_text, s.job_description,
                                  [rec.question_text]), timeout=settings.llm_timeout_seconds)
        except Exception as exc:  # noqa: BLE001
            log.info("personalised question for record %s not used: %s", rec.id, exc)
            continue
        if not text:
            continue
        async with db_session() as db:
            fresh = await db.get(InterviewRecord, rec.id, with_for_update=True)
            if fresh is None or fresh.answer_text is not None:
                continue
            fresh.selection_reason = {**(fresh.selection_reason or {}), "bank_question": fresh.question_text,
                                      "personalized": True}
            fresh.question_text, fresh.source = text, "llm"
            db.add(fresh)
            await db.commit()
            changed += 1
    return f"personalized {changed}"
