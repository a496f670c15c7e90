"""Follow-up questions written from what the candidate actually said.

The worker prepares each answer's follow-up next to its evaluation (`compose`, `prepare_record`); the API only
inserts the prepared text (`add`), holding the session row lock for a few statements. Nothing here scores,
embeds or calls an LLM on the request path, except an explicit {question, answer} body, which is composed
off the event loop and outside the lock.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import events, queue
from core.config import settings
from core.errors import Conflict
from core.followup import make_follow_up
from core.llm import get_llm
from core.llm import write_follow_up as llm_write
from core.scoring import QuestionContext, evaluate_answer, evaluate_answer_async
from core.services.context import context_for, context_for_record
from core.services.interviews import get_owned_session, records_of
from core.state import MAX_FOLLOW_UPS_ON_REQUEST, transition
from db.engine import db_session
from db.models import InterviewRecord, InterviewSession, User

log = logging.getLogger(__name__)


# ------------------------------------------------------------------ composing (worker side)
async def compose(ctx: QuestionContext, question: str, answer: str, evaluation: dict[str, Any], language: str,
                  *, asked: list[str], use_llm: bool) -> dict[str, Any]:
    """{text, method}: the LLM's question when asked for and valid, else the rule-based one."""
    if use_llm:
        llm_text = await _llm_follow_up(question, answer, evaluation.get("missed_key_points", []), language)
        if llm_text and llm_text not in asked:
            return {"text": llm_text, "method": "llm"}
    text = await asyncio.to_thread(make_follow_up, ctx, answer, evaluation, asked=asked)
    return {"text": text, "method": "rules"}


def prepared_of(rec: InterviewRecord) -> dict[str, Any] | None:
    """The follow-up the worker stored with this answer's evaluation, if it is for the current answer."""
    fu = (rec.evaluation or {}).get("follow_up")
    if isinstance(fu, dict) and fu.get("text") and fu.get("answer_hash") == rec.answer_hash:
        return fu
    return None


async def prepare_record(record_id: int) -> str:
    """Worker job: prepare the follow-up of an answer whose evaluation has none (an older evaluation, a failed
    one, or one whose text was taken meanwhile by another follow-up)."""
    async with db_session() as db:
        rec = await db.get(InterviewRecord, record_id)
        if rec is None or rec.answer_text is None:
            return "gone"
        if rec.evaluation_status == "pending":
            return "pending"  # the evaluation job prepares it with the verdict
        s = await db.get(InterviewSession, rec.session_id)
        assert s is not None
        ctx = await context_for_record(db, s, rec)
        asked = [r.question_text for r in await records_of(db, s.id)]
        answer, digest = rec.answer_text, rec.answer_hash
        evaluation = rec.evaluation if rec.evaluation_status == "done" else None
    if evaluation is None:  # a failed evaluation: score it here, in the worker, for the follow-up only
        evaluation = await evaluate_answer_async(ctx, answer)
    fu = await compose(ctx, rec.question_text, answer, evaluation, s.language, asked=asked, use_llm=True)
    async with db_session() as db:
        rec = await db.get(InterviewRecord, record_id, with_for_update=True)
        if rec is None or rec.answer_hash != digest:
            return "superseded"
        rec.evaluation = {**(rec.evaluation or {}), "follow_up": {**fu, "answer_hash": digest}}
        db.add(rec)
        await db.commit()
    await events.publish(s.id, events.FOLLOW_UP_READY, record_id=record_id)
    return "prepared"


# ------------------------------------------------------------------ inserting (API side)
async def add(db: AsyncSession, user: User, session_id: int, question: str | None, answer: str | None
              ) -> tuple[InterviewRecord, InterviewSession]:
    """POST /sessions/{id}/follow-up. Default: the follow-up the worker prepared for the latest answer, once
    per answer (a repeated or concurrent POST returns the same record). Explicit body: composed here."""
    if question is not None and answer is not None:
        return await _add_explicit(db, user, session_id, question, answer)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + settings.follow_up_wait_seconds
    # Listen before the first read: a "ready" event published between the read and the wait is not lost.
    async with events.hub.listen(session_id) as inbox:
        requested = False
        while True:
            s, records = await _open_session(db, user, session_id)
            parent = _latest_answered(records)
            existing = next((r for r in records if r.source == "follow_up" and r.parent_id == parent.id), None)
            if existing is not None:
                await db.commit()
                return existing, s
            _check_limit(records)
            asked = [r.question_text for r in records]
            fu = prepared_of(parent)
            if fu is not None and fu["text"] not in asked:
                rec = await _insert(db, s, records, parent, fu["text"],
                                    {"prepared_by": "worker", "method": fu.get("method", "rules")})
                return rec, s
            parent_id, pending = parent.id, parent.evaluation_status == "pending"
            job_id = f"followup:{parent.id}:{(parent.answer_hash or '')[:12]}:{len(asked)}"
            await db.commit()  # release the row lock before waiting for the worker
            for obj in (s, *records):
                db.expire(obj)  # the next read reloads them (the session does not expire on commit)
            if not requested and not pending:
                # Old evaluation without a prepared text, or its text was used meanwhile: the worker makes one.
                await queue.enqueue("prepare_follow_up", parent_id, job_id=job_id)
                requested = True
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise Conflict("The follow-up question is still being prepared; please retry shortly.",
                               code="FOLLOW_UP_PENDING", retry=True)
            await _wait_for(inbox, parent_id, min(remaining, 2.0))  # re-read at least every 2 s (lost events)


async def _wait_for(inbox: asyncio.Queue[dict[str, Any]], record_id: int, timeout: float) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while (left := end - loop.time()) > 0:
        try:
            event = await asyncio.wait_for(inbox.get(), left)
        except TimeoutError:
            return
        if event.get("record_id") == record_id and event.get("kind") in (events.EVALUATED, events.FOLLOW_UP_READY):
            return


async def _add_explicit(db: AsyncSession, user: User, session_id: int, question: str, answer: str
                        ) -> tuple[InterviewRecord, InterviewSession]:
    s, records = await _open_session(db, user, session_id, lock=False)
    _check_limit(records)
    await db.commit()  # no transaction (or lock) stays open while the text is composed
    text = await write_follow_up(s, None, question, answer, asked=[r.question_text for r in records])
    for obj in (s, *records):
        db.expire(obj)  # re-read under the lock below: orders may have moved meanwhile
    s, records = await _open_session(db, user, session_id)
    _check_limit(records)
    return await _insert(db, s, records, None, text, {"prepared_by": "api", "method": "explicit"}), s


async def _open_session(db: AsyncSession, user: User, session_id: int, *, lock: bool = True
                        ) -> tuple[InterviewSession, list[InterviewRecord]]:
    s = await get_owned_session(db, user, session_id, for_update=lock)
    if s.status != "in_progress":
        raise Conflict("This interview has ended.", code="SESSION_ENDED")
    return s, await records_of(db, s.id)


def _latest_answered(records: list[InterviewRecord]) -> InterviewRecord:
    answered = [r for r in records if r.answer_text]
    if not answered:
        raise Conflict("Answer a question before asking for a follow-up.", code="NOTHING_TO_FOLLOW_UP")
    return max(answered, key=lambda r: (r.answered_at or r.created_at, r.id))


def _check_limit(records: list[InterviewRecord]) -> None:
    if sum(r.source == "follow_up" for r in records) >= MAX_FOLLOW_UPS_ON_REQUEST:
        raise Conflict("This interview already has the maximum number of follow-up questions.",
                       code="FOLLOW_UP_LIMIT")


async def _insert(db: AsyncSession, s: InterviewSession, records: list[InterviewRecord],
                  parent: InterviewRecord | None, text: str, how: dict[str, str]) -> InterviewRecord:
    """Under the session row lock: place the follow-up right after its parent, commit."""
    insert_at = (parent.order + 1) if parent else (max((r.order for r in records), default=0) + 1)
    for r in records:
        if r.order >= insert_at:
            r.order += 1
            db.add(r)
    rec = InterviewRecord(session_id=s.id, order=insert_at, question_text=text,
                          question_kind=parent.question_kind if parent else "technical",
                          bank_key=None, source="follow_up", parent_id=parent.id if parent else None,
                          selection_reason={"why": "follow_up", "parent_record_id": parent.id if parent else None,
                                            **how})
    db.add(rec)
    await db.flush()
    transition(db, s, stage="question", next_action="next_question", intent="follow_up_added", record_id=rec.id)
    await db.commit()
    await db.refresh(rec)
    return rec


# ------------------------------------------------------------------ explicit question/answer (API side)
async def write_follow_up(session: InterviewSession, parent: InterviewRecord | None, question: str, answer: str,
                          *, asked: list[str]) -> str:
    """A follow-up for a question/answer pair the client sent: scored and composed in threads, no lock held."""
    async with db_session() as db:
        ctx = await context_for(db, session, question, parent.bank_key if parent else None)
    evaluation = parent.evaluation if parent and parent.evaluation and "overall" in parent.evaluation else None
    if evaluation is None:
        evaluation = await asyncio.to_thread(evaluate_answer, ctx, answer)
    fu = await compose(ctx, question, answer, evaluation, session.language, asked=asked, use_llm=True)
    return str(fu["text"])


async def _llm_follow_up(question: str, answer: str, missed: list[str], language: str) -> str | None:
    if get_llm() is None:
        return None
    try:
        return await llm_write(question, answer, missed, language)
    except Exception:  # an LLM failure must never cost the candidate their follow-up
        log.exception("LLM follow-up failed; using the rule-based one")
        return None
