"""Ranking a session's questions (core/services/selection._rank): the résumé's tags are covered before repeated."""
from __future__ import annotations

import random

import pytest

from core.embeddings import get_embedder
from core.question_bank.loader import load_bank
from core.services.bank import embedding_text
from core.services.selection import BankCandidate, _rank
from tests.api.test_selection import RESUME_EN, RESUME_KO


@pytest.mark.parametrize(("lang", "resume"), [("en", RESUME_EN), ("ko", RESUME_KO)])
def test_every_tag_of_the_resume_is_asked_before_one_is_asked_twice(lang: str, resume: str) -> None:
    # The English résumé matches Kafka, the outbox, microservices and Kubernetes. Before, a flat bonus for any matched
    # tag let a second microservices question (gRPC) edge out the Kubernetes one in about 1 session in 20.
    questions = [q for q in load_bank() if q.language == lang and q.position in ("backend", "behavioral")]
    embedder = get_embedder()
    vectors = embedder.embed([embedding_text(q) for q in questions])
    profile = embedder.embed([resume], kind="query")[0]
    candidates = [(q.position, BankCandidate(id=i, key=q.key, text=q.text, kind=q.kind, category=q.category,
                                             difficulty=q.difficulty, tags=tuple(q.tags), embedding=vectors[i]),
                   float(vectors[i] @ profile)) for i, q in enumerate(questions)]
    plan = [("backend", 3, "technical"), ("behavioral", 2, "behavioral")]
    for seed in range(200):
        picks = _rank(candidates, plan, resume, 2, random.Random(seed))
        technical = [set(p.row.tags) for p in picks if p.reason["kind"] == "technical"]
        assert len(technical) == 3 and len(picks) == 5
        assert any("kafka" in t for t in technical) and any("kubernetes" in t for t in technical), (seed, technical)
