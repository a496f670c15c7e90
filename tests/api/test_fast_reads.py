"""The hot reads on plain asyncpg answer exactly what the ORM services answer, with the same access rules."""
from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import pytest
from sqlalchemy import select

from core.config import settings
from core.schemas import ResultItem, ResultsPublic, SessionStatus
from core.services import interviews
from core.state import state_of
from db.engine import db_session
from db.models import User
from tests.api.test_admin import _admin
from tests.api.test_auth import assert_envelope
from tests.conftest import register_and_login, wait_evaluated

ANSWER = ("I would put an index on the foreign key, cache hot reads in Redis with a short TTL and invalidate the "
          "key on every write, then measure p95 latency before and after the change.")


async def _started(client: httpx.AsyncClient) -> tuple[str, dict[str, str], int]:
    name = f"f{uuid.uuid4().hex[:10]}"
    headers = await register_and_login(client, name)
    r = await client.post("/sessions", headers=headers,
                          json={"user_name": "Kim", "position": "Backend", "language": "en", "question_count": 3})
    assert r.status_code == 201, r.text
    return name, headers, r.json()["id"]


async def _orm_answers(username: str, session_id: int) -> tuple[dict, dict]:
    """What the routes answered before the fast path: the ORM services through the response models."""
    async with db_session() as db:
        user = (await db.execute(select(User).where(User.username == username))).scalar_one()
        status = SessionStatus.model_validate(await interviews.session_status(db, user, session_id))
        s, records = await interviews.results(db, user, session_id)
        results = ResultsPublic(
            session_id=session_id, status=s.status, state=state_of(s), report=s.report,
            report_status=s.report_status,
            results=[ResultItem(record_id=r.id or 0, order=r.order, question=r.question_text, answer=r.answer_text,
                                evaluation_status=r.evaluation_status, evaluation=r.evaluation, emotion=r.emotion,
                                speech_metrics=r.speech_metrics, parent_id=r.parent_id) for r in records])
    return status.model_dump(mode="json"), results.model_dump(mode="json")


async def test_fast_reads_answer_what_the_orm_services_answer(client: httpx.AsyncClient) -> None:
    name, headers, sid = await _started(client)
    questions = (await client.get(f"/sessions/{sid}/questions", headers=headers)).json()
    r = await client.post("/answers", headers=headers, json={"record_id": questions[0]["record_id"],
                                                             "answer_text": ANSWER})
    assert r.status_code == 202, r.text
    await wait_evaluated(client, headers, sid)

    status = await client.get(f"/sessions/{sid}", headers=headers)
    results = await client.get(f"/sessions/{sid}/results", headers=headers)
    assert status.status_code == 200 and results.status_code == 200
    assert status.headers["content-type"] == results.headers["content-type"] == "application/json"
    want_status, want_results = await _orm_answers(name, sid)
    assert status.json() == want_status
    assert results.json() == want_results
    # and not trivially: the counts and the evaluation are really there
    assert status.json()["total_questions"] == 3 and status.json()["answered_questions"] == 1
    first = results.json()["results"][0]
    assert first["answer"] == ANSWER and first["evaluation_status"] == "done"
    assert isinstance(first["evaluation"], dict) and "overall" in first["evaluation"]


async def test_fast_reads_keep_ownership_revocation_and_admin_rules(client: httpx.AsyncClient) -> None:
    _, owner, sid = await _started(client)
    stranger = await register_and_login(client)
    admin = await _admin(client)
    for path in (f"/sessions/{sid}", f"/sessions/{sid}/results"):
        assert (await client.get(path, headers=owner)).status_code == 200
        assert_envelope(await client.get(path, headers=stranger), 404, "SESSION_NOT_FOUND")
        assert (await client.get(path, headers=admin)).status_code == 200
        assert_envelope(await client.get(path), 401)
        assert_envelope(await client.get(path, headers={"Authorization": "Bearer not.a.token"}), 401,
                        "INVALID_TOKEN")
        assert_envelope(await client.get(f"/sessions/{2**31}", headers=owner), 404)
    assert (await client.post("/logout", headers=owner)).status_code == 200
    for path in (f"/sessions/{sid}", f"/sessions/{sid}/results"):  # at once, even though the token was cached
        assert_envelope(await client.get(path, headers=owner), 401, "TOKEN_REVOKED")


async def test_rate_limit_counts_locally_and_sees_other_processes(client: httpx.AsyncClient,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from core.queue import get_pool

    if time.time() % 60 > 50:  # budgets are per minute: keep the whole test inside one
        await asyncio.sleep(60.5 - time.time() % 60)
    _, headers, sid = await _started(client)
    monkeypatch.setattr(settings, "rate_limit_per_minute", 4)  # POST /sessions was the first
    codes = [(await client.get(f"/sessions/{sid}", headers=headers)).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    body = assert_envelope(await client.get(f"/sessions/{sid}/results", headers=headers), 429, "RATE_LIMITED")
    assert body["retry_available"] is True

    # Another replica's requests reach this one through Redis within rate_limit_sync_seconds.
    other = await register_and_login(client)
    monkeypatch.setattr(settings, "rate_limit_per_minute", 50)
    assert (await client.get("/users/me", headers=other)).status_code == 200
    user_id = (await client.get("/users/me", headers=other)).json()["id"]
    pool = await get_pool()
    await pool.incrby(f"ratelimit:{user_id}:{int(time.time() // 60)}", 100)
    # A sync that outlasts redis_guard_timeout_seconds (a loaded machine) fails open and the next one retries:
    # the other replica's count must be seen within a few sync periods, not necessarily the first.
    for _ in range(10):
        await asyncio.sleep(settings.rate_limit_sync_seconds + 0.05)
        r = await client.get("/users/me", headers=other)
        if r.status_code == 429:
            break
    assert_envelope(r, 429, "RATE_LIMITED")
