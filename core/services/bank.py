"""The question bank in PostgreSQL: import from the data files, embeddings in pgvector, admin edits."""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
from dataclasses import asdict

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.embeddings import get_embedder
from core.errors import Conflict, Invalid, NotFound
from core.question_bank.loader import (
    BankQuestion,
    KeyPoint,
    Misconception,
    Premise,
    load_bank,
    signals_among_own_terms,
)
from core.scoring import QuestionContext, context_from_bank
from db.models import BankQuestionRow, utcnow

log = logging.getLogger(__name__)
_SYNC_LOCK_ID = 7_402_113  # advisory lock: app and workers may start together


def embedding_text(row: BankQuestionRow | BankQuestion) -> str:
    """What a question is about, for retrieval: its text, topic, key points and tags."""
    points = [kp["point"] if isinstance(kp, dict) else kp.point for kp in row.key_points]
    return " ".join([row.text, row.category, *points, *row.tags])


def _key_point_row(kp: KeyPoint) -> dict:
    """A key point as the row stores it: `variant` only where the question offers a choice."""
    return {"point": kp.point, "terms": list(kp.terms)} | ({"variant": kp.variant} if kp.variant else {})


def _hash(q: BankQuestion) -> str:
    # Key points as the row stores them: one without a variant hashes as before variants existed (no re-import of the
    # whole bank on upgrade).
    fields = asdict(q) | {"key_points": [_key_point_row(kp) for kp in q.key_points]}
    if q.premise is None:
        del fields["premise"]  # likewise a question without a premise
    payload = json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


async def _embed(texts: list[str]) -> list[list[float]]:
    embedder = get_embedder()
    vecs = await asyncio.to_thread(embedder.embed, texts, kind="passage")
    return [v.tolist() for v in vecs]


async def _embed_row(row: BankQuestionRow) -> None:
    [row.embedding] = await _embed([embedding_text(row)])
    row.embedder = get_embedder().name


async def _column_dim(db: AsyncSession) -> int | None:
    row = await db.execute(text(
        "SELECT atttypmod FROM pg_attribute WHERE attrelid = 'question_bank'::regclass AND attname = 'embedding'"))
    mod = row.scalar_one_or_none()
    return mod if mod and mod > 0 else None


async def ensure_dimension(db: AsyncSession) -> None:
    """Make the vector column match the configured embedder; a change of embedder clears old vectors."""
    dim = get_embedder().dim
    if await _column_dim(db) != dim:
        log.info("question_bank.embedding -> vector(%d) (embedder changed)", dim)
        await db.execute(text(f"ALTER TABLE question_bank ALTER COLUMN embedding TYPE vector({dim}) USING NULL"))


async def sync_bank(db: AsyncSession) -> dict[str, int]:
    """Import the data files idempotently and (re-)embed what changed. Admin-edited rows are kept."""
    await db.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _SYNC_LOCK_ID})
    await ensure_dimension(db)
    embedder = get_embedder()
    existing = {(r.key, r.language): r for r in (await db.execute(select(BankQuestionRow))).scalars()}
    changed: list[BankQuestionRow] = []
    stats = {"added": 0, "updated": 0, "unchanged": 0, "reembedded": 0}
    for q in load_bank(strict=False):
        row = existing.get((q.key, q.language))
        digest = _hash(q)
        if row is not None and (row.origin == "admin" or row.content_hash == digest):
            stats["unchanged"] += 1
            continue
        if row is None:
            row = BankQuestionRow(key=q.key, language=q.language)
            stats["added"] += 1
        else:
            stats["updated"] += 1
        _apply(row, q)
        row.content_hash = digest
        changed.append(row)
        db.add(row)
    stale = [r for r in existing.values() if r not in changed and (r.embedding is None or r.embedder != embedder.name)]
    todo = changed + stale
    stats["reembedded"] = len(stale)
    if todo:
        vectors = await _embed([embedding_text(r) for r in todo])
        for row, vec in zip(todo, vectors):
            row.embedding = vec
            row.embedder = embedder.name
            row.updated_at = utcnow()
    await db.commit()
    return stats


def _apply(row: BankQuestionRow, q: BankQuestion) -> None:
    row.position, row.category, row.kind, row.difficulty = q.position, q.category, q.kind, q.difficulty
    row.text, row.model_answer = q.text, q.model_answer
    row.key_points = [_key_point_row(kp) for kp in q.key_points]
    row.misconceptions = [{"claim": m.claim, "correction": m.correction, "signals": list(m.signals),
                           **({"match": "signals"} if m.signals_only else {})} for m in q.misconceptions]
    row.premise = {"point": q.premise.point, "terms": list(q.premise.terms)} if q.premise else None
    row.key_source = "bank"
    row.follow_ups, row.tags, row.version = list(q.follow_ups), list(q.tags), q.version


def _key_points_of(items: list[dict]) -> tuple[KeyPoint, ...]:
    return tuple(KeyPoint(point=kp["point"], terms=tuple(kp.get("terms", ())), variant=kp.get("variant") or "")
                 for kp in items)


def _misconceptions_of(items: list[dict] | None) -> tuple[Misconception, ...]:
    return tuple(Misconception(claim=m["claim"], correction=m["correction"], signals=tuple(m.get("signals") or ()),
                               signals_only=m.get("match") == "signals")
                 for m in (items or []) if m.get("claim") and m.get("correction"))


def _premise_of(item: dict | None) -> Premise | None:
    return Premise(point=item["point"], terms=tuple(item.get("terms") or ())) if item and item.get("point") else None


def to_bank_question(row: BankQuestionRow) -> BankQuestion:
    return BankQuestion(
        key=row.key, language=row.language, position=row.position, category=row.category, kind=row.kind,
        difficulty=row.difficulty, text=row.text, key_points=_key_points_of(row.key_points),
        model_answer=row.model_answer or "", follow_ups=tuple(row.follow_ups), tags=tuple(row.tags),
        version=row.version, content_hash=row.content_hash,
        misconceptions=_misconceptions_of(row.misconceptions), premise=_premise_of(row.premise))


async def rows_for_key(db: AsyncSession, key: str, language: str) -> tuple[BankQuestionRow | None, BankQuestionRow | None]:
    """A bank question's row in `language` and its row in the other language (either may be missing)."""
    rows = {r.language: r for r in (await db.execute(
        select(BankQuestionRow).where(BankQuestionRow.key == key))).scalars()}
    return rows.get(language), rows.get("en" if language == "ko" else "ko")


async def bank_context(db: AsyncSession, key: str, language: str) -> QuestionContext | None:
    """The scoring context of a bank question read from its PostgreSQL rows (the single source of
    truth: an admin's edit changes the next evaluation), with the other language's version."""
    row, other = await rows_for_key(db, key, language)
    if row is None:
        return None
    return context_from_bank(to_bank_question(row), to_bank_question(other) if other is not None else None,
                             key_source=row.key_source or "bank")


# --- admin editing ------------------------------------------------------------------------------
async def list_questions(db: AsyncSession, *, language: str | None = None, position: str | None = None,
                         include_retired: bool = False, limit: int = 500, offset: int = 0) -> list[BankQuestionRow]:
    q = select(BankQuestionRow).order_by(BankQuestionRow.position, BankQuestionRow.key, BankQuestionRow.language)
    if language:
        q = q.where(BankQuestionRow.language == language)
    if position:
        q = q.where(BankQuestionRow.position == position)
    if not include_retired:
        q = q.where(BankQuestionRow.retired.is_(False))  # type: ignore[union-attr]
    return list((await db.execute(q.limit(limit).offset(offset))).scalars())


async def get_question(db: AsyncSession, question_id: int) -> BankQuestionRow:
    row = await db.get(BankQuestionRow, question_id)
    if row is None:
        raise NotFound("Question not found.")
    return row


def _slug(text_: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text_.lower()).strip("-")[:60] or "question"


def _check_signals(key_points: list[dict], premise: dict | None, misconceptions: list[dict] | None) -> None:
    """An edit may not make a misconception's signal one of the question's own terms (loader.signals_among_own_terms)."""
    clash = signals_among_own_terms(_key_points_of(key_points), _premise_of(premise), _misconceptions_of(misconceptions))
    if clash:
        raise Invalid(f"These signals are the question's own key-point or premise terms, which right answers use: "
                      f"{', '.join(repr(c) for c in clash)}. Use a phrase only the wrong claim would say.",
                      code="SIGNAL_IS_OWN_TERM")


async def create_question(db: AsyncSession, data: dict) -> BankQuestionRow:
    _check_signals(data["key_points"], data.get("premise"), data.get("misconceptions"))
    key = data.get("key") or f"custom-{data['position']}-{_slug(data['text'])}"
    dup = await db.execute(select(BankQuestionRow.id).where(BankQuestionRow.key == key,
                                                            BankQuestionRow.language == data["language"]))
    if dup.first():
        raise Conflict("A question with this key and language already exists.", code="QUESTION_EXISTS")
    row = BankQuestionRow(key=key, origin="admin", version=1, **{k: v for k, v in data.items() if k != "key"})
    row.content_hash = hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    await _embed_row(row)
    db.add(row)
    await db.commit()
    await db.refresh(row)
    return row


async def update_question(db: AsyncSession, question_id: int, changes: dict) -> BankQuestionRow:
    row = await get_question(db, question_id)
    if {"key_points", "premise", "misconceptions"} & changes.keys():
        _check_signals(changes.get("key_points", row.key_points), changes.get("premise", row.premise),
                       changes.get("misconceptions", row.misconceptions))
    for k, v in changes.items():
        setattr(row, k, v)
    row.origin, row.version, row.updated_at = "admin", row.version + 1, utcnow()
    if {"text", "category", "key_points", "tags"} & changes.keys():
        await _embed_row(row)
    db.add(row)
    await db.commit()
    await db.refresh(row)
    return row


async def retire_question(db: AsyncSession, question_id: int) -> BankQuestionRow:
    return await update_question(db, question_id, {"retired": True})


# --- grading keys written by the LLM for questions without a reference ---------------------------
def llm_key(text_: str, language: str) -> str:
    """The bank key under which an LLM-written grading key for this question text is stored."""
    return "llm-" + hashlib.sha1(f"{language}\n{' '.join(text_.split())}".encode()).hexdigest()[:16]


async def llm_key_context(db: AsyncSession, text_: str, language: str) -> QuestionContext | None:
    """The stored LLM grading key for this exact question text, as a scoring context."""
    row = (await db.execute(select(BankQuestionRow).where(
        BankQuestionRow.key == llm_key(text_, language), BankQuestionRow.language == language))).scalar_one_or_none()
    if row is None:
        return None
    ctx = context_from_bank(to_bank_question(row), key_source="llm")
    ctx.text = text_
    return ctx


async def store_llm_key(db: AsyncSession, text_: str, language: str, position: str, kind: str,
                        key: dict) -> BankQuestionRow:
    """Store a validated LLM grading key once (key_source='llm'), visible to admins among retired rows:
    it grades answers to this question but is not served to other candidates until an admin reviews it."""
    existing = (await db.execute(select(BankQuestionRow).where(
        BankQuestionRow.key == llm_key(text_, language), BankQuestionRow.language == language))).scalar_one_or_none()
    if existing is not None:
        return existing  # another worker wrote it first
    row = BankQuestionRow(
        key=llm_key(text_, language), language=language, position=position, category="LLM", kind=kind,
        difficulty=2, text=" ".join(text_.split()), key_points=key["key_points"], model_answer=key["model_answer"],
        follow_ups=[], misconceptions=key["misconceptions"], key_source="llm", tags=["llm"], origin="llm",
        retired=True, version=1,
        content_hash=hashlib.sha256(json.dumps(key, ensure_ascii=False, sort_keys=True).encode()).hexdigest())
    await _embed_row(row)
    db.add(row)
    await db.commit()
    await db.refresh(row)
    return row
