"""Choosing a session's questions: role, language, difficulty, résumé relevance (pgvector), diversity."""
from __future__ import annotations

import asyncio
import random
import re
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.config import settings
from core.embeddings import get_embedder
from db.models import BankQuestionRow


@dataclass
class Pick:
    row: BankQuestionRow
    reason: dict = field(default_factory=dict)


def _tags_in(text: str, tags: list[str]) -> list[str]:
    low = text.lower()
    hits = []
    for tag in tags:
        variants = {tag, tag.replace("-", " "), tag.replace("-", "")}
        if any(re.search(rf"(?<![a-z0-9]){re.escape(v)}(?![a-z0-9])", low) for v in variants if len(v) > 1):
            hits.append(tag)
    return hits


async def _candidates(db: AsyncSession, *, position: str, language: str,
                      query_vec: list[float] | None) -> list[tuple[BankQuestionRow, float | None]]:
    cols = [BankQuestionRow]
    if query_vec is not None:
        # Cosine similarity computed by pgvector (<=> is cosine distance).
        cols.append((1 - BankQuestionRow.embedding.cosine_distance(query_vec)).label("sim"))  # type: ignore[union-attr]
    q = select(*cols).where(BankQuestionRow.position == position, BankQuestionRow.language == language,
                            BankQuestionRow.retired.is_(False))  # type: ignore[union-attr]
    if query_vec is not None:
        q = q.order_by(BankQuestionRow.embedding.cosine_distance(query_vec))  # type: ignore[union-attr]
    rows = (await db.execute(q)).all()
    return [(r[0], float(r[1]) if query_vec is not None and r[1] is not None else None) for r in rows]


def _diverse(scored: list[tuple[float, BankQuestionRow, dict]], n: int, taken: list[np.ndarray]) -> list[Pick]:
    """Greedy by score, skipping any question too close to one already chosen."""
    picks: list[Pick] = []
    categories: set[str] = set()
    for pass_ in (0, 1, 2):
        for score, row, reason in scored:
            if len(picks) >= n:
                return picks
            if any(p.row.id == row.id for p in picks):
                continue
            vec = np.asarray(row.embedding, dtype=np.float32) if row.embedding is not None else None
            if pass_ < 2 and vec is not None and taken:
                if max(float(vec @ t) for t in taken) > settings.question_diversity_threshold:
                    continue
            if pass_ == 0 and row.category in categories:
                continue  # first pass: one question per topic
            picks.append(Pick(row, reason))
            categories.add(row.category)
            if vec is not None:
                taken.append(vec)
    return picks


async def select_questions(db: AsyncSession, *, position: str, language: str, difficulty: int, count: int,
                           resume_text: str | None = None, job_description: str | None = None,
                           seed: int | None = None) -> list[Pick]:
    rng = random.Random(seed)
    profile = "\n".join(t for t in (resume_text, job_description) if t and t.strip())
    query_vec = None
    if profile:
        vec = await asyncio.to_thread(get_embedder().embed, [profile[:4000]], kind="query")
        query_vec = vec[0].tolist()
    if position == "behavioral":
        n_behavioral = count
    else:
        n_behavioral = round(count * settings.behavioral_share) if count >= 3 else 0
    plan = [(position, count - n_behavioral, "technical"), ("behavioral", n_behavioral, "behavioral")]
    chosen: list[Pick] = []
    taken: list[np.ndarray] = []
    for pos, n, kind in plan:
        if n <= 0:
            continue
        scored = []
        for row, sim in await _candidates(db, position=pos, language=language, query_vec=query_vec):
            # Prefer the requested level; a neighbouring level is a fallback, not excluded.
            level_fit = 1.0 - 0.35 * abs(row.difficulty - difficulty)
            tags = _tags_in(profile, list(row.tags)) if profile else []
            if sim is not None:
                score = 0.6 * sim + 0.25 * min(len(tags), 2) / 2 + 0.15 * level_fit + rng.random() * 0.02
            else:
                score = level_fit + rng.random() * 0.6
            reason: dict = {"kind": kind, "difficulty": row.difficulty, "category": row.category}
            if sim is not None:
                reason.update(similarity=round(sim, 3), matched_tags=tags,
                              why="profile" if (tags or sim > 0.3) else "role")
            else:
                reason["why"] = "role"
            scored.append((score, row, reason))
        scored.sort(key=lambda t: t[0], reverse=True)
        chosen.extend(_diverse(scored, n, taken))
    # Technical questions first, behavioural ones interleaved near the end, like a real interview.
    tech = [p for p in chosen if p.reason["kind"] == "technical"]
    beh = [p for p in chosen if p.reason["kind"] == "behavioral"]
    ordered = beh[:1] + tech + beh[1:] if len(beh) > 1 else tech + beh
    for rank, p in enumerate(ordered, 1):
        p.reason["rank"] = rank
    return ordered
