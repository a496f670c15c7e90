"""The scoring context of a recorded question: its bank entry when it has one, else the nearest."""
from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from core.scoring import QuestionContext, context_for_text
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
    return await context_for(db, session, record.question_text, record.bank_key)
