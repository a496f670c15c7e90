"""Question selection: language, role, résumé relevance over pgvector, diversity."""
from __future__ import annotations

import httpx
import numpy as np
from sqlalchemy import select

from core.config import settings
from db.engine import db_session
from db.models import BankQuestionRow

RESUME_EN = ("Backend engineer, 5 years. Built event-driven order processing on Apache Kafka (exactly-once "
             "consumers, outbox pattern) and ran 40 microservices on Kubernetes with Helm, HPA autoscaling and "
             "readiness probes.")
RESUME_KO = "백엔드 개발 5년. Kafka 기반 이벤트 처리 파이프라인을 구축했고 Kubernetes 위에서 서비스를 운영했습니다."


async def _questions(client: httpx.AsyncClient, auth: dict[str, str], **body: object) -> list[dict]:
    r = await client.post("/sessions", headers=auth, json={"user_name": "Sel", "position": "Backend", **body})
    assert r.status_code == 201, r.text
    return (await client.get(f"/sessions/{r.json()['id']}/questions", headers=auth)).json()


async def _tags(keys: list[str], language: str) -> list[list[str]]:
    async with db_session() as db:
        rows = (await db.execute(select(BankQuestionRow).where(BankQuestionRow.key.in_(keys),
                                                               BankQuestionRow.language == language))).scalars()
        by_key = {r.key: r.tags for r in rows}
    return [by_key[k] for k in keys]


async def _keys(client: httpx.AsyncClient, auth: dict[str, str], qs: list[dict]) -> list[str]:
    from db.models import InterviewRecord

    async with db_session() as db:
        rows = (await db.execute(select(InterviewRecord.bank_key).where(
            InterviewRecord.id.in_([q["record_id"] for q in qs])).order_by(InterviewRecord.order))).scalars()
        return list(rows)


async def test_resume_steers_questions(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    for lang, resume in (("en", RESUME_EN), ("ko", RESUME_KO)):
        qs = await _questions(client, auth, language=lang, question_count=5, resume_text=resume)
        tags = await _tags(await _keys(client, auth, qs), lang)
        technical = [(q, t) for q, t in zip(qs, tags) if q["kind"] == "technical"]
        hits = [t for _, t in technical if {"kafka", "kubernetes", "k8s"} & set(t)]
        assert len(hits) >= 2, (lang, [q["question_text"] for q, _ in technical])
        reasons = [q["selection_reason"] for q, _ in technical]
        assert any(r.get("matched_tags") for r in reasons) and all("similarity" in r for r in reasons)
        assert {"kafka", "kubernetes"} <= {tag for r in reasons for tag in r.get("matched_tags", [])}, reasons


async def test_questions_in_language_distinct_and_diverse(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    for lang in ("ko", "en"):
        qs = await _questions(client, auth, language=lang, question_count=8)
        texts = [q["question_text"] for q in qs]
        assert len(set(texts)) == 8
        hangul = [any("가" <= ch <= "힣" for ch in t) for t in texts]
        assert all(hangul) if lang == "ko" else not any(hangul)
        kinds = [q["kind"] for q in qs]
        assert "behavioral" in kinds and kinds.count("technical") >= 4
        keys = await _keys(client, auth, qs)
        async with db_session() as db:
            rows = (await db.execute(select(BankQuestionRow).where(BankQuestionRow.key.in_(keys),
                                                                   BankQuestionRow.language == lang))).scalars()
            vecs = np.array([r.embedding for r in rows], dtype=np.float32)
        sims = vecs @ vecs.T
        np.fill_diagonal(sims, 0)
        assert sims.max() <= settings.question_diversity_threshold + 1e-6


async def test_difficulty_is_respected(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    qs = await _questions(client, auth, language="en", question_count=4, difficulty=3)
    levels = [q["selection_reason"]["difficulty"] for q in qs if q["kind"] == "technical"]
    assert sum(level == 3 for level in levels) >= len(levels) - 1
