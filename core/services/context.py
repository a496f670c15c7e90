"""The scoring context of a recorded question: its bank entry when it has one, else the nearest."""
from __future__ import annotations

import asyncio

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.scoring import QuestionContext, context_for_text, context_from_bank
from core.services.bank import to_bank_question
from db.models import BankQuestionRow, InterviewRecord, InterviewSession


async def context_for(db: AsyncSession, session: InterviewSession, question: str,
                      bank_key: str | None) -> QuestionContext:
    if bank_key:
        row = (await db.execute(select(BankQuestionRow).where(
            BankQuestionRow.key == bank_key, BankQuestionRow.language == session.language))).scalar_one_or_none()
        if row is not None:
            ctx = context_from_bank(to_bank_question(row))
            if ctx.text != question:  # personalised wording of a bank question keeps its key points
                ctx = QuestionContext(**{**ctx.__dict__, "text": question})
            return ctx
    return await asyncio.to_thread(context_for_text, question, session.language, session.position_slug)


async def context_for_record(db: AsyncSession, session: InterviewSession, record: InterviewRecord
                             ) -> QuestionContext:
    return await context_for(db, session, record.question_text, record.bank_key)
