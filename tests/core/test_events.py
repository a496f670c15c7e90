"""Session events: the real worker publishes on Redis after its commit; the app's one subscriber fans out."""
from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import httpx
import orjson
from redis.asyncio import Redis

from core import events
from tests.conftest import wait_until

ANSWER = ("I add an index on the foreign key and check the plan with EXPLAIN ANALYZE; for example our orders "
          "query went from a sequential scan to an index scan and p95 dropped from 800 ms to 40 ms.")


async def _session(client: httpx.AsyncClient, auth: dict[str, str]) -> tuple[int, list[dict]]:
    r = await client.post("/sessions", headers=auth, json={"user_name": "Ev", "position": "Backend",
                                                           "language": "en", "question_count": 2})
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    return sid, (await client.get(f"/sessions/{sid}/questions", headers=auth)).json()


async def test_evaluation_publishes_an_event_an_in_process_listener_receives(
        client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    sid, qs = await _session(client, auth)
    async with events.hub.listen(sid) as inbox:
        assert await events.hub.wait_ready(10), "the app's subscriber never connected to Redis"
        r = await client.post("/answers", headers=auth, json={"record_id": qs[0]["record_id"], "answer_text": ANSWER})
        assert r.status_code == 202
        # The request told this process at once (a live call moves on); the worker's event follows over Redis.
        answered = inbox.get_nowait()
        assert answered == {"session_id": sid, "kind": events.ANSWERED, "record_id": qs[0]["record_id"]}
        event = await asyncio.wait_for(inbox.get(), 60)
        # Published after the commit: what the event says is already in the database.
        results = (await client.get(f"/sessions/{sid}/results", headers=auth)).json()
    assert event["kind"] == events.EVALUATED and event["session_id"] == sid
    assert event["record_id"] == qs[0]["record_id"] and event["status"] == "done"
    assert event["next_action"] == results["state"]["next_action"]
    first = next(x for x in results["results"] if x["record_id"] == qs[0]["record_id"])
    assert first["evaluation_status"] == "done" and first["evaluation"]["follow_up"]["text"]


async def test_report_ready_is_published_when_the_last_evaluation_lands(
        client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    sid, qs = await _session(client, auth)
    async with events.hub.listen(sid) as inbox:
        assert await events.hub.wait_ready(10)
        for q in qs:
            r = await client.post("/answers", headers=auth, json={"record_id": q["record_id"], "answer_text": ANSWER})
            assert r.status_code == 202
        # Ended while answers are still being scored: the last evaluation triggers the report.
        assert (await client.post(f"/sessions/{sid}/end", headers=auth)).status_code == 200
        seen: list[str] = []
        while events.REPORT_READY not in seen:
            seen.append((await asyncio.wait_for(inbox.get(), 60))["kind"])
    assert seen.count(events.ANSWERED) == len(qs) and seen.count(events.ENDED) == 1
    body = (await client.get(f"/sessions/{sid}/results", headers=auth)).json()
    assert body["report_status"] == "ready" and body["report"]
    assert seen.count(events.EVALUATED) == len(qs)


async def test_other_sessions_events_are_not_delivered(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    sid, _ = await _session(client, auth)
    got: list[dict] = []
    remove = events.hub.add(sid, got.append)
    try:
        assert await events.hub.wait_ready(10)
        await events.publish(sid + 100_000, events.STATE, next_action="end")
        await events.publish(sid, events.STATE, next_action="end")
        await wait_until(lambda: _async(bool(got)), 10, 0.02)
    finally:
        remove()
    assert [e["session_id"] for e in got] == [sid]


async def _async(value: object) -> object:
    return value


async def test_subscriber_survives_a_redis_restart(services: object) -> None:
    """A private Redis (not the session's shared one) is stopped and started again on the same socket."""
    from core.embedded import EmbeddedRedis, stop_process

    rd = EmbeddedRedis(Path(tempfile.mkdtemp(prefix="ic-ev-")))
    proc = rd.spawn()
    hub = events.EventHub(rd.url)
    got: list[dict] = []
    hub.add(7, got.append)

    async def publish(n: int) -> None:
        async with Redis.from_url(rd.url) as r:
            await r.publish(events.channel(7), orjson.dumps({"session_id": 7, "kind": "state", "n": n}))

    try:
        assert await hub.wait_ready(10)
        await publish(1)
        await wait_until(lambda: _async(len(got) == 1), 10, 0.02)
        stop_process(proc, timeout=10)
        await wait_until(lambda: _async(not hub.connected), 30, 0.05)
        proc = rd.spawn()
        assert await hub.wait_ready(30), "the subscriber did not come back after Redis restarted"
        await publish(2)
        await wait_until(lambda: _async(len(got) == 2), 10, 0.02)
    finally:
        await hub.stop()
        stop_process(proc, timeout=10)
    assert [e["n"] for e in got] == [1, 2] and hub.subscriptions >= 2
