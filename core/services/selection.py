"""Choosing a session's questions: role, language, difficulty, résumé relevance (pgvector), diversity.

Session creation is on the request path of a classroom arriving at once, so selection is lean: one plain
statement reads only the columns it ranks by (no ORM rows, no JSONB key points, no vectors as text), each
question's vector is parsed once per process and kept while its row is unchanged (keyed by id, updated_at and
embedder, all read in that same statement, so an admin edit or a re-embedding is seen at once), and the ranking
runs in a thread.

A résumé or job description steers by similarity and by its tags: a question gains for the profile's tags that no
question chosen before it matched, so each technology the résumé names is asked about before one is asked twice.
"""
from __future__ import annotations

import asyncio
import random
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from core.config import settings
from core.embeddings import get_embedder


@dataclass(frozen=True, slots=True)
class BankCandidate:
    """The columns of a question_bank row that selection ranks by and a session record copies."""

    id: int
    key: str
    text: str
    kind: str
    category: str
    difficulty: int
    tags: tuple[str, ...]
    embedding: np.ndarray | None = None


@dataclass
class Pick:
    row: BankCandidate
    reason: dict = field(default_factory=dict)


# $1 positions, $2 language, $3 the profile's vector (NULL: no profile). Cosine similarity by pgvector.
_CANDIDATES = """
SELECT id, key, position, text, kind, category, difficulty,
       ARRAY(SELECT jsonb_array_elements_text(tags)) AS tags, updated_at, embedder,
       CASE WHEN $3::real[] IS NULL OR embedding IS NULL THEN NULL
            ELSE 1 - (embedding <=> $3::real[]::vector) END AS sim
FROM question_bank
WHERE position = ANY($1::text[]) AND language = $2 AND NOT retired
"""
_VECTORS = "SELECT id, embedding::real[] AS v FROM question_bank WHERE id = ANY($1::int[])"

# id -> (updated_at, embedder, vector): the bank is small (hundreds of rows), so this stays small too.
_vectors: dict[int, tuple[datetime, str, np.ndarray | None]] = {}
MAX_CACHED_VECTORS = 20_000


async def _raw_connection(db: AsyncSession) -> Any:
    """The asyncpg connection under the caller's session (same transaction, no ORM in between)."""
    conn = await db.connection()
    return (await conn.get_raw_connection()).driver_connection


async def _candidates(db: AsyncSession, *, positions: list[str], language: str,
                      query_vec: list[float] | None) -> list[tuple[str, BankCandidate, float | None]]:
    """(position, candidate, similarity) for every live question of those positions in that language."""
    raw = await _raw_connection(db)
    rows = await raw.fetch(_CANDIDATES, positions, language, query_vec)
    stale = [r["id"] for r in rows if (hit := _vectors.get(r["id"])) is None
             or hit[0] != r["updated_at"] or hit[1] != r["embedder"]]
    if stale:
        fresh = {r["id"]: r["v"] for r in await raw.fetch(_VECTORS, stale)}
        if len(_vectors) + len(stale) > MAX_CACHED_VECTORS:
            _vectors.clear()
        for r in rows:
            if r["id"] in fresh:
                v = fresh[r["id"]]
                _vectors[r["id"]] = (r["updated_at"], r["embedder"],
                                     np.asarray(v, dtype=np.float32) if v is not None else None)
    out = []
    for r in rows:
        cand = BankCandidate(id=r["id"], key=r["key"], text=r["text"], kind=r["kind"], category=r["category"],
                             difficulty=r["difficulty"], tags=tuple(r["tags"] or ()),
                             embedding=_vectors[r["id"]][2] if r["id"] in _vectors else None)
        out.append((r["position"], cand, float(r["sim"]) if r["sim"] is not None else None))
    return out


def _tags_in(text: str, tags: tuple[str, ...] | list[str]) -> list[str]:
    low = text.lower()
    hits = []
    for tag in tags:
        variants = {tag, tag.replace("-", " "), tag.replace("-", "")}
        if any(re.search(rf"(?<![a-z0-9]){re.escape(v)}(?![a-z0-9])", low) for v in variants if len(v) > 1):
            hits.append(tag)
    return hits


# Weight of the résumé's tags a question matches that no question chosen before it matched (at most two count).
_NEW_TAGS_WEIGHT = 0.25


def _diverse(scored: list[tuple[float, BankCandidate, dict]], n: int, taken: list[np.ndarray],
             covered: set[str]) -> list[Pick]:
    """Greedy by score, skipping any question too close to one already chosen. A question's score gains for the
    résumé's tags it matches that no chosen question matched yet (`covered`), so "Kafka and Kubernetes" asks about
    both before a second question on either."""
    picks: list[Pick] = []
    categories: set[str] = set()
    for pass_ in (0, 1, 2):
        while len(picks) < n:
            best: tuple[float, BankCandidate, dict] | None = None
            for score, row, reason in scored:
                if any(p.row.id == row.id for p in picks):
                    continue
                vec = row.embedding
                if (pass_ < 2 and vec is not None and taken
                        and max(float(vec @ t) for t in taken) > settings.question_diversity_threshold):
                    continue
                if pass_ == 0 and row.category in categories:
                    continue  # first pass: one question per topic
                new = [t for t in reason.get("matched_tags", ()) if t not in covered]
                gain = score + _NEW_TAGS_WEIGHT * min(len(new), 2) / 2
                if best is None or gain > best[0]:
                    best = (gain, row, reason)
            if best is None:
                break
            _, row, reason = best
            picks.append(Pick(row, reason))
            categories.add(row.category)
            covered.update(reason.get("matched_tags", ()))
            if row.embedding is not None:
                taken.append(row.embedding)
    return picks


def _rank(candidates: list[tuple[str, BankCandidate, float | None]], plan: list[tuple[str, int, str]],
          profile: str, difficulty: int, rng: random.Random) -> list[Pick]:
    """Score, pick diverse questions per plan step, order them like a real interview (pure CPU: a thread)."""
    chosen: list[Pick] = []
    taken: list[np.ndarray] = []
    covered: set[str] = set()
    for pos, n, kind in plan:
        if n <= 0:
            continue
        scored = []
        for position, row, sim in candidates:
            if position != pos:
                continue
            # Prefer the requested level; a neighbouring level is a fallback, not excluded.
            level_fit = 1.0 - 0.35 * abs(row.difficulty - difficulty)
            tags = _tags_in(profile, row.tags) if profile else []
            if sim is not None:
                # The tags' share is added in _diverse, counting only those no chosen question matched yet.
                score = 0.6 * sim + 0.15 * level_fit + rng.random() * 0.02
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
        chosen.extend(_diverse(scored, n, taken, covered))
    # Technical questions first, behavioural ones interleaved near the end, like a real interview.
    tech = [p for p in chosen if p.reason["kind"] == "technical"]
    beh = [p for p in chosen if p.reason["kind"] == "behavioral"]
    ordered = beh[:1] + tech + beh[1:] if len(beh) > 1 else tech + beh
    for rank, p in enumerate(ordered, 1):
        p.reason["rank"] = rank
    return ordered


async def select_questions(db: AsyncSession, *, position: str, language: str, difficulty: int, count: int,
                           resume_text: str | None = None, job_description: str | None = None,
                           seed: int | None = None) -> list[Pick]:
    rng = random.Random(seed)
    profile = "\n".join(t for t in (resume_text, job_description) if t and t.strip())
    query_vec = None
    if profile:
        vec = await asyncio.to_thread(get_embedder().embed, [profile[:4000]], kind="query")
        query_vec = [float(x) for x in vec[0]]
    if position == "behavioral":
        n_behavioral = count
    else:
        n_behavioral = round(count * settings.behavioral_share) if count >= 3 else 0
    plan = [(position, count - n_behavioral, "technical"), ("behavioral", n_behavioral, "behavioral")]
    positions = sorted({pos for pos, n, _ in plan if n > 0})
    candidates = await _candidates(db, positions=positions, language=language, query_vec=query_vec)
    return await asyncio.to_thread(_rank, candidates, plan, profile, difficulty, rng)
