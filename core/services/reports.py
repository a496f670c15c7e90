"""The final report of an ended session, stored on the session."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.report import build_report as compose_report
from core.services.media_results import refresh_emotion_summaries
from db.engine import db_session
from db.models import InterviewRecord, InterviewSession, utcnow


class EvaluationsPending(Exception):
    """Some answers are still being scored; the report job retries shortly."""


async def build_session_report(session_id: int, *, allow_pending: bool = False) -> str:
    async with db_session() as db:
        # Frames that arrived until the call closed are summarised before the report reads them.
        await refresh_emotion_summaries(db, session_id)
    async with db_session() as db:
        s = await db.get(InterviewSession, session_id, with_for_update=True)
        if s is None:
            return "gone"
        records = list((await db.execute(select(InterviewRecord).where(
            InterviewRecord.session_id == session_id).order_by(InterviewRecord.order))).scalars())
        if any(r.evaluation_status == "pending" for r in records) and not allow_pending:
            await db.rollback()
            raise EvaluationsPending(f"session {session_id}")
        items = [{"record_id": r.id, "question": r.question_text, "kind": r.question_kind,
                  "evaluation": r.evaluation if r.evaluation_status == "done" else None,
                  "speech_metrics": r.speech_metrics, "emotion": r.emotion} for r in records]
        report = compose_report(items, language=s.language, emotion_summary=s.emotion_summary)
        s.report, s.report_status = report, "ready"
        db.add(s)
        await db.commit()
    return "ready"


async def stuck_reports(db: AsyncSession, older_than_seconds: int, limit: int = 100) -> list[int]:
    """Ended sessions whose report is still pending well after its job should have finished (its enqueue
    may have failed while Redis was down, or its job may have been lost)."""
    cutoff = utcnow() - timedelta(seconds=older_than_seconds)
    q = select(InterviewSession.id).where(InterviewSession.report_status == "pending",
                                          InterviewSession.ended_at < cutoff).limit(limit)
    return list((await db.execute(q)).scalars())
