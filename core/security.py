"""Password hashing (argon2) and bearer tokens (JWT signed with authlib)."""
from __future__ import annotations

import time
import warnings

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


def create_access_token(user_id: int, *, minutes: int | None = None) -> tuple[str, int]:
    """Return (token, expires_in_seconds)."""
    ttl = 60 * (minutes if minutes is not None else settings.access_token_minutes)
    now = int(time.time())
    payload = {"sub": str(user_id), "iat": now, "exp": now + ttl, "typ": "access"}
    token = _jwt.encode({"alg": settings.jwt_algorithm}, payload, settings.secret_key)
    return token.decode(), ttl


class InvalidToken(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def decode_access_token(token: str) -> int:
    """Return the user id in a valid, unexpired token or raise InvalidToken."""
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
    return int(claims["sub"])
