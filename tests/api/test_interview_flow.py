"""A complete text interview through the REST API, with a real worker scoring the answers."""
from __future__ import annotations

import httpx

from tests.api.test_auth import assert_envelope
from tests.conftest import register_and_login, wait_evaluated, wait_until

GOOD_EN = ("I design REST APIs around resources with plural nouns like /orders, use GET to read, POST to create, "
           "PUT and PATCH to update and DELETE to remove. GET, PUT and DELETE are idempotent. I return proper "
           "status codes such as 201 Created and 404 Not Found, and version the API under /v1. For example at my "
           "last job I designed an order API used by 30 services and added pagination and HATEOAS links.")


async def test_complete_interview(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    r = await client.post("/sessions", headers=auth, json={"user_name": "Kim", "position": "Backend developer",
                                                           "language": "en", "question_count": 4})
    assert r.status_code == 201, r.text
    s = r.json()
    for field in ("id", "user_id", "user_name", "position", "created_at", "status", "emotion_summary", "state"):
        assert field in s
    assert s["state"] == {"scenario": "standard", "stage": "intro", "next_action": "next_question",
                          "retry_count": 0}
    sid = s["id"]
    qs = (await client.get(f"/sessions/{sid}/questions", headers=auth)).json()
    assert len(qs) == 4 and [q["order"] for q in qs] == [1, 2, 3, 4]
    assert len({q["question_text"] for q in qs}) == 4
    assert all(q["question_text"].isascii() or "?" in q["question_text"] for q in qs)

    for q in qs:
        r = await client.post("/answers", headers=auth, json={"record_id": q["record_id"], "answer_text": GOOD_EN})
        assert r.status_code == 202, r.text
        assert r.json()["status"] == "submitted" and r.json()["record_id"] == q["record_id"]
        assert set(r.json()["state"]) == {"scenario", "stage", "next_action", "retry_count"}
    await wait_evaluated(client, auth, sid)

    status = (await client.get(f"/sessions/{sid}", headers=auth)).json()
    assert status["total_questions"] == 4 and status["answered_questions"] == 4
    assert status["pending_evaluations"] == 0

    r = await client.post(f"/sessions/{sid}/follow-up", headers=auth)
    assert r.status_code == 201, r.text
    fu = r.json()
    assert fu["question"] and fu["record_id"]
    qs2 = (await client.get(f"/sessions/{sid}/questions", headers=auth)).json()
    follow = next(q for q in qs2 if q["record_id"] == fu["record_id"])
    assert follow["source"] == "follow_up" and follow["parent_id"] is not None
    r = await client.post("/answers", headers=auth, json={"record_id": fu["record_id"],
                                                          "answer_text": "For example, we cut p95 latency by 40%."})
    assert r.status_code == 202
    await wait_evaluated(client, auth, sid)

    r = await client.post(f"/sessions/{sid}/end", headers=auth)
    assert r.status_code == 200 and r.json()["status"] == "completed"
    assert r.json()["state"]["stage"] == "complete" and r.json()["state"]["next_action"] == "show_results"

    async def report_ready() -> dict | None:
        body = (await client.get(f"/sessions/{sid}/results", headers=auth)).json()
        return body if body["report_status"] == "ready" else None

    res = await wait_until(report_ready, 60)
    assert len(res["results"]) == 5
    for item in res["results"]:
        ev = item["evaluation"]
        assert item["evaluation_status"] == "done"
        assert 1 <= ev["technical_score"] <= 5 and 1 <= ev["communication_score"] <= 5
        assert 0 <= ev["overall"] <= 100
        for f in ("strengths", "weaknesses", "total_feedback"):
            assert isinstance(ev[f], str) and ev[f]
        assert "question" in item and "answer" in item and "emotion" in item
    assert res["report"] and "overall" in res["report"]

    hist = (await client.get(f"/sessions/{sid}/history", headers=auth)).json()
    intents = [h["intent"] for h in hist]
    assert intents[0] == "session_created" and "answer_evaluated" in intents and intents[-1] in (
        "session_ended", "answer_evaluated")
    assert "session_ended" in intents
    for h in hist:
        assert h["stage"] in ("intro", "question", "answer", "evaluation", "complete")
        assert h["next_action"] in ("next_question", "retry", "follow_up", "end", "show_results")

    listed = (await client.get("/sessions", headers=auth)).json()
    assert listed[0]["id"] == sid


async def test_resubmitting_same_answer_is_idempotent(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    s = (await client.post("/sessions", headers=auth, json={"user_name": "Lee", "position": "프론트엔드 개발자",
                                                            "question_count": 2})).json()
    assert s["language"] == "ko"
    q = (await client.get(f"/sessions/{s['id']}/questions", headers=auth)).json()[0]
    body = {"record_id": q["record_id"], "answer_text": "리액트에서 상태가 바뀌면 컴포넌트가 다시 렌더링됩니다."}
    r1 = await client.post("/answers", headers=auth, json=body)
    r2 = await client.post("/answers", headers=auth, json=body)
    assert r1.status_code == r2.status_code == 202
    hist = (await client.get(f"/sessions/{s['id']}/history", headers=auth)).json()
    assert sum(h["intent"] == "answer_submitted" for h in hist) == 1
    other = {"record_id": q["record_id"], "answer_text": "완전히 다른 답변입니다."}
    await wait_evaluated(client, auth, s["id"])
    after = (await client.get(f"/sessions/{s['id']}", headers=auth)).json()
    r3 = await client.post("/answers", headers=auth, json=other)
    if after["next_action"] == "retry":
        assert r3.status_code == 202
    else:
        assert_envelope(r3, 409, "ANSWER_EXISTS")


async def test_non_answer_scores_lowest_and_offers_retry(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    s = (await client.post("/sessions", headers=auth, json={"user_name": "Park", "position": "Backend",
                                                            "language": "en", "question_count": 2})).json()
    q = (await client.get(f"/sessions/{s['id']}/questions", headers=auth)).json()[0]
    await client.post("/answers", headers=auth, json={"record_id": q["record_id"], "answer_text": "I don't know."})
    res = await wait_evaluated(client, auth, s["id"])
    ev = res["results"][0]["evaluation"]
    assert ev["technical_score"] == 1 and ev["overall"] < 15
    st = (await client.get(f"/sessions/{s['id']}", headers=auth)).json()
    assert st["next_action"] == "retry"
    r = await client.post("/answers", headers=auth, json={"record_id": q["record_id"], "answer_text": GOOD_EN})
    assert r.status_code == 202 and r.json()["state"]["retry_count"] == 1


async def test_ownership_hides_other_users_sessions(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    s = (await client.post("/sessions", headers=auth, json={"user_name": "Owner", "position": "DevOps",
                                                            "language": "en", "question_count": 1})).json()
    q = (await client.get(f"/sessions/{s['id']}/questions", headers=auth)).json()[0]
    other = await register_and_login(client)
    for method, path in [("get", f"/sessions/{s['id']}"), ("get", f"/sessions/{s['id']}/questions"),
                         ("get", f"/sessions/{s['id']}/results"), ("get", f"/sessions/{s['id']}/history"),
                         ("post", f"/sessions/{s['id']}/end"), ("post", f"/sessions/{s['id']}/follow-up"),
                         ("delete", f"/sessions/{s['id']}")]:
        assert_envelope(await client.request(method, path, headers=other), 404)
    assert_envelope(await client.post("/answers", headers=other,
                                      json={"record_id": q["record_id"], "answer_text": "mine now"}), 404)
    assert (await client.get("/sessions", headers=other)).json() == []
    # and the owner still sees it untouched
    assert (await client.get(f"/sessions/{s['id']}/questions", headers=auth)).json()[0]["answered"] is False


async def test_bad_input_answers_with_envelope(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    assert_envelope(await client.post("/sessions", headers=auth, json={"position": "Backend"}), 422)
    assert_envelope(await client.post("/sessions", headers=auth, json={"user_name": "A", "position": "Backend",
                                                                       "question_count": "many"}), 422)
    assert_envelope(await client.post("/sessions", headers=auth, json={"user_name": "A", "position": "Backend",
                                                                       "language": "fr"}), 422)
    assert_envelope(await client.post("/sessions", headers=auth, json={"user_name": "A", "position": "x" * 100_000}),
                    422)
    assert_envelope(await client.get("/sessions/999999", headers=auth), 404, "SESSION_NOT_FOUND")
    assert_envelope(await client.get("/sessions/abc", headers=auth), 422)
    assert_envelope(await client.post("/answers", headers=auth, json={"record_id": 99999999, "answer_text": "x"}),
                    404, "RECORD_NOT_FOUND")
    s = (await client.post("/sessions", headers=auth, json={"user_name": "A", "position": "Backend",
                                                            "language": "en", "question_count": 1})).json()
    q = (await client.get(f"/sessions/{s['id']}/questions", headers=auth)).json()[0]
    assert_envelope(await client.post("/answers", headers=auth, json={"record_id": q["record_id"],
                                                                      "answer_text": "y" * 100_000}), 422)
    assert_envelope(await client.post("/answers", headers=auth, json={"record_id": q["record_id"],
                                                                      "answer_text": "   "}), 422, "EMPTY_ANSWER")
    assert_envelope(await client.post(f"/sessions/{s['id']}/follow-up", headers=auth), 409, "NOTHING_TO_FOLLOW_UP")
    await client.post(f"/sessions/{s['id']}/end", headers=auth)
    assert_envelope(await client.post("/answers", headers=auth, json={"record_id": q["record_id"],
                                                                      "answer_text": "late"}), 409, "SESSION_ENDED")
    assert_envelope(await client.get("/no-such-endpoint-here", headers=auth), 404)


async def test_delete_session(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    s = (await client.post("/sessions", headers=auth, json={"user_name": "A", "position": "Mobile",
                                                            "language": "en", "question_count": 1})).json()
    assert (await client.delete(f"/sessions/{s['id']}", headers=auth)).status_code == 200
    assert_envelope(await client.get(f"/sessions/{s['id']}", headers=auth), 404)


async def test_failed_request_rolls_back(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    """A session whose question selection fails leaves nothing behind."""
    from sqlalchemy import func, select

    from db.engine import db_session
    from db.models import InterviewSession

    async with db_session() as db:
        before = (await db.execute(select(func.count()).select_from(InterviewSession))).scalar_one()
    # Retire every English DevOps and behavioural question through the admin API, then try to start one.
    from core.services import bank

    async with db_session() as db:
        rows = await bank.list_questions(db, language="en", position="devops")
        for row in rows:
            row.retired = True
            db.add(row)
        await db.commit()
    try:
        r = await client.post("/sessions", headers=auth, json={"user_name": "A", "position": "DevOps", "language": "en",
                                                               "question_count": 1})
        assert_envelope(r, 422, "NO_QUESTIONS")
        async with db_session() as db:
            after = (await db.execute(select(func.count()).select_from(InterviewSession))).scalar_one()
        assert after == before
    finally:
        async with db_session() as db:
            for row in await bank.list_questions(db, language="en", position="devops", include_retired=True):
                row.retired = False
                db.add(row)
            await db.commit()


async def test_health(client: httpx.AsyncClient) -> None:
    async def healthy() -> dict | None:
        body = (await client.get("/health")).json()
        return body if body["worker"]["ok"] else None

    body = await wait_until(healthy, 30)
    assert body["database"]["ok"] and body["redis"]["ok"] and isinstance(body["queue"]["depth"], int)
    assert "secret" not in str(body).lower() and "postgresql://" not in str(body)


async def test_openapi_documents_contract(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    for path in ("/register", "/token", "/users/me", "/sessions", "/sessions/{session_id}",
                 "/sessions/{session_id}/questions", "/answers", "/sessions/{session_id}/follow-up",
                 "/sessions/{session_id}/end", "/sessions/{session_id}/results", "/sessions/{session_id}/history",
                 "/health"):
        assert path in spec["paths"], path
    assert (await client.get("/docs")).status_code == 200
