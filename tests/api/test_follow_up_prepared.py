"""POST /sessions/{id}/follow-up inserts the follow-up the worker prepared; it never writes one itself."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess

import httpx
import pytest
from sqlalchemy import select

from core.services import followups
from db.engine import db_session
from db.models import InterviewRecord
from tests.api.test_auth import assert_envelope
from tests.conftest import wait_evaluated

# Thin on purpose (no example, few key points): the state machine asks for a follow-up.
THIN = "An index makes queries faster."


async def _answered(client: httpx.AsyncClient, auth: dict[str, str], n: int = 2) -> tuple[int, list[dict]]:
    r = await client.post("/sessions", headers=auth, json={"user_name": "Fu", "position": "Backend",
                                                           "language": "en", "question_count": n})
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    qs = (await client.get(f"/sessions/{sid}/questions", headers=auth)).json()
    r = await client.post("/answers", headers=auth, json={"record_id": qs[0]["record_id"], "answer_text": THIN})
    assert r.status_code == 202
    await wait_evaluated(client, auth, sid)
    return sid, qs


async def _record(record_id: int) -> InterviewRecord:
    async with db_session() as db:
        rec = await db.get(InterviewRecord, record_id)
        assert rec is not None
        return rec


def _forbid_writing_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """The API runs in this process (the worker in its own): writing or scoring here now fails the request."""
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the API wrote a follow-up itself")

    for name in ("make_follow_up", "evaluate_answer", "evaluate_answer_async", "_llm_follow_up"):
        monkeypatch.setattr(followups, name, refuse)


async def test_follow_up_returns_the_text_the_worker_prepared(client: httpx.AsyncClient, auth: dict[str, str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    sid, qs = await _answered(client, auth)
    _forbid_writing_here(monkeypatch)
    parent = await _record(qs[0]["record_id"])
    # Before any POST, the worker has stored the follow-up with the evaluation.
    prepared = parent.evaluation["follow_up"]
    assert prepared["text"] and prepared["method"] == "rules" and prepared["answer_hash"] == parent.answer_hash
    r = await client.post(f"/sessions/{sid}/follow-up", headers=auth)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["question"] == prepared["text"]
    assert body["state"]["next_action"] == "next_question"
    child = await _record(body["record_id"])
    assert child.parent_id == parent.id and child.source == "follow_up" and child.order == parent.order + 1
    assert child.selection_reason["prepared_by"] == "worker"


async def test_a_follow_up_answer_is_graded_on_what_it_asks_about_the_parent(client: httpx.AsyncClient,
                                                                            auth: dict[str, str]) -> None:
    sid, qs = await _answered(client, auth)
    parent = await _record(qs[0]["record_id"])
    assert parent.bank_key
    r = await client.post(f"/sessions/{sid}/follow-up", headers=auth)
    assert r.status_code == 201, r.text
    child_id = r.json()["record_id"]
    r = await client.post("/answers", headers=auth, json={"record_id": child_id, "answer_text": THIN})
    assert r.status_code == 202, r.text
    await wait_evaluated(client, auth, sid)
    child = (await _record(child_id)).evaluation
    points = set(child["matched_key_points"]) | set(child["missed_key_points"])
    parents = set(parent.evaluation["matched_key_points"]) | set(parent.evaluation["missed_key_points"])
    # The parent's points it names, not "the key concepts (Thanks, mention, …)" of the follow-up's own wording.
    assert child["reference"] == "neighbour" and points & parents, (r.json(), points)
    assert not any(p.startswith("the key concepts") for p in points), points


async def test_an_evaluation_without_a_prepared_text_is_prepared_by_the_worker(
        client: httpx.AsyncClient, auth: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """An evaluation stored before this feature has no follow-up: the API asks the worker and waits for it."""
    sid, qs = await _answered(client, auth)
    _forbid_writing_here(monkeypatch)
    async with db_session() as db:
        rec = await db.get(InterviewRecord, qs[0]["record_id"])
        assert rec is not None
        rec.evaluation = {k: v for k, v in rec.evaluation.items() if k != "follow_up"}
        db.add(rec)
        await db.commit()
    r = await client.post(f"/sessions/{sid}/follow-up", headers=auth)
    assert r.status_code == 201, r.text
    parent = await _record(qs[0]["record_id"])
    assert r.json()["question"] == parent.evaluation["follow_up"]["text"]  # written by the prepare_follow_up job
    assert (await _record(r.json()["record_id"])).selection_reason["prepared_by"] == "worker"


async def test_concurrent_follow_up_posts_create_one_follow_up(client: httpx.AsyncClient,
                                                               auth: dict[str, str]) -> None:
    sid, qs = await _answered(client, auth)
    replies = await asyncio.gather(*(client.post(f"/sessions/{sid}/follow-up", headers=auth) for _ in range(4)))
    assert [r.status_code for r in replies] == [201] * 4, [r.text for r in replies]
    assert len({r.json()["record_id"] for r in replies}) == 1
    async with db_session() as db:
        children = list((await db.execute(select(InterviewRecord).where(
            InterviewRecord.session_id == sid, InterviewRecord.source == "follow_up"))).scalars())
    assert len(children) == 1 and children[0].parent_id == qs[0]["record_id"]
    # Orders stay a permutation: the follow-up sits right after its parent, the next question moved down.
    qs2 = (await client.get(f"/sessions/{sid}/questions", headers=auth)).json()
    assert [q["order"] for q in qs2] == list(range(1, len(qs2) + 1))


async def test_explicit_question_and_answer_still_get_a_follow_up(client: httpx.AsyncClient,
                                                                 auth: dict[str, str]) -> None:
    sid, _ = await _answered(client, auth)
    r = await client.post(f"/sessions/{sid}/follow-up", headers=auth,
                          json={"question": "How do you design a REST API?", "answer": "With resources."})
    assert r.status_code == 201, r.text
    child = await _record(r.json()["record_id"])
    assert child.question_text == r.json()["question"] and child.parent_id is None
    assert child.selection_reason["prepared_by"] == "api"


async def test_ended_session_refuses_follow_ups(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    sid, _ = await _answered(client, auth, n=1)
    await client.post(f"/sessions/{sid}/end", headers=auth)
    assert_envelope(await client.post(f"/sessions/{sid}/follow-up", headers=auth), 409, "SESSION_ENDED")


async def test_without_a_worker_the_client_is_told_to_retry(client: httpx.AsyncClient, auth: dict[str, str],
                                                            worker: subprocess.Popen,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Answer still being scored and no worker running: 409 FOLLOW_UP_PENDING (retryable), nothing computed here;
    once the worker runs, the same POST succeeds with its text."""
    from core.config import settings

    r = await client.post("/sessions", headers=auth, json={"user_name": "Fu", "position": "Backend",
                                                           "language": "en", "question_count": 1})
    sid = r.json()["id"]
    rid = (await client.get(f"/sessions/{sid}/questions", headers=auth)).json()[0]["record_id"]
    _forbid_writing_here(monkeypatch)
    monkeypatch.setattr(settings, "follow_up_wait_seconds", 1.5)
    os.kill(worker.pid, signal.SIGSTOP)
    try:
        assert (await client.post("/answers", headers=auth, json={"record_id": rid, "answer_text": THIN})
                ).status_code == 202
        body = assert_envelope(await client.post(f"/sessions/{sid}/follow-up", headers=auth), 409,
                               "FOLLOW_UP_PENDING")
        assert body["retry_available"] is True
        assert (await _record(rid)).evaluation_status == "pending"  # the API did not score it either
    finally:
        os.kill(worker.pid, signal.SIGCONT)
    monkeypatch.setattr(settings, "follow_up_wait_seconds", 30.0)
    r = await client.post(f"/sessions/{sid}/follow-up", headers=auth)
    assert r.status_code == 201, r.text
    assert r.json()["question"] == (await _record(rid)).evaluation["follow_up"]["text"]
