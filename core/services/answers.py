"""Answer submission: commit first, then enqueue; same answer twice is the same submission."""
from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core import events, queue
from core.errors import Conflict, Invalid, NotFound
from core.state import transition
from db.models import InterviewRecord, InterviewSession, StateHistory, User, utcnow


def answer_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()


def evaluation_job_id(record: InterviewRecord, attempt: int = 0) -> str:
    return f"eval:{record.id}:{(record.answer_hash or '')[:16]}:{attempt}"


async def owned_record(db: AsyncSession, user: User, record_id: int, *, for_update: bool = False
                       ) -> tuple[InterviewRecord, InterviewSession]:
    # One statement for the record and its session, the ownership rule in the join (admins see every session);
    # only the record's row is locked. Someone else's record is "not found", as a missing one.
    q = (select(InterviewRecord, InterviewSession)
         .join(InterviewSession, InterviewSession.id == InterviewRecord.session_id)
         .where(InterviewRecord.id == record_id))
    if user.role != "admin":
        q = q.where(InterviewSession.user_id == user.id)
    if for_update:
        q = q.with_for_update(of=InterviewRecord)
    row = (await db.execute(q)).one_or_none()
    if row is None:
        raise NotFound("Question record not found.", code="RECORD_NOT_FOUND")
    return row[0], row[1]


async def submit_answer(db: AsyncSession, user: User, record_id: int, answer_text: str,
                        *, transcript: dict | None = None, speech_metrics: dict | None = None
                        ) -> tuple[InterviewRecord, InterviewSession, bool]:
    """Save the answer and queue its evaluation. Returns (record, session, newly_saved)."""
    text = answer_text.strip()
    if not text:
        raise Invalid("answer_text: the answer is empty.", code="EMPTY_ANSWER")
    rec, s = await owned_record(db, user, record_id, for_update=True)
    if s.status != "in_progress":
        raise Conflict("This interview has ended; answers can no longer be changed.", code="SESSION_ENDED")
    digest = answer_hash(text)
    attempt = int((rec.transcript or {}).get("evaluation_attempt", 0))
    if rec.answer_text is not None and rec.answer_hash == digest:
        if rec.evaluation_status == "failed":  # resubmitting is how a client retries a failed evaluation
            attempt += 1
            rec.evaluation_status = "pending"
            rec.transcript = {**(rec.transcript or {}), "evaluation_attempt": attempt}
            db.add(rec)
            await db.commit()
            await queue.enqueue("evaluate_answer", rec.id, job_id=evaluation_job_id(rec, attempt))
        else:
            await db.commit()  # nothing changed; ends the transaction and its row lock
        return rec, s, False
    retry_allowed = s.next_action == "retry" and await _retry_target(db, s) == rec.id
    if rec.answer_text is not None and not retry_allowed:
        raise Conflict("This question already has a different answer.", code="ANSWER_EXISTS")
    rec.answer_text, rec.answer_hash, rec.answered_at = text, digest, utcnow()
    rec.evaluation_status, rec.evaluation = "pending", None
    if transcript is not None:
        rec.transcript = transcript
    if speech_metrics is not None:
        rec.speech_metrics = speech_metrics
    rec.draft_answer = None
    db.add(rec)
    transition(db, s, stage="evaluation", next_action=s.next_action if retry_allowed else "next_question",
               intent="answer_retried" if retry_allowed else "answer_submitted", record_id=rec.id,
               retry_count=s.retry_count + (1 if retry_allowed else 0))
    await db.commit()  # the answer is safe before any job exists
    events.hub.notify(s.id, events.ANSWERED, record_id=rec.id)  # a live call on this record moves on at once
    await queue.enqueue("evaluate_answer", rec.id, job_id=evaluation_job_id(rec, attempt))
    return rec, s, True  # s holds what was just committed (expire_on_commit is off): no refresh round trip


async def _retry_target(db: AsyncSession, s: InterviewSession) -> int | None:
    """The record whose evaluation asked for a retry (the latest evaluated one)."""
    q = (select(StateHistory.record_id).where(StateHistory.session_id == s.id,
                                              StateHistory.intent == "answer_evaluated")
         .order_by(StateHistory.id.desc()).limit(1))
    return (await db.execute(q)).scalar_one_or_none()


async def open_for_answer(db: AsyncSession, rec: InterviewRecord) -> bool:
    """Unanswered, or the answered question the interview has offered a retry for."""
    if rec.answer_text is None:
        return True
    s = await db.get(InterviewSession, rec.session_id)
    return (s is not None and s.status == "in_progress" and s.next_action == "retry"
            and await _retry_target(db, s) == rec.id)


def starts_new_draft(rec: InterviewRecord) -> bool:
    """A retried question drafts from scratch; the submitted answer's transcript is not continued."""
    return rec.answer_text is not None and rec.draft_answer is None


async def save_draft(db: AsyncSession, record_id: int, draft: str, transcript: dict | None = None) -> None:
    """Live STT's final transcript becomes the draft the candidate can edit before submitting."""
    rec = await db.get(InterviewRecord, record_id)
    if rec is None or not await open_for_answer(db, rec):
        return
    rec.draft_answer = draft
    if transcript is not None:
        rec.transcript = {**(rec.transcript or {}), **transcript}
    db.add(rec)
    await db.commit()


async def save_typed_draft(db: AsyncSession, user: User, record_id: int, draft: str) -> bool:
    """What the candidate has typed so far, kept on the server so a reload or a new tab restores it.

    Returns False when the question no longer takes an answer (answered, or the interview ended).
    """
    rec, s = await owned_record(db, user, record_id, for_update=True)
    if s.status != "in_progress" or not await open_for_answer(db, rec):
        await db.rollback()
        return False
    if rec.answer_text is not None and draft.strip() == rec.answer_text.strip():
        await db.rollback()  # a retry's box starts with the old answer: that is not a new draft yet
        return True
    rec.draft_answer = draft
    db.add(rec)
    await db.commit()
    return True


async def pending_unqueued(db: AsyncSession, older_than_seconds: int = 10, limit: int = 200) -> list[InterviewRecord]:
    from datetime import timedelta

    cutoff = utcnow() - timedelta(seconds=older_than_seconds)
    q = select(InterviewRecord).where(InterviewRecord.evaluation_status == "pending",
                                      InterviewRecord.answered_at < cutoff).limit(limit)
    return list((await db.execute(q)).scalars())
