"""Table models. Request/response schemas live in core/schemas.py, apart from these."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _ts(nullable: bool = False) -> Any:
    return Field(default_factory=utcnow if not nullable else None,
                 sa_column=Column(DateTime(timezone=True), nullable=nullable))


def _json(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(JSONB, nullable=nullable))


def _fk(target: str) -> Any:
    # Deleting a parent erases its children in the database, so account deletion can't leave orphans.
    return Column(Integer, ForeignKey(target, ondelete="CASCADE"), nullable=False, index=True)


class User(SQLModel, table=True):
    __tablename__ = "users"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(sa_column=Column(String(64), unique=True, nullable=False, index=True))
    password_hash: str = Field(sa_column=Column(String(255), nullable=False))
    full_name: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))
    role: str = Field(default="candidate", sa_column=Column(String(16), nullable=False, server_default="candidate"))
    ui_language: str = Field(default="ko", sa_column=Column(String(2), nullable=False, server_default="ko"))
    # Bumped by password change and logout: tokens carrying an older version are refused.
    token_version: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    created_at: datetime = _ts()


class InterviewSession(SQLModel, table=True):
    __tablename__ = "interview_sessions"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_fk("users.id"))
    user_name: str = Field(sa_column=Column(String(200), nullable=False))
    position: str = Field(sa_column=Column(String(200), nullable=False))
    position_slug: str = Field(sa_column=Column(String(32), nullable=False))
    language: str = Field(sa_column=Column(String(2), nullable=False))
    difficulty: int = Field(default=2, sa_column=Column(Integer, nullable=False))
    question_count: int = Field(default=5, sa_column=Column(Integer, nullable=False))
    status: str = Field(default="in_progress", sa_column=Column(String(16), nullable=False))
    scenario: str = Field(default="standard", sa_column=Column(String(32), nullable=False))
    stage: str = Field(default="intro", sa_column=Column(String(16), nullable=False))
    next_action: str = Field(default="next_question", sa_column=Column(String(16), nullable=False))
    retry_count: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    resume_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    job_description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    settings: dict | None = _json()  # timed mode, TTS toggle and other per-session options
    emotion_summary: dict | None = _json()
    report: dict | None = _json()
    report_status: str = Field(default="none", sa_column=Column(String(16), nullable=False, server_default="none"))
    created_at: datetime = _ts()
    ended_at: datetime | None = _ts(nullable=True)


class InterviewRecord(SQLModel, table=True):
    __tablename__ = "interview_records"
    __table_args__ = (Index("ix_records_session_order", "session_id", "order"),)
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(sa_column=_fk("interview_sessions.id"))
    order: int = Field(sa_column=Column("order", Integer, nullable=False))
    question_text: str = Field(sa_column=Column(Text, nullable=False))
    question_kind: str = Field(default="technical", sa_column=Column(String(16), nullable=False))
    bank_key: str | None = Field(default=None, sa_column=Column(String(120), nullable=True, index=True))
    source: str = Field(default="bank", sa_column=Column(String(16), nullable=False))  # bank | llm | follow_up
    selection_reason: dict | None = _json()
    parent_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("interview_records.id", ondelete="CASCADE"), nullable=True))
    answer_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    answer_hash: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    answered_at: datetime | None = _ts(nullable=True)
    draft_answer: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # from live STT
    transcript: dict | None = _json()  # provider, confidence, low_confidence, words
    evaluation_status: str = Field(default="none", sa_column=Column(String(16), nullable=False, server_default="none"))
    evaluation: dict | None = _json()
    emotion: dict | None = _json()
    speech_metrics: dict | None = _json()
    created_at: datetime = _ts()


class StateHistory(SQLModel, table=True):
    __tablename__ = "state_history"
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(sa_column=_fk("interview_sessions.id"))
    record_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    scenario: str = Field(sa_column=Column(String(32), nullable=False))
    stage: str = Field(sa_column=Column(String(16), nullable=False))
    intent: str = Field(sa_column=Column(String(32), nullable=False))
    evaluation: dict | None = _json()
    next_action: str = Field(sa_column=Column(String(16), nullable=False))
    retry_count: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    created_at: datetime = _ts()


class EmotionFrame(SQLModel, table=True):
    """One analysed video frame: the per-record time series is kept, never overwritten."""
    __tablename__ = "emotion_frames"
    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True, autoincrement=True))
    session_id: int = Field(sa_column=_fk("interview_sessions.id"))
    record_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("interview_records.id", ondelete="CASCADE"), nullable=True,
                                       index=True))
    t_seconds: float = Field(default=0.0)
    face: bool = Field(default=False)
    dominant_emotion: str | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    scores: dict | None = _json()
    extra: dict | None = _json()
    created_at: datetime = _ts()


class BankQuestionRow(SQLModel, table=True):
    """The question bank in PostgreSQL, embedded for retrieval with pgvector."""
    __tablename__ = "question_bank"
    __table_args__ = (UniqueConstraint("key", "language", name="uq_question_bank_key_lang"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(String(120), nullable=False))
    language: str = Field(sa_column=Column(String(2), nullable=False))
    position: str = Field(sa_column=Column(String(32), nullable=False, index=True))
    category: str = Field(sa_column=Column(String(120), nullable=False))
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    difficulty: int = Field(sa_column=Column(Integer, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    key_points: list[dict] = Field(default_factory=list, sa_column=Column(JSONB, nullable=False))
    model_answer: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    follow_ups: list[str] = Field(default_factory=list, sa_column=Column(JSONB, nullable=False))
    # [{claim, correction, signals}]: common wrong claims and what to say instead (core/question_bank/SCHEMA.md).
    misconceptions: list[dict] = Field(default_factory=list,
                                       sa_column=Column(JSONB, nullable=False, server_default="[]"))
    # {point, terms}: the situation a behavioural story must be about (core/question_bank/SCHEMA.md); NULL for most.
    premise: dict | None = Field(default=None, sa_column=Column(JSONB, nullable=True))
    key_source: str = Field(default="bank", sa_column=Column(String(8), nullable=False, server_default="bank"))
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSONB, nullable=False))
    version: int = Field(default=1)
    content_hash: str = Field(default="", sa_column=Column(String(64), nullable=False))
    origin: str = Field(default="file", sa_column=Column(String(8), nullable=False))  # file | admin
    retired: bool = Field(default=False)
    embedder: str = Field(default="", sa_column=Column(String(64), nullable=False, server_default=""))
    # Dimension is set by the migration from the configured embedder and changed when it changes.
    embedding: list[float] | None = Field(default=None, sa_column=Column(Vector(), nullable=True))
    updated_at: datetime = _ts()
