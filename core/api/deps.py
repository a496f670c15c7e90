"""Dependencies shared by the routers, as Annotated aliases."""
from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

import orjson
from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from core.config import settings
from core.errors import Forbidden, RateLimited, Unauthorized
from core.queue import get_pool
from core.security import InvalidToken, decode_access_token
from core.services import fast_reads
from core.services.users import detached_user
from db.engine import db_session
from db.models import User

log = logging.getLogger(__name__)
oauth2 = OAuth2PasswordBearer(tokenUrl="token", auto_error=False)


async def get_db() -> AsyncIterator[AsyncSession]:
    async with db_session() as session:
        yield session


DbSession = Annotated[AsyncSession, Depends(get_db)]


def token_subject(token: str | None) -> tuple[int, int]:
    """(user id, token version) of a valid bearer token, or the 401 the client should see."""
    if not token:
        raise Unauthorized("Not authenticated: send 'Authorization: Bearer <token>'.",
                           headers={"WWW-Authenticate": "Bearer"})
    hit = _verified.get(token)
    if hit is not None and time.time() < hit[2] and hit[3] == settings.secret_key:
        return hit[0], hit[1]
    try:
        user_id, version = decode_access_token(token)
    except InvalidToken as exc:
        code = "TOKEN_EXPIRED" if exc.reason == "expired" else "INVALID_TOKEN"
        msg = "The access token has expired; log in again." if exc.reason == "expired" else "Invalid access token."
        raise Unauthorized(msg, code=code, headers={"WWW-Authenticate": "Bearer"}) from exc
    expires = _expiry(token)
    if expires is not None:
        if len(_verified) >= MAX_VERIFIED_TOKENS:
            _verified.clear()
        _verified[token] = (user_id, version, expires, settings.secret_key)
    return user_id, version


# A token's signature check is ~7 % of a cheap read: remember tokens already verified (the exact string, until
# their `exp`, under the same secret). Revocation is unaffected: the user row's token_version is still read.
_verified: dict[str, tuple[int, int, float, str]] = {}
MAX_VERIFIED_TOKENS = 4096


def _expiry(token: str) -> float | None:
    try:
        payload = token.split(".")[1]
        exp = orjson.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["exp"]
    except (IndexError, ValueError, KeyError, TypeError):
        return None
    return float(exp) if isinstance(exp, int) and not isinstance(exp, bool) else None


def check_token_version(row_version: int | None, version: int, *, exists: bool) -> None:
    """The user row (read by the caller) still exists and the token wasn't revoked since it was issued."""
    if not exists:
        raise Unauthorized("This account no longer exists.", code="INVALID_TOKEN",
                           headers={"WWW-Authenticate": "Bearer"})
    if (row_version or 0) != version:
        raise Unauthorized("This token was revoked (logout or password change); log in again.",
                           code="TOKEN_REVOKED", headers={"WWW-Authenticate": "Bearer"})


def client_address(conn: HTTPConnection) -> str | None:
    """The caller's address; X-Forwarded-For's first hop only behind a proxy the settings trust."""
    if settings.trust_proxy_headers:
        forwarded = conn.headers.get("x-forwarded-for", "")
        first = forwarded.split(",")[0].strip()
        if first:
            return first[:64]
    return conn.client.host if conn.client else None


@dataclass(slots=True)
class _Budget:
    """One user's requests in the current minute: the shared count last read from Redis plus ours since."""

    window: int
    shared: int = 0
    unsynced: int = 0
    next_sync: float = 0.0
    syncing: bool = False


_budgets: dict[int, _Budget] = {}
MAX_TRACKED_USERS = 10_000  # old windows are dropped beyond this many entries


async def _rate_limit(user_id: int) -> None:
    """A per-user budget per minute, counted in Redis across processes (fail open: never fail a request for it).

    A Redis round trip per request was ~11 % of a cheap read's CPU; instead each process counts locally and
    adds its count to Redis at most every `rate_limit_sync_seconds` per user.
    """
    window = int(time.time() // 60)
    budget = _budgets.get(user_id)
    if budget is None or budget.window != window:
        if len(_budgets) >= MAX_TRACKED_USERS:
            for uid in [u for u, b in _budgets.items() if b.window != window]:
                del _budgets[uid]
        budget = _budgets[user_id] = _Budget(window)
    budget.unsynced += 1
    now = time.monotonic()
    if now >= budget.next_sync and not budget.syncing:
        budget.syncing, sending, budget.unsynced = True, budget.unsynced, 0
        try:
            # A frozen or unreachable Redis costs a request at most this long (fail open).
            async with asyncio.timeout(settings.redis_guard_timeout_seconds):
                pool = await get_pool()
                async with pool.pipeline(transaction=False) as pipe:  # one round trip
                    pipe.incrby(f"ratelimit:{user_id}:{window}", sending)
                    pipe.expire(f"ratelimit:{user_id}:{window}", 70)
                    budget.shared, _ = await pipe.execute()
        except Exception:  # noqa: BLE001
            budget.unsynced += sending  # counted locally; sent with the next sync
        finally:
            budget.syncing, budget.next_sync = False, now + settings.rate_limit_sync_seconds
    if budget.shared + budget.unsynced > settings.rate_limit_per_minute:
        raise RateLimited("Too many requests; please slow down.", headers={"Retry-After": "60"})


async def current_user_from_token(token: str | None) -> User:
    """The token's user, read with one plain statement (no ORM session, no transaction of its own).

    The row is read on every request, so a bumped token_version (logout, password change) is refused at once.
    The User comes back *detached* with its identity: a service that changes it and calls `db.add(user)`
    updates that row, exactly as with an instance loaded by `db.get`.
    """
    user_id, version = token_subject(token)
    row = await fast_reads.user_row(user_id) if user_id <= 2**31 - 1 else None
    check_token_version(row["token_version"] if row else None, version, exists=row is not None)
    assert row is not None
    return detached_user(row)


async def get_current_user(token: Annotated[str | None, Depends(oauth2)]) -> User:
    user = await current_user_from_token(token)
    assert user.id is not None
    await _rate_limit(user.id)
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_admin(user: CurrentUser) -> User:
    if user.role != "admin":
        raise Forbidden("Administrator role required.")
    return user


AdminUser = Annotated[User, Depends(get_admin)]


@dataclass(frozen=True, slots=True)
class Bearer:
    """A verified token's subject, for hot reads that check the user row in their own query (one round trip).

    Call `admit` with the row's token_version before answering: it does what get_current_user does.
    """

    user_id: int
    version: int

    async def admit(self, row_version: int | None, *, exists: bool) -> None:
        check_token_version(row_version, self.version, exists=exists)
        await _rate_limit(self.user_id)


async def get_bearer(token: Annotated[str | None, Depends(oauth2)]) -> Bearer:
    return Bearer(*token_subject(token))


BearerToken = Annotated[Bearer, Depends(get_bearer)]
