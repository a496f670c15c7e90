"""Request and response models of the REST API (kept apart from the table models)."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.api.validation import PatchModel
from core.config import settings
from core.security import password_problem

Language = Literal["ko", "en"]
Stage = Literal["intro", "question", "answer", "evaluation", "complete"]
NextAction = Literal["next_question", "retry", "follow_up", "end", "show_results"]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _strip(v: Any) -> Any:
    return _clean(v).strip() if isinstance(v, str) else v


def _clean(v: Any) -> Any:
    """PostgreSQL text can't hold NUL, and control characters are never meant (PDF extraction leaves them)."""
    return _CONTROL.sub("", v) if isinstance(v, str) else v


class State(BaseModel):
    scenario: str
    stage: Stage
    next_action: NextAction
    retry_count: int


# --- users ------------------------------------------------------------------------------------
class UserRegister(BaseModel):
    """`hashed_password` is the seed's field name for the plain password; the server hashes it."""
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"username": "test", "password": "test-coach-42", "full_name": "테스트"}]})
    username: str = Field(min_length=3, max_length=40, pattern=settings.username_pattern)
    password: str | None = Field(default=None, min_length=1, max_length=200)
    hashed_password: str | None = Field(default=None, min_length=1, max_length=200,
                                        description="Seed-compatible alias of `password` (plain text).")
    full_name: str = Field(default="", max_length=200)

    _s = field_validator("username", "full_name", mode="before")(_strip)

    @model_validator(mode="after")
    def _one_password(self) -> UserRegister:
        pw = self.password if self.password is not None else self.hashed_password
        if pw is None:
            raise ValueError("password is required")
        if problem := password_problem(pw, self.username):
            raise ValueError(problem)
        self.password = pw
        return self


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    username: str
    full_name: str
    role: str
    ui_language: str
    created_at: datetime


class UserUpdate(PatchModel):
    full_name: str | None = Field(default=None, max_length=200)
    ui_language: Language | None = None

    _s = field_validator("full_name", mode="before")(_strip)


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


# --- sessions ---------------------------------------------------------------------------------
class SessionCreate(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"user_name": "홍길동", "position": "Backend 개발자"},
        {"user_name": "Jane Doe", "position": "Backend", "language": "en", "difficulty": 2, "question_count": 6,
         "resume_text": "Built Kafka pipelines and ran services on Kubernetes."}]})
    user_name: str = Field(min_length=1, max_length=100)
    position: str = Field(min_length=1, max_length=100)
    language: Language | None = None
    difficulty: int = Field(default=2, ge=1, le=3)
    question_count: int = Field(default=settings.default_question_count, ge=1, le=settings.max_question_count)
    resume_text: str | None = Field(default=None, max_length=settings.max_text_field_chars)
    job_description: str | None = Field(default=None, max_length=settings.max_text_field_chars)
    timed: bool = False
    prep_seconds: int = Field(default=30, ge=0, le=300)
    answer_seconds: int = Field(default=90, ge=15, le=600)

    _s = field_validator("user_name", "position", mode="before")(_strip)
    _c = field_validator("resume_text", "job_description", mode="before")(_clean)


class SessionPublic(BaseModel):
    id: int
    user_id: int
    user_name: str
    position: str
    position_slug: str
    language: str
    difficulty: int
    question_count: int
    created_at: datetime
    ended_at: datetime | None
    status: str
    emotion_summary: dict | None
    settings: dict | None
    state: State


class SessionStatus(BaseModel):
    session_id: int
    status: str
    total_questions: int
    answered_questions: int
    pending_evaluations: int
    current_stage: str
    next_action: str
    state: State


class QuestionPublic(BaseModel):
    record_id: int
    order: int
    question_text: str
    kind: str
    source: str
    parent_id: int | None
    answered: bool
    answer_text: str | None
    draft_answer: str | None
    draft_low_confidence: bool
    evaluation_status: str
    selection_reason: dict | None


class AnswerSubmit(BaseModel):
    record_id: int
    answer_text: str = Field(max_length=settings.max_answer_chars)

    _c = field_validator("answer_text", mode="before")(_clean)


class AnswerAccepted(BaseModel):
    status: str
    record_id: int
    state: State


class FollowUpRequest(BaseModel):
    question: str | None = Field(default=None, max_length=2000)
    answer: str | None = Field(default=None, max_length=settings.max_answer_chars)

    _c = field_validator("question", "answer", mode="before")(_clean)


class FollowUpPublic(BaseModel):
    question: str
    record_id: int
    state: State


class ResultItem(BaseModel):
    record_id: int
    order: int
    question: str
    answer: str | None
    evaluation_status: str
    evaluation: dict | None
    emotion: dict | None
    speech_metrics: dict | None
    parent_id: int | None


class ResultsPublic(BaseModel):
    session_id: int
    status: str
    results: list[ResultItem]
    state: State
    report: dict | None
    report_status: str


class HistoryItem(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    record_id: int | None
    scenario: str
    stage: str
    intent: str
    evaluation: dict | None
    next_action: str
    retry_count: int
    created_at: datetime


class Message(BaseModel):
    status: str
    detail: str = ""
