"""Async engine and session factory, built once from the configured DATABASE_URL."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from core.config import settings

_engine: AsyncEngine | None = None
_sessionmaker: async_sessionmaker[AsyncSession] | None = None
_maintenance: async_sessionmaker[AsyncSession] | None = None


def async_url(url: str) -> str:
    """Accept plain postgresql:// URLs (compose, pgserver) and use the asyncpg driver."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    raise ValueError(f"DATABASE_URL must be a PostgreSQL URL, got {url.split(':', 1)[0]}://…")


def asyncpg_dsn(url: str) -> str:
    """The DATABASE_URL as asyncpg itself takes it (no SQLAlchemy driver suffix)."""
    return "postgresql://" + async_url(url).removeprefix("postgresql+asyncpg://")


async def connect_asyncpg(dsn: str, **kwargs: Any) -> Any:
    """asyncpg.connect, where a missing socket file (PostgreSQL restarting) is a ConnectionRefusedError:
    "the database is unavailable" (a 503), not a bug."""
    import asyncpg

    try:
        return await asyncpg.connect(dsn, **kwargs)
    except OSError as exc:
        if isinstance(exc, (ConnectionError, TimeoutError)):
            raise
        raise ConnectionRefusedError(f"database unreachable: {exc.strerror or exc}") from exc


def _drop_closed_connections(dbapi_conn: Any, record: Any, proxy: Any) -> None:
    # After PostgreSQL restarts, asyncpg has already seen the pooled sockets close: hand out a fresh
    # connection instead (the pool retries on DisconnectionError), at no cost when nothing happened.
    # (No pre-ping: that is a round trip per request, ~15 % of the app's CPU under load.)
    raw = getattr(dbapi_conn, "driver_connection", None)
    if raw is not None and raw.is_closed():
        raise DisconnectionError("pooled connection was closed by the server")


def _drop_timed_out_connections(ctx: Any) -> None:
    # A statement that timed out left its connection mid-protocol (the server may be frozen): close it now.
    # Otherwise SQLAlchemy closes it "gracefully" and waits up to 2 s more for a server that isn't answering.
    if isinstance(ctx.original_exception, TimeoutError) and ctx.connection is not None:
        raw = getattr(ctx.connection.connection, "driver_connection", None)
        if raw is not None and not raw.is_closed():
            raw.terminate()
        ctx.is_disconnect = True


def _create(command_timeout: float, pool_size: int, max_overflow: int) -> AsyncEngine:
    if not settings.database_url:
        raise RuntimeError("DATABASE_URL is not set (serve starts the embedded database and sets it)")
    # Timeouts on connect, pool checkout and every statement: a frozen database gives a fast 503, not a hang.
    dsn = asyncpg_dsn(settings.database_url)

    async def connect() -> Any:
        return await connect_asyncpg(dsn, timeout=settings.db_connect_timeout_seconds,
                                     command_timeout=command_timeout)

    engine = create_async_engine(
        async_url(settings.database_url), pool_size=pool_size, max_overflow=max_overflow, pool_recycle=1800,
        pool_timeout=settings.db_pool_timeout_seconds, async_creator=connect)
    event.listen(engine.sync_engine, "checkout", _drop_closed_connections)
    event.listen(engine.sync_engine, "handle_error", _drop_timed_out_connections)
    return engine


def get_engine() -> AsyncEngine:
    global _engine, _sessionmaker
    if _engine is None:
        _engine = _create(settings.db_command_timeout_seconds, pool_size=settings.db_pool_size,
                          max_overflow=settings.db_max_overflow)
        _sessionmaker = async_sessionmaker(_engine, expire_on_commit=False)
    return _engine


def sessionmaker() -> async_sessionmaker[AsyncSession]:
    get_engine()
    assert _sessionmaker is not None
    return _sessionmaker


def _maintenance_sessionmaker() -> async_sessionmaker[AsyncSession]:
    """A small pool with a long statement budget, for start-up work such as syncing the question bank."""
    global _maintenance
    if _maintenance is None:
        _maintenance = async_sessionmaker(_create(settings.db_maintenance_timeout_seconds, 1, 0),
                                          expire_on_commit=False)
    return _maintenance


@asynccontextmanager
async def db_session(*, maintenance: bool = False) -> AsyncIterator[AsyncSession]:
    """A session whose transaction is rolled back if the block raises."""
    factory = _maintenance_sessionmaker() if maintenance else sessionmaker()
    async with factory() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise


async def warm_pool(connections: int) -> int:
    """Open this many pooled connections now (at start-up) instead of inside the first requests.

    Returns how many opened; a database that is down costs nothing here (the requests then answer 503)."""
    import asyncio

    from sqlalchemy import text

    async def one() -> bool:
        try:
            async with get_engine().connect() as conn:
                await conn.execute(text("SELECT 1"))
                return True
        except Exception:  # noqa: BLE001 - best effort
            return False

    return sum(await asyncio.gather(*(one() for _ in range(max(0, connections)))))


async def dispose_engine() -> None:
    global _engine, _sessionmaker, _maintenance
    if _engine is not None:
        await _engine.dispose()
    if _maintenance is not None:
        await _maintenance.kw["bind"].dispose()
    _engine, _sessionmaker, _maintenance = None, None, None
