"""Interview sessions: create with questions, read state, follow-ups, end, results, erase."""
from __future__ import annotations

import logging
import re

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core import events, queue
from core.errors import Invalid, NotFound
from core.question_bank.positions import resolve_position
from core.services.selection import select_questions
from core.state import state_of, transition
from db.models import InterviewRecord, InterviewSession, StateHistory, User, utcnow

log = logging.getLogger(__name__)
_HANGUL = re.compile(r"[가-힣]")


def guess_language(*texts: str | None) -> str:
    """The seed sends no language; Korean text in its fields means a Korean interview."""
    return "ko" if any(t and _HANGUL.search(t) for t in texts) else "en"


async def create_session(db: AsyncSession, user: User, data: dict, *, request_key: str | None = None
                         ) -> InterviewSession:
    """`request_key` (one per start form) makes a repeated click return the session it already created."""
    if request_key:
        existing = await _session_by_request_key(db, user, request_key)
        if existing is not None:
            return existing
    language = data.get("language") or guess_language(data["position"], data["user_name"])
    slug = resolve_position(data["position"])
    # Questions first (plain reads, ranking in a thread): nothing is written for a request that gets none.
    picks = await select_questions(db, position=slug, language=language, difficulty=data.get("difficulty", 2),
                                   count=data["question_count"], resume_text=data.get("resume_text"),
                                   job_description=data.get("job_description"))
    if not picks:
        await db.rollback()
        raise Invalid(f"No questions are available for position '{data['position']}' in '{language}'.",
                      code="NO_QUESTIONS")
    s = InterviewSession(
        user_id=user.id, user_name=data["user_name"], position=data["position"], position_slug=slug,
        language=language, difficulty=data.get("difficulty", 2), question_count=data["question_count"],
        scenario="timed" if data.get("timed") else "standard", stage="intro", next_action="next_question",
        resume_text=data.get("resume_text"), job_description=data.get("job_description"), ended_at=None,
        settings={"timed": bool(data.get("timed")), "prep_seconds": data.get("prep_seconds", 30),
                  "answer_seconds": data.get("answer_seconds", 90),
                  **({"request_key": request_key} if request_key else {})})
    s.question_count = len(picks)  # the main-question count the candidate sees never changes after this
    db.add(s)
    await db.flush()
    for order, p in enumerate(picks, 1):
        db.add(InterviewRecord(session_id=s.id, order=order, question_text=p.row.text, question_kind=p.row.kind,
                               bank_key=p.row.key, source="bank", selection_reason=p.reason))
    transition(db, s, stage="intro", next_action="next_question", intent="session_created")
    await db.commit()  # every column was set here (expire_on_commit is off): no refresh round trip
    if s.resume_text or s.job_description:
        # With an LLM configured, the worker may personalise questions the candidate hasn't seen yet.
        await queue.enqueue("personalize_questions", s.id, job_id=f"personalize:{s.id}")
    return s


async def _session_by_request_key(db: AsyncSession, user: User, request_key: str) -> InterviewSession | None:
    # Serialise concurrent starts of one user (a double-click's two requests) on the user's row.
    await db.execute(select(User.id).where(User.id == user.id).with_for_update())
    q = select(InterviewSession).where(InterviewSession.user_id == user.id,
                                       InterviewSession.settings["request_key"].astext == request_key)
    return (await db.execute(q.limit(1))).scalar_one_or_none()


def main_questions(records: list[InterviewRecord]) -> list[InterviewRecord]:
    """The planned questions in order; follow-ups belong to their parent and are not counted."""
    return [r for r in records if r.source != "follow_up"]


async def get_owned_session(db: AsyncSession, user: User, session_id: int, *, for_update: bool = False
                            ) -> InterviewSession:
    q = select(InterviewSession).where(InterviewSession.id == session_id)
    if user.role != "admin":
        q = q.where(InterviewSession.user_id == user.id)
    if for_update:
        q = q.with_for_update()
    s = (await db.execute(q)).scalar_one_or_none()
    if s is None:
        raise NotFound("Interview session not found.", code="SESSION_NOT_FOUND")
    return s


async def list_sessions(db: AsyncSession, user: User, limit: int = 100, offset: int = 0,
                        all_users: bool = False) -> list[InterviewSession]:
    q = select(InterviewSession).order_by(InterviewSession.created_at.desc(), InterviewSession.id.desc())
    if not all_users:
        q = q.where(InterviewSession.user_id == user.id)
    return list((await db.execute(q.limit(limit).offset(offset))).scalars())


async def records_of(db: AsyncSession, session_id: int) -> list[InterviewRecord]:
    q = select(InterviewRecord).where(InterviewRecord.session_id == session_id).order_by(
        InterviewRecord.order, InterviewRecord.id)
    return list((await db.execute(q)).scalars())


async def session_status(db: AsyncSession, user: User, session_id: int) -> dict:
    s = await get_owned_session(db, user, session_id)
    records = await records_of(db, s.id)
    return {"session_id": s.id, "status": s.status, "total_questions": len(records),
            "answered_questions": sum(r.answer_text is not None for r in records),
            "pending_evaluations": sum(r.evaluation_status == "pending" for r in records),
            "current_stage": s.stage, "next_action": s.next_action, "state": state_of(s)}


async def questions(db: AsyncSession, user: User, session_id: int) -> list[InterviewRecord]:
    s = await get_owned_session(db, user, session_id)
    records = await records_of(db, s.id)
    if s.stage == "intro" and s.status == "in_progress":
        transition(db, s, stage="question", next_action=s.next_action, intent="questions_viewed")
        await db.commit()
    return records


def current_record(records: list[InterviewRecord]) -> InterviewRecord | None:
    """The first question without an answer, in interview order."""
    return next((r for r in records if r.answer_text is None), None)


async def add_follow_up(db: AsyncSession, user: User, session_id: int, question: str | None,
                        answer: str | None) -> tuple[InterviewRecord, InterviewSession]:
    """Insert the follow-up the worker prepared (core/services/followups.py): no scoring here, lock held briefly."""
    from core.services import followups

    return await followups.add(db, user, session_id, question, answer)


async def end_session(db: AsyncSession, user: User, session_id: int) -> InterviewSession:
    s = await get_owned_session(db, user, session_id, for_update=True)
    if s.status != "completed":
        s.status = "completed"
        s.ended_at = utcnow()
        s.report_status = "pending"
        transition(db, s, stage="complete", next_action="show_results", intent="session_ended")
        await db.commit()
        events.hub.notify(s.id, events.ENDED)  # a live call of this session hangs up at once
    await queue.enqueue("build_report", s.id, job_id=f"report:{s.id}:end")
    await db.refresh(s)
    return s


async def results(db: AsyncSession, user: User, session_id: int) -> tuple[InterviewSession, list[InterviewRecord]]:
    s = await get_owned_session(db, user, session_id)
    return s, await records_of(db, s.id)


async def history(db: AsyncSession, user: User, session_id: int) -> list[StateHistory]:
    s = await get_owned_session(db, user, session_id)
    q = select(StateHistory).where(StateHistory.session_id == s.id).order_by(StateHistory.id)
    return list((await db.execute(q)).scalars())


async def delete_session(db: AsyncSession, user: User, session_id: int) -> None:
    s = await get_owned_session(db, user, session_id)
    await db.execute(delete(InterviewSession).where(InterviewSession.id == s.id))
    await db.commit()


async def count_sessions(db: AsyncSession) -> int:
    return int((await db.execute(select(func.count()).select_from(InterviewSession))).scalar_one())
