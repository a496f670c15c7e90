"""The seed's interview contract, at root paths."""
from __future__ import annotations

import orjson
from fastapi import APIRouter, Body, status
from starlette.responses import Response

from core.api.deps import BearerToken, CurrentUser, DbSession
from core.api.validation import Limit, Offset, in_int4, require_row_id
from core.errors import NotFound
from core.schemas import (
    AnswerAccepted,
    AnswerSubmit,
    FollowUpPublic,
    FollowUpRequest,
    HistoryItem,
    Message,
    QuestionPublic,
    ResultsPublic,
    SessionCreate,
    SessionPublic,
    SessionStatus,
)
from core.services import answers, fast_reads, interviews
from core.state import state_of
from db.models import InterviewRecord, InterviewSession

router = APIRouter(tags=["interviews"])


def json_response(payload: object, status_code: int = 200) -> Response:
    """Already shaped like the route's response_model: skip FastAPI's re-validation, serialize with orjson."""
    return Response(orjson.dumps(payload), status_code=status_code, media_type="application/json")


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
async def get_session(session_id: int, bearer: BearerToken) -> Response:
    # Polled by every client: one asyncpg round trip checks the user and counts the records (no ORM); the
    # payload has SessionStatus's fields in its order, serialized once.
    row = await fast_reads.session_status(bearer.user_id, session_id) if in_int4(bearer.user_id) else None
    await bearer.admit(row["token_version"] if row else None, exists=row is not None)
    assert row is not None
    if row["session_id"] is None:
        raise NotFound("Interview session not found.", code="SESSION_NOT_FOUND")
    return json_response({
        "session_id": row["session_id"], "status": row["status"], "total_questions": row["total"],
        "answered_questions": row["answered"], "pending_evaluations": row["pending"],
        "current_stage": row["stage"], "next_action": row["next_action"],
        "state": {"scenario": row["scenario"], "stage": row["stage"], "next_action": row["next_action"],
                  "retry_count": row["retry_count"]}})


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
async def get_results(session_id: int, bearer: BearerToken) -> Response:
    # Scripts poll this until every evaluation is in: plain asyncpg, no ORM objects (see get_session).
    head, records = (await fast_reads.results(bearer.user_id, session_id) if in_int4(bearer.user_id)
                     else (None, []))
    await bearer.admit(head["token_version"] if head else None, exists=head is not None)
    assert head is not None
    if head["session_id"] is None:
        raise NotFound("Interview session not found.", code="SESSION_NOT_FOUND")
    return json_response({
        "session_id": head["session_id"], "status": head["status"],
        "results": [{"record_id": r["id"], "order": r["order"], "question": r["question_text"],
                     "answer": r["answer_text"], "evaluation_status": r["evaluation_status"],
                     "evaluation": r["evaluation"], "emotion": r["emotion"], "speech_metrics": r["speech_metrics"],
                     "parent_id": r["parent_id"]} for r in records],
        "state": {"scenario": head["scenario"], "stage": head["stage"], "next_action": head["next_action"],
                  "retry_count": head["retry_count"]},
        "report": head["report"], "report_status": head["report_status"]})


@router.get("/sessions/{session_id}/history", response_model=list[HistoryItem])
async def get_history(session_id: int, user: CurrentUser, db: DbSession) -> list[HistoryItem]:
    return [HistoryItem.model_validate(h) for h in await interviews.history(db, user, session_id)]


@router.delete("/sessions/{session_id}", response_model=Message)
async def delete_session(session_id: int, user: CurrentUser, db: DbSession) -> Message:
    await interviews.delete_session(db, user, session_id)
    return Message(status="deleted", detail=f"session {session_id} and its data erased")
