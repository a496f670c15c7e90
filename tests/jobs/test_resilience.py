"""Nothing the candidate gave is lost: queue outages and a worker killed mid-job."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess

import httpx
from sqlalchemy import select, text

from core.config import settings
from core.queue import close_pool, get_pool
from db.engine import db_session
from db.models import InterviewRecord
from tests.conftest import start_worker, stop_worker, wait_until


async def _new_question(client: httpx.AsyncClient, auth: dict[str, str]) -> tuple[int, int]:
    s = (await client.post("/sessions", headers=auth, json={"user_name": "R", "position": "Backend",
                                                            "language": "en", "question_count": 1})).json()
    q = (await client.get(f"/sessions/{s['id']}/questions", headers=auth)).json()[0]
    return s["id"], q["record_id"]


async def _status(record_id: int) -> str:
    async with db_session() as db:
        return (await db.execute(select(InterviewRecord.evaluation_status)
                                 .where(InterviewRecord.id == record_id))).scalar_one()


async def test_answer_saved_when_queue_unreachable(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    _, rid = await _new_question(client, auth)
    real = settings.redis_url
    settings.redis_url = "unix:///nonexistent/redis.sock"
    await close_pool()
    try:
        r = await client.post("/answers", headers=auth, json={"record_id": rid, "answer_text": "Saved regardless."})
        assert r.status_code == 202, r.text
    finally:
        settings.redis_url = real
        await close_pool()
    assert await _status(rid) == "pending"

    async def evaluated() -> bool:
        return await _status(rid) == "done"

    # The worker's sweeper finds the saved answer and evaluates it.
    await wait_until(evaluated, timeout=60, interval=0.5)


async def test_worker_killed_mid_job_loses_nothing(client: httpx.AsyncClient, auth: dict[str, str],
                                                   worker: subprocess.Popen) -> None:
    _, rid = await _new_question(client, auth)
    os.kill(worker.pid, signal.SIGSTOP)  # only the doomed worker may take the job
    doomed = None
    try:
        r = await client.post("/answers", headers=auth, json={"record_id": rid, "answer_text": "REST uses HTTP verbs."})
        assert r.status_code == 202
        async with db_session() as lock_db:
            # Hold the record's row lock so the job blocks while saving its result: it is truly mid-job.
            await lock_db.execute(text("SELECT id FROM interview_records WHERE id = :id FOR UPDATE"), {"id": rid})
            doomed = start_worker({"JOB_TIMEOUT_SECONDS": "3"})
            pool = await get_pool()

            async def started() -> bool:
                keys = await pool.keys(f"arq:in-progress:eval:{rid}:*")
                return bool(keys)

            # A new worker warms its models first: minutes on a loaded 2-core machine, not seconds.
            await wait_until(started, timeout=300, interval=0.05)
            await asyncio.sleep(1.0)
            doomed.kill()
            doomed.wait()
            await lock_db.rollback()
        assert await _status(rid) == "pending"
    finally:
        os.kill(worker.pid, signal.SIGCONT)
        if doomed is not None:
            stop_worker(doomed)

    async def evaluated() -> bool:
        return await _status(rid) == "done"

    # Once the dead worker's in-progress mark expires, the surviving worker runs the job again.
    await wait_until(evaluated, timeout=300, interval=0.5)


async def test_report_pending_after_end_during_queue_outage_is_built_by_the_sweeper(
        client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    from db.models import InterviewSession
    from jobs.worker import sweep_pending

    sid, rid = await _new_question(client, auth)
    assert (await client.post("/answers", headers=auth,
                              json={"record_id": rid, "answer_text": "I profile first, then cache."})).status_code == 202

    async def evaluated() -> bool:
        return await _status(rid) == "done"

    await wait_until(evaluated, timeout=60, interval=0.3)  # so nothing but `end` would queue the report
    real = settings.redis_url
    settings.redis_url = "unix:///nonexistent/redis.sock"
    await close_pool()
    try:
        r = await client.post(f"/sessions/{sid}/end", headers=auth)
        assert r.status_code == 200, r.text
    finally:
        settings.redis_url = real
        await close_pool()

    async def report_status() -> str:
        async with db_session() as db:
            return (await db.execute(select(InterviewSession.report_status)
                                     .where(InterviewSession.id == sid))).scalar_one()

    assert await report_status() == "pending"  # the build_report job never reached the queue
    # As if the sweep window has passed: the session ended long enough ago.
    async with db_session() as db:
        await db.execute(text("UPDATE interview_sessions SET ended_at = now() - interval '1 hour' WHERE id = :i"),
                         {"i": sid})
        await db.commit()
    assert await sweep_pending({}) >= 1

    async def ready() -> bool:
        return await report_status() == "ready"

    await wait_until(ready, timeout=60, interval=0.5)
    body = (await client.get(f"/sessions/{sid}/results", headers=auth)).json()
    assert body["report_status"] == "ready" and body["report"]
