"""System health: database, Redis, worker heartbeat, queue depth (no secrets)."""
from __future__ import annotations

import asyncio

from arq.constants import default_queue_name, health_check_key_suffix
from sqlalchemy import text

from core.config import settings
from core.queue import get_pool
from db import vector_selftest
from db.engine import db_session

# arq's worker writes this key on every heartbeat, once its startup (model warm-up) is done; it expires soon after.
WORKER_HEARTBEAT_KEY = default_queue_name + health_check_key_suffix


async def _database() -> dict:
    try:
        async with db_session() as db:
            await asyncio.wait_for(db.execute(text("SELECT 1")), settings.db_command_timeout_seconds + 0.5)
        return {"ok": True}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": type(exc).__name__}


async def _redis_and_worker() -> tuple[dict, dict, dict]:
    try:
        pool = await get_pool()
        await asyncio.wait_for(pool.ping(), settings.redis_timeout_seconds)
        beat = await pool.get(WORKER_HEARTBEAT_KEY)
        depth = await pool.zcard(default_queue_name)
    except Exception as exc:  # noqa: BLE001
        err = {"ok": False, "error": type(exc).__name__}
        return err, {"ok": False, "error": "redis unreachable"}, {"depth": None}
    worker = {"ok": beat is not None, "heartbeat": beat.decode() if isinstance(beat, bytes) else beat}
    return {"ok": True}, worker, {"depth": int(depth)}


async def _vector() -> dict:
    """pgvector's self-test (run by serve before it takes traffic; here once per process otherwise)."""
    result = await vector_selftest.status(settings.database_url)
    return {"ok": result["ok"], "error": result["error"]}


async def health() -> dict:
    db, (redis, worker, queue) = await asyncio.gather(_database(), _redis_and_worker())
    vector = await _vector() if db["ok"] else {"ok": False, "error": "database unreachable"}
    ok = db["ok"] and redis["ok"] and worker["ok"] and vector["ok"]
    return {"status": "ok" if ok else "degraded", "database": db, "vector": vector, "redis": redis,
            "worker": worker, "queue": queue}
