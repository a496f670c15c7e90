"""Hot statements on plain asyncpg: the token's user row and the data in one statement, no ORM objects.

The ORM path (BEGIN, session.get(User), select session, load every record as objects, ROLLBACK) cost ~45 % of
the app's request cycle under load; a poll such as `GET /sessions/{id}` needs three counts and five columns.
Same rules as the services: the user row is read in the same statement (a bumped token_version is refused at
once), a non-admin sees only their own sessions, and the timeouts are the API engine's (db/engine.py).
"""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import orjson

from core.config import settings
from db.engine import asyncpg_dsn, connect_asyncpg

_pool: asyncpg.Pool | None = None
_pool_loop: asyncio.AbstractEventLoop | None = None

# $1 user id, $2 session id. The user row always comes back (or nothing: the account is gone); the session
# columns are NULL when it doesn't exist or isn't the caller's (admins see every session).
_SESSION_STATUS = """
SELECT u.token_version, u.role, s.id AS session_id, s.status, s.stage, s.next_action, s.scenario, s.retry_count,
       c.total, c.answered, c.pending
FROM users u
LEFT JOIN interview_sessions s ON s.id = $2 AND (s.user_id = u.id OR u.role = 'admin')
LEFT JOIN LATERAL (
    SELECT count(*) AS total, count(r.answer_text) AS answered,
           count(*) FILTER (WHERE r.evaluation_status = 'pending') AS pending
    FROM interview_records r WHERE r.session_id = s.id) c ON s.id IS NOT NULL
WHERE u.id = $1
"""


# The session row with the caller's token_version/role, as above, for reads that then list its records.
_SESSION = """
SELECT u.token_version, u.role, s.id AS session_id, s.status, s.stage, s.next_action, s.scenario, s.retry_count,
       s.report, s.report_status
FROM users u
LEFT JOIN interview_sessions s ON s.id = $2 AND (s.user_id = u.id OR u.role = 'admin')
WHERE u.id = $1
"""
_RESULTS = """
SELECT id, "order", question_text, answer_text, evaluation_status, evaluation, emotion, speech_metrics, parent_id
FROM interview_records WHERE session_id = $1 ORDER BY "order", id
"""


async def _init(conn: asyncpg.Connection) -> None:
    for kind in ("json", "jsonb"):
        await conn.set_type_codec(kind, encoder=lambda v: orjson.dumps(v).decode(), decoder=orjson.loads,
                                  schema="pg_catalog")


async def _keep_session_state(conn: asyncpg.Connection) -> None:
    # Release normally runs "RESET ALL; UNLISTEN *; CLOSE ALL; …", a round trip per read (~7 % of the request
    # path). These connections only run the single statements below: nothing to reset. (asyncpg still rolls
    # back an open transaction itself.)
    return None


async def _get_pool() -> asyncpg.Pool:
    global _pool, _pool_loop
    loop = asyncio.get_running_loop()
    if _pool is not None and _pool_loop is loop:
        return _pool
    async with _lock(loop):
        if _pool is not None and _pool_loop is loop:
            return _pool
        if not settings.database_url:
            raise RuntimeError("DATABASE_URL is not set (serve starts the embedded database and sets it)")
        dsn = asyncpg_dsn(settings.database_url)
        # min_size=0: creating the pool connects nothing, so a down database can't fail start-up.
        pool = await asyncpg.create_pool(dsn, min_size=0, max_size=settings.db_read_pool_size, init=_init,
                                         connect=connect_asyncpg,
                                         reset=_keep_session_state,
                                         timeout=settings.db_connect_timeout_seconds,
                                         command_timeout=settings.db_command_timeout_seconds,
                                         max_inactive_connection_lifetime=1800)
        _pool, _pool_loop = pool, loop
        return pool


_locks: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}


def _lock(loop: asyncio.AbstractEventLoop) -> asyncio.Lock:
    return _locks.setdefault(loop, asyncio.Lock())


@asynccontextmanager
async def _connection() -> AsyncIterator[asyncpg.Connection]:
    pool = await _get_pool()
    conn = await pool.acquire(timeout=settings.db_pool_timeout_seconds)
    try:
        yield conn
    except TimeoutError:
        # The statement timed out mid-protocol (the server may be frozen): drop the connection now rather than
        # letting release wait on it, so the caller's 503 is fast.
        conn.terminate()
        raise
    finally:
        await pool.release(conn)


async def session_status(user_id: int, session_id: int) -> asyncpg.Record | None:
    """The user's token_version/role plus the session's status counts; None if the user doesn't exist."""
    async with _connection() as conn:
        return await conn.fetchrow(_SESSION_STATUS, user_id, session_id)


async def results(user_id: int, session_id: int) -> tuple[asyncpg.Record | None, list[asyncpg.Record]]:
    """The session row (with the user's token_version/role; None if the user doesn't exist) and its records'
    result columns in interview order (empty when the session isn't visible to the user)."""
    async with _connection() as conn:
        head = await conn.fetchrow(_SESSION, user_id, session_id)
        if head is None or head["session_id"] is None:
            return head, []
        return head, await conn.fetch(_RESULTS, session_id)


# Every column of a users row (services build a detached User from it).
_USER_COLUMNS = "id, username, password_hash, full_name, role, ui_language, token_version, created_at"
_USER = f"SELECT {_USER_COLUMNS} FROM users WHERE id = $1"
_USER_BY_NAME = f"SELECT {_USER_COLUMNS} FROM users WHERE lower(username) = $1"
# One autocommitted statement for a registration; NULL when the (case-insensitive) name is taken meanwhile.
_INSERT_USER = f"""
INSERT INTO users (username, password_hash, full_name, role, created_at) VALUES ($1, $2, $3, $4, now())
ON CONFLICT DO NOTHING
RETURNING {_USER_COLUMNS}
"""


async def insert_user(username: str, password_hash: str, full_name: str, role: str) -> asyncpg.Record | None:
    """Create an account in one round trip (no ORM unit of work); None if the username is already taken."""
    async with _connection() as conn:
        return await conn.fetchrow(_INSERT_USER, username, password_hash, full_name, role)


async def user_row(user_id: int) -> asyncpg.Record | None:
    """The caller's users row (token_version and role included), without an ORM session or transaction."""
    async with _connection() as conn:
        return await conn.fetchrow(_USER, user_id)


async def user_row_by_name(username: str) -> asyncpg.Record | None:
    """The account of a (case-insensitive) username: the unique index on lower(username) answers it."""
    async with _connection() as conn:
        return await conn.fetchrow(_USER_BY_NAME, username.strip().lower())


async def warm(connections: int) -> int:
    """Open this many connections now (serve's start-up), not inside the first requests; best effort."""
    async def one() -> bool:
        try:
            async with _connection() as conn:
                await conn.fetchval("SELECT 1")
                return True
        except Exception:  # noqa: BLE001 - a database that is down answers 503 later, not here
            return False

    return sum(await asyncio.gather(*(one() for _ in range(max(0, connections)))))


async def close_pool() -> None:
    global _pool, _pool_loop
    pool, _pool, _pool_loop = _pool, None, None
    if pool is None:
        return
    try:
        await asyncio.wait_for(pool.close(), 2)
    except (TimeoutError, OSError):
        pool.terminate()
