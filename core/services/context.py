"""The scoring context of a recorded question: its bank entry when it has one, else the nearest."""
from __future__ import annotations

import asyncio
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from core.scoring import QuestionContext, context_for_text, follow_up_context
from core.services.bank import bank_context
from db.models import InterviewRecord, InterviewSession


async def context_for(db: AsyncSession, session: InterviewSession, question: str,
                      bank_key: str | None) -> QuestionContext:
    if bank_key:
        found = await bank_context(db, bank_key, session.language)
        if found is not None:
            ctx = found
            if ctx.text != question:  # personalised wording of a bank question keeps its key points
                ctx = QuestionContext(**{**ctx.__dict__, "text": question})
            return ctx
    return await asyncio.to_thread(context_for_text, question, session.language, session.position_slug)


async def context_for_record(db: AsyncSession, session: InterviewSession, record: InterviewRecord
                             ) -> QuestionContext:
    if record.source == "follow_up" and record.parent_id is not None:
        parent = await db.get(InterviewRecord, record.parent_id)
        if parent is not None:
            return await _follow_up_context(db, session, record, parent)
    return await context_for(db, session, record.question_text, record.bank_key)


async def _follow_up_context(db: AsyncSession, session: InterviewSession, record: InterviewRecord,
                             parent: InterviewRecord) -> QuestionContext:
    """A follow-up is graded on what it asks about its parent: the parent bank question's points it names, or
    (a parent outside the bank) the parent's own context; its wording ("Thanks. You didn't mention X — …")
    names no topic of its own."""
    if parent.bank_key:
        ctx = await asyncio.to_thread(follow_up_context, record.question_text, session.language, parent.bank_key,
                                      session.position_slug)
        if ctx is not None:
            return ctx
    parent_ctx = await context_for_record(db, session, parent)
    return replace(parent_ctx, text=record.question_text, model_answer=None, alt_model_answer=None, bank_key=None,
                   follow_ups=())
