"""Scoring a saved answer (run by the worker), percentiles, and the session's next step."""
from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core import events, queue
from core.config import settings
from core.llm import blend_evaluation, get_llm, judge_answer, write_grading_key
from core.scoring import QuestionContext, evaluate_answer_async
from core.services import followups
from core.services.bank import llm_key_context, store_llm_key
from core.services.context import context_for_record
from core.services.interviews import records_of
from core.state import next_after_evaluation, transition
from db.engine import db_session
from db.models import InterviewRecord, InterviewSession, StateHistory

log = logging.getLogger(__name__)


def grading_key_lines(ctx: QuestionContext, language: str) -> list[str]:
    """What the LLM judge is given: the key points, the known wrong claims with their corrections, and
    the model answer — never asked to judge from its own memory alone."""
    wrong = "틀린 주장" if language == "ko" else "Wrong claim"
    model = "모범 답안" if language == "ko" else "Model answer"
    lines = [kp.point for kp in ctx.key_points if kp.point not in ctx.term_only]
    lines += [f"{wrong}: {m.claim} → {m.correction}" for m in ctx.misconceptions.get(ctx.language, ())[:3]]
    if ctx.model_answer:
        lines.append(f"{model}: {ctx.model_answer[:600]}")
    return lines


async def with_llm_key(db: AsyncSession, ctx: QuestionContext, position: str) -> QuestionContext:
    """A question without a reference gets a grading key written once by the LLM (stored, validated)."""
    if ctx.reference != "derived" or not settings.llm_grading_keys or get_llm() is None:
        return ctx
    stored = await llm_key_context(db, ctx.text, ctx.language)
    if stored is not None:
        return stored
    try:
        key = await write_grading_key(ctx.text, ctx.language)
    except Exception:
        log.exception("LLM grading key failed")
        key = None
    if key is None:
        return ctx
    await store_llm_key(db, ctx.text, ctx.language, position, ctx.kind, key)
    return await llm_key_context(db, ctx.text, ctx.language) or ctx


async def _llm_blend(ctx: QuestionContext, answer: str, language: str, rubric: dict) -> dict:
    llm = get_llm()
    if llm is None:
        return rubric
    question = ctx.text
    points = grading_key_lines(ctx, language)
    try:
        judgement = await judge_answer(question, answer, language, points)
    except Exception:
        log.exception("LLM judgement failed; keeping the rubric evaluation")
        judgement = None
    return blend_evaluation(rubric, judgement, settings.llm_blend_weight)


async def percentile_of(db: AsyncSession, record: InterviewRecord, overall: int) -> float | None:
    """Where this answer stands among this installation's scored answers to the same question."""
    same = (InterviewRecord.bank_key == record.bank_key) if record.bank_key else (
        InterviewRecord.question_text == record.question_text)
    overall_col = InterviewRecord.evaluation["overall"].as_integer()
    q = select(func.count(), func.count().filter(overall_col < overall)).where(
        same, InterviewRecord.evaluation_status == "done", InterviewRecord.id != record.id)
    total, below = (await db.execute(q)).one()
    if total < settings.percentile_min_answers:
        return None
    return round(100.0 * below / total, 1)


async def evaluate_record(record_id: int) -> str:
    """Score one answer and prepare its follow-up; idempotent (a done evaluation of the same answer is left
    alone). Everything slow runs before the short locked transaction that stores the result."""
    async with db_session() as db:
        rec = await db.get(InterviewRecord, record_id)
        if rec is None or rec.answer_text is None:
            return "gone"
        if rec.evaluation_status == "done" and (rec.evaluation or {}).get("answer_hash") == rec.answer_hash:
            return "already"
        s = await db.get(InterviewSession, rec.session_id)
        assert s is not None
        ctx = await context_for_record(db, s, rec)
        ctx = await with_llm_key(db, ctx, s.position_slug or "backend")
        answer, answer_digest = rec.answer_text, rec.answer_hash
        records = await records_of(db, s.id)
        asked = [r.question_text for r in records]
        # Only an LLM follow-up depends on what the state machine will decide; the rule-based one does not.
        counts = await _decision_inputs(db, s, rec, records) if get_llm() is not None else None
    evaluation = await evaluate_answer_async(ctx, answer, speech_metrics=rec.speech_metrics)
    evaluation = await _llm_blend(ctx, answer, s.language, evaluation)
    # The follow-up is written now, off the request path: rule-based for every answer (a client may ask for
    # one at any time), with the LLM only when the state machine is likely to ask for it.
    likely = next_after_evaluation(evaluation=evaluation, **counts)[0] if counts is not None else None
    follow_up = await followups.compose(ctx, rec.question_text, answer, evaluation, s.language, asked=asked,
                                        use_llm=likely == "follow_up")
    evaluation["follow_up"] = {**follow_up, "answer_hash": answer_digest}
    async with db_session() as db:
        rec = await db.get(InterviewRecord, record_id, with_for_update=True)
        if rec is None or rec.answer_hash != answer_digest:
            return "superseded"  # the answer changed meanwhile; its own job scores it
        s = await db.get(InterviewSession, rec.session_id, with_for_update=True)
        assert s is not None
        evaluation["answer_hash"] = answer_digest
        evaluation["percentile"] = await percentile_of(db, rec, int(evaluation.get("overall", 0)))
        rec.evaluation, rec.evaluation_status = evaluation, "done"
        db.add(rec)
        await _advance(db, s, rec, evaluation)
        await db.commit()
        ended, next_action, session_id = s.status == "completed", s.next_action, s.id
    await events.publish(session_id, events.EVALUATED, record_id=record_id, status="done",
                         next_action=next_action, follow_up_ready=True)
    if ended:
        await queue.enqueue("build_report", session_id, job_id=f"report:{session_id}:{record_id}:{answer_digest[:8]}")
    return "done"


async def _decision_inputs(db: AsyncSession, s: InterviewSession, rec: InterviewRecord,
                           records: list[InterviewRecord]) -> dict:
    """What next_after_evaluation needs besides the evaluation itself."""
    retries = (await db.execute(select(func.count()).select_from(StateHistory).where(
        StateHistory.session_id == s.id, StateHistory.record_id == rec.id,
        StateHistory.intent == "answer_retried"))).scalar_one()
    return {"retries_on_record": retries, "is_follow_up": rec.source == "follow_up",
            "follow_ups_in_session": sum(r.source == "follow_up" for r in records),
            "unanswered_left": sum(r.answer_text is None for r in records)}


async def _advance(db: AsyncSession, s: InterviewSession, rec: InterviewRecord, evaluation: dict) -> None:
    if s.status != "in_progress":
        return
    counts = await _decision_inputs(db, s, rec, await records_of(db, s.id))
    action, _ = next_after_evaluation(evaluation=evaluation, **counts)
    summary = {k: evaluation.get(k) for k in ("technical_score", "communication_score", "overall")}
    transition(db, s, stage="question" if action != "end" else "evaluation", next_action=action,
               intent="answer_evaluated", record_id=rec.id, evaluation=summary)


async def mark_failed(record_id: int, reason: str) -> None:
    """After the last retry: say so, with a retry the client can ask for — never pending forever."""
    async with db_session() as db:
        rec = await db.get(InterviewRecord, record_id, with_for_update=True)
        if rec is None or rec.evaluation_status == "done":
            return
        rec.evaluation_status = "failed"
        rec.evaluation = {"error_code": "AI_EVALUATION_FAILED", "retry_available": True,
                          "error_message": "답변 평가에 실패했습니다. 다시 시도해주세요. / Evaluation failed; please retry.",
                          "detail": reason[:300]}
        db.add(rec)
        # Locked like evaluate_record does: an `end` racing this either sees the failure or is seen by it.
        s = await db.get(InterviewSession, rec.session_id, with_for_update=True)
        ended = s is not None and s.status == "completed"
        session_id = rec.session_id
        await db.commit()
    await events.publish(session_id, events.EVALUATED, record_id=record_id, status="failed")
    if ended:  # the report was waiting for this answer: it reports it as failed
        await queue.enqueue("build_report", session_id, job_id=f"report:{session_id}:{record_id}:failed")
