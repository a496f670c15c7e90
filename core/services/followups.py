"""Follow-up questions written from what the candidate actually said."""
from __future__ import annotations

import asyncio
import logging

from core.followup import make_follow_up
from core.llm import get_llm
from core.llm import write_follow_up as llm_write
from core.scoring import evaluate_answer
from core.services.context import context_for
from db.engine import db_session
from db.models import InterviewRecord, InterviewSession

log = logging.getLogger(__name__)


async def write_follow_up(session: InterviewSession, parent: InterviewRecord | None, question: str, answer: str,
                          *, asked: list[str]) -> str:
    async with db_session() as db:
        ctx = await context_for(db, session, question, parent.bank_key if parent else None)
    evaluation = parent.evaluation if parent and parent.evaluation and "overall" in parent.evaluation else None
    if evaluation is None:
        evaluation = await asyncio.to_thread(evaluate_answer, ctx, answer)
    llm_text = await _llm_follow_up(question, answer, evaluation.get("missed_key_points", []), session.language)
    if llm_text and llm_text not in asked:
        return llm_text
    return await asyncio.to_thread(make_follow_up, ctx, answer, evaluation, asked=asked)


async def _llm_follow_up(question: str, answer: str, missed: list[str], language: str) -> str | None:
    if get_llm() is None:
        return None
    try:
        return await llm_write(question, answer, missed, language)
    except Exception:  # noqa: BLE001 - an LLM failure must never cost the candidate their follow-up
        log.exception("LLM follow-up failed; using the rule-based one")
        return None
