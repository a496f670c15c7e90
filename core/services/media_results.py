"""Database writes of the live/recorded media pipeline: drafts, transcripts, speech metrics, emotion."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.config import settings
from core.services import answers
from core.services.interviews import current_record, records_of
from core.speech_metrics import compute_speech_metrics
from db.models import EmotionFrame, InterviewRecord, InterviewSession
from media.emotion.summary import summarize_frames, summarize_session

log = logging.getLogger(__name__)

# Silence inserted between two recordings appended to one record, so they never overlap in time.
SEGMENT_GAP_S = 1.0


def word_dicts(words: Sequence[Any]) -> list[dict[str, Any]]:
    """Word objects/dicts -> plain JSON dicts (word, start, end, confidence)."""
    out = []
    for w in words:
        get = w.get if isinstance(w, dict) else lambda k, _w=w: getattr(_w, k, None)
        out.append({"word": get("word"), "start": round(float(get("start") or 0.0), 3),
                    "end": round(float(get("end") or 0.0), 3),
                    "confidence": None if get("confidence") is None else round(float(get("confidence")), 4)})
    return out


def transcript_summary(words: list[dict[str, Any]], fallback: float | None = None) -> tuple[float | None, bool]:
    """(mean word confidence, low_confidence) with the configured threshold."""
    values = [w["confidence"] for w in words if w.get("confidence") is not None]
    confidence = round(sum(values) / len(values), 4) if values else fallback
    return confidence, confidence is not None and confidence < settings.stt_min_confidence


def build_meta(*, text: str, words: list[dict[str, Any]], provider: str, language: str, duration: float,
               source: str, confidence: float | None = None) -> dict[str, Any]:
    """The record's `transcript` JSON: what was recognised and how sure the recogniser was."""
    conf, low = transcript_summary(words, confidence)
    return {"source": source, "provider": provider, "language": language, "text": text, "words": words,
            "confidence": conf, "low_confidence": bool(text) and low, "duration": round(duration, 3)}


async def metrics_async(words: list[dict[str, Any]], text: str, language: str, duration: float | None
                        ) -> dict[str, Any]:
    """compute_speech_metrics off the event loop (long answers have thousands of words)."""
    return await asyncio.to_thread(compute_speech_metrics, words, text, language, duration)


async def _write_draft(db: AsyncSession, rec: InterviewRecord, draft: str, meta: dict[str, Any],
                       metrics: dict[str, Any]) -> None:
    """Metrics set on the loaded row, then answers.save_draft commits draft + transcript + metrics together."""
    assert rec.id is not None
    rec.speech_metrics = metrics
    db.add(rec)
    await answers.save_draft(db, rec.id, draft, transcript=meta)


async def timeline_end(db: AsyncSession, record_id: int) -> float:
    """Where a new live segment of this record starts on the record's timeline (seconds)."""
    rec = await db.get(InterviewRecord, record_id)
    if rec is None or not rec.transcript or answers.starts_new_draft(rec) or not await answers.open_for_answer(db, rec):
        return 0.0
    duration = float(rec.transcript.get("duration") or 0.0)
    return duration + SEGMENT_GAP_S if duration else 0.0


async def append_live_final(db: AsyncSession, record_id: int, *, text: str, words: Sequence[Any], provider: str,
                            language: str, duration: float) -> dict[str, Any] | None:
    """Append one final utterance to the record's draft, transcript and speech metrics.

    `words` are already on the record's timeline; `duration` is the record's audio length so far.
    Returns {draft, transcript, speech_metrics}, or None when the record is gone or already answered.
    """
    rec = (await db.execute(select(InterviewRecord).where(InterviewRecord.id == record_id)
                            .with_for_update())).scalar_one_or_none()
    if rec is None or not await answers.open_for_answer(db, rec):
        await db.rollback()
        return None
    fresh = answers.starts_new_draft(rec)
    old = {} if fresh else (rec.transcript or {})
    # Live speech is appended to whatever this unanswered record already has (earlier calls, an upload).
    all_words = list(old.get("words") or []) + word_dicts(words)
    draft = " ".join(p for p in ("" if fresh else (rec.draft_answer or "").strip(), text.strip()) if p)
    full_text = " ".join(p for p in ((old.get("text") or "").strip(), text.strip()) if p)
    duration = max(duration, float(old.get("duration") or 0.0))
    meta = build_meta(text=full_text, words=all_words, provider=provider, language=language, duration=duration,
                      source="live")
    metrics = await metrics_async(all_words, full_text, language, duration)
    await _write_draft(db, rec, draft, meta, metrics)
    return {"draft": draft, "transcript": meta, "speech_metrics": metrics}


async def set_live_duration(db: AsyncSession, record_id: int, duration: float, language: str) -> None:
    """At the end of a live segment: the record's audio length (total time) and metrics recomputed."""
    rec = (await db.execute(select(InterviewRecord).where(InterviewRecord.id == record_id)
                            .with_for_update())).scalar_one_or_none()
    if (rec is None or not rec.transcript or rec.transcript.get("source") != "live"
            or not await answers.open_for_answer(db, rec)):
        await db.rollback()
        return
    meta = {**rec.transcript, "duration": round(max(duration, float(rec.transcript.get("duration") or 0.0)), 3)}
    metrics = await metrics_async(meta.get("words") or [], meta.get("text") or "", language, meta["duration"])
    await _write_draft(db, rec, rec.draft_answer or "", meta, metrics)


async def save_recording(db: AsyncSession, record_id: int, draft: str, meta: dict[str, Any],
                         metrics: dict[str, Any]) -> bool:
    """An uploaded recording replaces the record's draft, transcript and metrics (False if answered/gone)."""
    rec = (await db.execute(select(InterviewRecord).where(InterviewRecord.id == record_id)
                            .with_for_update())).scalar_one_or_none()
    if rec is None or not await answers.open_for_answer(db, rec):
        await db.rollback()
        return False
    await _write_draft(db, rec, draft, meta, metrics)
    return True


async def session_open(db: AsyncSession, session_id: int) -> bool:
    """Is the interview still in progress (live speech is saved only then)?"""
    s = await db.get(InterviewSession, session_id)
    return s is not None and s.status == "in_progress"


async def target_record(db: AsyncSession, session_id: int, wanted: int | None = None) -> int | None:
    """The record live speech belongs to: `wanted` if it is this session's and unanswered, else the current one.

    None when every question is answered or the session has ended (speech is then shown, not saved).
    """
    s = await db.get(InterviewSession, session_id)
    if s is None or s.status != "in_progress":
        return None
    records = await records_of(db, session_id)
    if wanted is not None:
        rec = next((r for r in records if r.id == wanted), None)
        if rec is not None and rec.answer_text is None:
            return rec.id
    rec = current_record(records)
    return rec.id if rec else None


async def add_emotion_frame(db: AsyncSession, *, session_id: int, record_id: int | None, t_seconds: float,
                            frame: dict[str, Any], extra: dict[str, Any] | None = None) -> int:
    """Store one analysed frame (a FrameEmotion.to_dict()); rows are appended, never overwritten."""
    row = EmotionFrame(session_id=session_id, record_id=record_id, t_seconds=round(t_seconds, 3),
                       face=bool(frame.get("face")), dominant_emotion=frame.get("dominant_emotion"),
                       scores=frame.get("scores") or None,
                       extra={"box": frame.get("box"), "attention": frame.get("attention"),
                              "backend": frame.get("backend"), **(extra or {})})
    db.add(row)
    await db.commit()
    assert row.id is not None
    return row.id


def _frame_dict(row: EmotionFrame) -> dict[str, Any]:
    extra = row.extra or {}
    return {"face": row.face, "dominant_emotion": row.dominant_emotion, "scores": row.scores or {},
            "attention": extra.get("attention"), "box": extra.get("box")}


async def refresh_record_emotion(db: AsyncSession, record_id: int, *, commit: bool = True) -> dict[str, Any] | None:
    """Summarise a record's frames into InterviewRecord.emotion (None, unchanged, if it has no frames)."""
    rows = list((await db.execute(select(EmotionFrame).where(EmotionFrame.record_id == record_id)
                                  .order_by(EmotionFrame.t_seconds, EmotionFrame.id))).scalars())
    if not rows:
        return None
    rec = await db.get(InterviewRecord, record_id)
    if rec is None:
        return None
    rec.emotion = summarize_frames([_frame_dict(r) for r in rows])
    db.add(rec)
    if commit:
        await db.commit()
    return rec.emotion


async def refresh_session_emotion(db: AsyncSession, session_id: int, *, commit: bool = True) -> dict[str, Any] | None:
    """InterviewSession.emotion_summary from its records' summaries (None if no record has one)."""
    s = await db.get(InterviewSession, session_id)
    if s is None:
        return None
    per_answer = [r.emotion for r in await records_of(db, session_id) if r.emotion]
    if not per_answer:
        return None
    s.emotion_summary = summarize_session(per_answer)
    db.add(s)
    if commit:
        await db.commit()
    return s.emotion_summary


async def refresh_emotion_summaries(db: AsyncSession, session_id: int) -> dict[str, Any] | None:
    """Recompute every record summary with frames, then the session summary, in one commit."""
    record_ids = set((await db.execute(select(EmotionFrame.record_id).where(
        EmotionFrame.session_id == session_id, EmotionFrame.record_id.is_not(None)).distinct())).scalars())
    for record_id in sorted(record_ids):
        await refresh_record_emotion(db, record_id, commit=False)
    await db.flush()
    summary = await refresh_session_emotion(db, session_id, commit=False)
    await db.commit()
    return summary
