"""Brute-force protection for logins: failures counted per username and per client address in Redis.

After `login_failures_per_user` (or `_per_address`) failures in the window, every further failure blocks that
name (or address) for a delay that doubles each time, up to `login_max_delay_seconds`. While blocked, attempts
are refused with 429 and Retry-After before the password is even checked, so guessing gains nothing. Redis is
only asked with a short timeout; if it is unreachable logins go on unthrottled (fail open) rather than failing.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging

from core.config import settings
from core.errors import RateLimited
from core.queue import get_pool

log = logging.getLogger(__name__)


def _keys(kind: str, value: str) -> tuple[str, str]:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]  # usernames and addresses never stored verbatim
    return f"login:fail:{kind}:{digest}", f"login:block:{kind}:{digest}"


def _subjects(username: str, address: str | None) -> list[tuple[str, str, int]]:
    subjects = [("user", username.strip().lower(), settings.login_failures_per_user)]
    if address:
        subjects.append(("addr", address, settings.login_failures_per_address))
    return subjects


async def _guarded(coro):  # type: ignore[no-untyped-def]
    """Run one Redis round trip within the guard timeout; None when Redis is slow or down."""
    try:
        async with asyncio.timeout(settings.login_guard_timeout_seconds):
            return await coro
    except Exception as exc:  # noqa: BLE001 - fail open: an unreachable Redis never blocks a login
        log.warning("login throttle skipped: %s", type(exc).__name__)
        return None


async def check(username: str, address: str | None) -> bool:
    """Raise RateLimited if the username or the address is currently blocked.

    Returns whether the username has failures on record (or Redis didn't say): only then does a successful
    login need `record_success`, so a clean login costs one Redis round trip, not two.
    """
    async def ttls() -> list[int]:
        pool = await get_pool()
        async with pool.pipeline(transaction=False) as pipe:
            for kind, value, _ in _subjects(username, address):
                pipe.pttl(_keys(kind, value)[1])
            pipe.exists(_keys("user", username.strip().lower())[0])
            return await pipe.execute()

    result = await _guarded(ttls())
    wait_ms = max((t for t in (result or [])[:-1] if isinstance(t, int) and t > 0), default=0)
    if wait_ms:
        seconds = -(-wait_ms // 1000)
        raise RateLimited(f"Too many failed logins; try again in {seconds} s.", code="LOGIN_THROTTLED",
                          headers={"Retry-After": str(seconds)})
    return result is None or bool(result[-1])


def delay_for(failures: int, allowed: int) -> int:
    """Seconds to block after the given failure count: nothing while under the allowance, then doubling."""
    if failures < allowed:
        return 0
    return min(settings.login_max_delay_seconds, settings.login_base_delay_seconds * 2 ** min(failures - allowed, 20))


async def record_failure(username: str, address: str | None) -> None:
    async def bump() -> None:
        pool = await get_pool()
        subjects = _subjects(username, address)
        async with pool.pipeline(transaction=False) as pipe:
            for kind, value, _ in subjects:
                fail_key = _keys(kind, value)[0]
                pipe.incr(fail_key)
                pipe.expire(fail_key, settings.login_failure_window_seconds)
            counts = (await pipe.execute())[::2]
        async with pool.pipeline(transaction=False) as pipe:
            for (kind, value, allowed), count in zip(subjects, counts):
                if delay := delay_for(int(count), allowed):
                    pipe.set(_keys(kind, value)[1], 1, ex=delay)
            await pipe.execute()

    await _guarded(bump())


async def record_success(username: str) -> None:
    """A correct password clears the username's failures (the address keeps its count: one host, many names)."""
    async def clear() -> None:
        pool = await get_pool()
        await pool.delete(*_keys("user", username.strip().lower()))

    await _guarded(clear())
