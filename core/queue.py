"""The arq job queue as the app sees it: enqueue with stable ids, never lose the caller's data."""
from __future__ import annotations

import asyncio
import logging
from typing import Any

from arq import create_pool
from arq.connections import ArqRedis, RedisSettings

from core.config import settings

log = logging.getLogger(__name__)
_pool: ArqRedis | None = None


def redis_settings() -> RedisSettings:
    rs = RedisSettings.from_dsn(settings.redis_url)
    rs.conn_timeout = 2
    rs.conn_retries = 1
    return rs


async def get_pool() -> ArqRedis:
    """The app's pool: every command has a socket timeout, so a frozen Redis fails fast instead of hanging."""
    global _pool
    if _pool is None:
        pool = await asyncio.wait_for(create_pool(redis_settings()), settings.redis_timeout_seconds * 3)
        # arq has no socket-timeout setting: set it for every connection, and drop the one made without it.
        pool.connection_pool.connection_kwargs["socket_timeout"] = settings.redis_timeout_seconds
        await pool.connection_pool.disconnect()
        _pool = pool
    return _pool


async def close_pool() -> None:
    global _pool
    if _pool is not None:
        await _pool.aclose()
    _pool = None


async def enqueue(function: str, *args: Any, job_id: str, defer_seconds: float | None = None) -> bool:
    """Enqueue a job once per job_id. False when the queue is unreachable (the sweeper re-enqueues later)."""
    try:
        pool = await get_pool()
        await asyncio.wait_for(pool.enqueue_job(function, *args, _job_id=job_id, _defer_by=defer_seconds),
                               settings.redis_timeout_seconds * 2)
        return True
    except Exception as exc:  # noqa: BLE001 - any Redis failure means "try later", never "lose it"
        log.warning("could not enqueue %s (%s): %s", function, job_id, exc)
        await close_pool()
        return False
