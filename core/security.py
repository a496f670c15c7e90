"""Password hashing (argon2) and bearer tokens (JWT signed with authlib)."""
from __future__ import annotations

import asyncio
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

with warnings.catch_warnings():
    # authlib.jose still works and is what the issue asks for; its successor is joserfc.
    warnings.simplefilter("ignore")
    from authlib.jose import JsonWebToken
    from authlib.jose.errors import JoseError

from core.config import settings

_hasher = PasswordHasher(time_cost=settings.password_hash_time_cost, memory_cost=settings.password_hash_memory_kib,
                         parallelism=settings.password_hash_parallelism)
_jwt = JsonWebToken([settings.jwt_algorithm])


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# argon2 releases the GIL, so it runs in threads; a pool of its own (a few threads, not the default executor)
# keeps a registration/login burst from queueing up the other to_thread work (selection, scoring context)
# behind ~20 ms hashes, and caps how many cores hashing may take at once.
_argon2_pool: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    global _argon2_pool
    if _argon2_pool is None:
        _argon2_pool = ThreadPoolExecutor(max_workers=max(1, settings.password_hash_threads),
                                          thread_name_prefix="argon2")
    return _argon2_pool


async def hash_password_async(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_pool(), hash_password, password)


async def verify_password_async(password: str, password_hash: str) -> bool:
    return await asyncio.get_running_loop().run_in_executor(_pool(), verify_password, password, password_hash)


COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common_passwords.txt"


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, username: str | None = None) -> str | None:
    """Why a new password is refused (English, for the API), or None if it is acceptable."""
    if len(password) < settings.password_min_length:
        return f"Password must be at least {settings.password_min_length} characters."
    if not password.strip():
        return "Password must not be only spaces."
    lowered = password.strip().lower()
    if lowered in _common_passwords() or (username and lowered == username.strip().lower()):
        return "This password is too common or easy to guess; choose another."
    return None


def create_access_token(user_id: int, version: int = 0, *, minutes: int | None = None) -> tuple[str, int]:
    """Return (token, expires_in_seconds). `version` is the user's token_version: bumping it revokes the token."""
    ttl = 60 * (minutes if minutes is not None else settings.access_token_minutes)
    now = int(time.time())
    payload = {"sub": str(user_id), "ver": int(version), "iat": now, "exp": now + ttl, "typ": "access"}
    token = _jwt.encode({"alg": settings.jwt_algorithm}, payload, settings.secret_key)
    return token.decode(), ttl


class InvalidToken(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def decode_access_token(token: str) -> tuple[int, int]:
    """Return (user id, token version) of a valid, unexpired token or raise InvalidToken."""
    try:
        claims = _jwt.decode(token, settings.secret_key)
        claims.validate(now=int(time.time()), leeway=0)
    except JoseError as exc:
        name = type(exc).__name__
        raise InvalidToken("expired" if name == "ExpiredTokenError" else "invalid") from exc
    except Exception as exc:  # malformed base64/JSON raises plain ValueErrors
        raise InvalidToken("invalid") from exc
    if claims.get("typ") != "access" or not str(claims.get("sub", "")).isdigit():
        raise InvalidToken("invalid")
    version = claims.get("ver", 0)
    if not isinstance(version, int) or isinstance(version, bool):
        raise InvalidToken("invalid")
    return int(claims["sub"]), version
