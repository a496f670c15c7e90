"""Administration: the question bank and an overview of users and sessions (admin role only)."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, ConfigDict, Field

from core.api.deps import AdminUser, DbSession
from core.api.validation import Limit, Offset, PatchModel
from core.schemas import UserPublic
from core.services import bank, users
from core.services.stats import admin_overview

router = APIRouter(prefix="/admin", tags=["admin"])


class KeyPointIn(BaseModel):
    point: str = Field(min_length=1, max_length=200)
    terms: list[str] = Field(min_length=1, max_length=20)
    # Only where the question offers a choice ("on iOS or Android"): the choice this point belongs to (SCHEMA.md).
    variant: str | None = Field(default=None, min_length=1, max_length=40)


class MisconceptionIn(BaseModel):
    """A wrong claim candidates make, its correction, and phrases that give it away (SCHEMA.md)."""
    claim: str = Field(min_length=1, max_length=500)
    correction: str = Field(min_length=1, max_length=1000)
    signals: list[str] = Field(default_factory=list, max_length=12)
    match: Literal["claim", "signals"] = "claim"  # "signals": found by its signal phrases only (SCHEMA.md)


class PremiseIn(BaseModel):
    """The situation a behavioural story must be about (feedback to someone *senior*), and words that show it."""
    point: str = Field(min_length=1, max_length=200)
    terms: list[str] = Field(min_length=1, max_length=40)


class QuestionIn(BaseModel):
    key: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9\-]{2,100}$")
    language: Literal["ko", "en"]
    position: Literal["backend", "frontend", "data_ai", "devops", "mobile", "behavioral"]
    category: str = Field(min_length=1, max_length=120)
    kind: Literal["technical", "behavioral"] = "technical"
    difficulty: int = Field(default=2, ge=1, le=3)
    text: str = Field(min_length=5, max_length=1000)
    key_points: list[KeyPointIn] = Field(min_length=1, max_length=8)
    model_answer: str | None = Field(default=None, max_length=5000)
    follow_ups: list[str] = Field(default_factory=list, max_length=6)
    tags: list[str] = Field(default_factory=list, max_length=10)
    misconceptions: list[MisconceptionIn] = Field(default_factory=list, max_length=12)
    premise: PremiseIn | None = None


class QuestionUpdate(PatchModel):
    nullable = frozenset({"model_answer", "premise"})  # the only columns of these that may be NULL

    category: str | None = Field(default=None, min_length=1, max_length=120)
    difficulty: int | None = Field(default=None, ge=1, le=3)
    text: str | None = Field(default=None, min_length=5, max_length=1000)
    key_points: list[KeyPointIn] | None = Field(default=None, min_length=1, max_length=8)
    model_answer: str | None = Field(default=None, max_length=5000)
    follow_ups: list[str] | None = Field(default=None, max_length=6)
    tags: list[str] | None = Field(default=None, max_length=10)
    misconceptions: list[MisconceptionIn] | None = Field(default=None, max_length=12)
    premise: PremiseIn | None = None
    retired: bool | None = None


class QuestionPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    key: str
    language: str
    position: str
    category: str
    kind: str
    difficulty: int
    text: str
    key_points: list[dict]
    model_answer: str | None
    follow_ups: list[str]
    tags: list[str]
    misconceptions: list[dict] = []
    premise: dict | None = None
    key_source: str = "bank"
    version: int
    origin: str
    retired: bool


@router.get("/questions", response_model=list[QuestionPublic])
async def list_questions(_: AdminUser, db: DbSession, language: str | None = Query(default=None, max_length=8),
                         position: str | None = Query(default=None, max_length=40), include_retired: bool = False,
                         limit: Limit = 500, offset: Offset = 0) -> list[QuestionPublic]:
    rows = await bank.list_questions(db, language=language, position=position, include_retired=include_retired,
                                     limit=limit, offset=offset)
    return [QuestionPublic.model_validate(r) for r in rows]


@router.get("/questions/{question_id}", response_model=QuestionPublic)
async def get_question(question_id: int, _: AdminUser, db: DbSession) -> QuestionPublic:
    return QuestionPublic.model_validate(await bank.get_question(db, question_id))


@router.post("/questions", response_model=QuestionPublic, status_code=status.HTTP_201_CREATED)
async def create_question(body: QuestionIn, _: AdminUser, db: DbSession) -> QuestionPublic:
    return QuestionPublic.model_validate(await bank.create_question(db, body.model_dump()))


@router.patch("/questions/{question_id}", response_model=QuestionPublic)
async def update_question(question_id: int, body: QuestionUpdate, _: AdminUser, db: DbSession) -> QuestionPublic:
    return QuestionPublic.model_validate(
        await bank.update_question(db, question_id, body.model_dump(exclude_unset=True)))


@router.delete("/questions/{question_id}", response_model=QuestionPublic)
async def retire_question(question_id: int, _: AdminUser, db: DbSession) -> QuestionPublic:
    """Retire (never hard-delete: past sessions refer to it)."""
    return QuestionPublic.model_validate(await bank.retire_question(db, question_id))


@router.get("/users", response_model=list[UserPublic])
async def list_users(_: AdminUser, db: DbSession, limit: Limit = 200, offset: Offset = 0) -> list[UserPublic]:
    return [UserPublic.model_validate(u) for u in await users.list_users(db, limit, offset)]


@router.get("/overview")
async def overview(_: AdminUser, db: DbSession) -> dict:
    """Counts, score distribution and recent sessions for the dashboard."""
    return await admin_overview(db)
