"""The seed's interview contract, at root paths."""
from __future__ import annotations

from fastapi import APIRouter, Body, status

from core.api.deps import CurrentUser, DbSession
from core.api.validation import Limit, Offset, require_row_id
from core.schemas import (
    AnswerAccepted,
    AnswerSubmit,
    FollowUpPublic,
    FollowUpRequest,
    HistoryItem,
    Message,
    QuestionPublic,
    ResultItem,
    ResultsPublic,
    SessionCreate,
    SessionPublic,
    SessionStatus,
)
from core.services import answers, interviews
from core.state import state_of
from db.models import InterviewRecord, InterviewSession

router = APIRouter(tags=["interviews"])


def session_public(s: InterviewSession) -> SessionPublic:
    return SessionPublic.model_validate({**s.model_dump(), "state": state_of(s)})


def question_public(r: InterviewRecord) -> QuestionPublic:
    assert r.id is not None
    return QuestionPublic(record_id=r.id, order=r.order, question_text=r.question_text, kind=r.question_kind,
                          source=r.source, parent_id=r.parent_id, answered=r.answer_text is not None,
                          answer_text=r.answer_text, draft_answer=r.draft_answer,
                          draft_low_confidence=bool((r.transcript or {}).get("low_confidence")),
                          evaluation_status=r.evaluation_status, selection_reason=r.selection_reason)


@router.post("/sessions", status_code=status.HTTP_201_CREATED, response_model=SessionPublic)
async def create_session(body: SessionCreate, user: CurrentUser, db: DbSession) -> SessionPublic:
    """Start an interview; its questions are chosen before this returns."""
    return session_public(await interviews.create_session(db, user, body.model_dump()))


@router.get("/sessions", response_model=list[SessionPublic])
async def list_sessions(user: CurrentUser, db: DbSession, limit: Limit = 100, offset: Offset = 0) -> list[SessionPublic]:
    return [session_public(s) for s in await interviews.list_sessions(db, user, limit, offset)]


@router.get("/sessions/{session_id}", response_model=SessionStatus)
async def get_session(session_id: int, user: CurrentUser, db: DbSession) -> SessionStatus:
    return SessionStatus.model_validate(await interviews.session_status(db, user, session_id))


@router.get("/sessions/{session_id}/questions", response_model=list[QuestionPublic])
async def get_questions(session_id: int, user: CurrentUser, db: DbSession) -> list[QuestionPublic]:
    return [question_public(r) for r in await interviews.questions(db, user, session_id)]


@router.post("/answers", status_code=status.HTTP_202_ACCEPTED, response_model=AnswerAccepted)
async def submit_answer(body: AnswerSubmit, user: CurrentUser, db: DbSession) -> AnswerAccepted:
    """Save the answer (committed first), then queue its evaluation. The same answer again is a no-op."""
    rec, s, _ = await answers.submit_answer(db, user, require_row_id(body.record_id, "Question"), body.answer_text)
    assert rec.id is not None
    return AnswerAccepted(status="submitted", record_id=rec.id, state=state_of(s))


@router.post("/sessions/{session_id}/follow-up", status_code=status.HTTP_201_CREATED, response_model=FollowUpPublic)
async def follow_up(session_id: int, user: CurrentUser, db: DbSession,
                    body: FollowUpRequest | None = Body(default=None)) -> FollowUpPublic:
    """A follow-up on what the candidate actually said (default: the latest answered question)."""
    body = body or FollowUpRequest()
    rec, s = await interviews.add_follow_up(db, user, session_id, body.question, body.answer)
    assert rec.id is not None
    return FollowUpPublic(question=rec.question_text, record_id=rec.id, state=state_of(s))


@router.post("/sessions/{session_id}/end", response_model=SessionPublic)
async def end_session(session_id: int, user: CurrentUser, db: DbSession) -> SessionPublic:
    return session_public(await interviews.end_session(db, user, session_id))


@router.get("/sessions/{session_id}/results", response_model=ResultsPublic)
async def get_results(session_id: int, user: CurrentUser, db: DbSession) -> ResultsPublic:
    s, records = await interviews.results(db, user, session_id)
    assert s.id is not None
    items = [ResultItem(record_id=r.id or 0, order=r.order, question=r.question_text, answer=r.answer_text,
                        evaluation_status=r.evaluation_status, evaluation=r.evaluation, emotion=r.emotion,
                        speech_metrics=r.speech_metrics, parent_id=r.parent_id) for r in records]
    return ResultsPublic(session_id=s.id, status=s.status, results=items, state=state_of(s), report=s.report,
                         report_status=s.report_status)


@router.get("/sessions/{session_id}/history", response_model=list[HistoryItem])
async def get_history(session_id: int, user: CurrentUser, db: DbSession) -> list[HistoryItem]:
    return [HistoryItem.model_validate(h) for h in await interviews.history(db, user, session_id)]


@router.delete("/sessions/{session_id}", response_model=Message)
async def delete_session(session_id: int, user: CurrentUser, db: DbSession) -> Message:
    await interviews.delete_session(db, user, session_id)
    return Message(status="deleted", detail=f"session {session_id} and its data erased")
