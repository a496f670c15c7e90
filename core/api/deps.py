"""Dependencies shared by the routers, as Annotated aliases."""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from core.config import settings
from core.errors import Forbidden, RateLimited, Unauthorized
from core.queue import get_pool
from core.security import InvalidToken, decode_access_token
from db.engine import db_session
from db.models import User

log = logging.getLogger(__name__)
oauth2 = OAuth2PasswordBearer(tokenUrl="token", auto_error=False)


async def get_db() -> AsyncIterator[AsyncSession]:
    async with db_session() as session:
        yield session


DbSession = Annotated[AsyncSession, Depends(get_db)]


async def user_from_token(db: AsyncSession, token: str | None) -> User:
    if not token:
        raise Unauthorized("Not authenticated: send 'Authorization: Bearer <token>'.",
                           headers={"WWW-Authenticate": "Bearer"})
    try:
        user_id, version = decode_access_token(token)
    except InvalidToken as exc:
        code = "TOKEN_EXPIRED" if exc.reason == "expired" else "INVALID_TOKEN"
        msg = "The access token has expired; log in again." if exc.reason == "expired" else "Invalid access token."
        raise Unauthorized(msg, code=code, headers={"WWW-Authenticate": "Bearer"}) from exc
    # The row is read on every request anyway, so revocation (token_version bump) takes effect at once.
    user = await db.get(User, user_id) if user_id <= 2**31 - 1 else None
    if user is None:
        raise Unauthorized("This account no longer exists.", code="INVALID_TOKEN",
                           headers={"WWW-Authenticate": "Bearer"})
    if (user.token_version or 0) != version:
        raise Unauthorized("This token was revoked (logout or password change); log in again.",
                           code="TOKEN_REVOKED", headers={"WWW-Authenticate": "Bearer"})
    return user


def client_address(conn: HTTPConnection) -> str | None:
    """The caller's address; X-Forwarded-For's first hop only behind a proxy the settings trust."""
    if settings.trust_proxy_headers:
        forwarded = conn.headers.get("x-forwarded-for", "")
        first = forwarded.split(",")[0].strip()
        if first:
            return first[:64]
    return conn.client.host if conn.client else None


async def _rate_limit(user_id: int) -> None:
    """A per-user budget per minute, counted in Redis (skipped if Redis is down: never fail a request for it)."""
    key = f"ratelimit:{user_id}:{int(time.time() // 60)}"
    try:
        # A frozen or unreachable Redis costs a request at most this long (fail open).
        async with asyncio.timeout(settings.redis_guard_timeout_seconds):
            pool = await get_pool()
            async with pool.pipeline(transaction=False) as pipe:  # one round trip
                pipe.incr(key)
                pipe.expire(key, 70)
                count, _ = await pipe.execute()
    except Exception:  # noqa: BLE001
        return
    if count > settings.rate_limit_per_minute:
        raise RateLimited("Too many requests; please slow down.", headers={"Retry-After": "60"})


async def get_current_user(db: DbSession, token: Annotated[str | None, Depends(oauth2)]) -> User:
    user = await user_from_token(db, token)
    assert user.id is not None
    await _rate_limit(user.id)
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_admin(user: CurrentUser) -> User:
    if user.role != "admin":
        raise Forbidden("Administrator role required.")
    return user


AdminUser = Annotated[User, Depends(get_admin)]
