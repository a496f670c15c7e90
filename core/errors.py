"""One error envelope for every failure: {error_code, error_message, retry_available}."""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)


class AppError(Exception):
    """A failure the client should see, with its HTTP status and stable code."""

    status_code = 400
    error_code = "BAD_REQUEST"
    retry_available = False

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None,
                 retry: bool | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.error_code = code
        if status:
            self.status_code = status
        if retry is not None:
            self.retry_available = retry
        self.headers = headers


class Unauthorized(AppError):
    status_code, error_code = 401, "UNAUTHORIZED"


class Forbidden(AppError):
    status_code, error_code = 403, "FORBIDDEN"


class NotFound(AppError):
    status_code, error_code = 404, "NOT_FOUND"


class Conflict(AppError):
    status_code, error_code = 409, "CONFLICT"


class Invalid(AppError):
    status_code, error_code = 422, "VALIDATION_ERROR"


class RateLimited(AppError):
    status_code, error_code, retry_available = 429, "RATE_LIMITED", True


class Unavailable(AppError):
    status_code, error_code, retry_available = 503, "SERVICE_UNAVAILABLE", True


def envelope(code: str, message: str, retry: bool, **extra: Any) -> dict[str, Any]:
    return {"error_code": code, "error_message": message, "retry_available": retry, **extra}


_HTTP_CODES = {400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND",
               405: "METHOD_NOT_ALLOWED", 409: "CONFLICT", 413: "PAYLOAD_TOO_LARGE", 422: "VALIDATION_ERROR",
               429: "RATE_LIMITED", 503: "SERVICE_UNAVAILABLE"}


def _message(err: dict[str, Any]) -> str:
    """Pydantic's text, without the "Value error, " it puts before our own validators' messages."""
    if err.get("type") == "value_error" and (err.get("ctx") or {}).get("error"):
        return str(err["ctx"]["error"])
    return str(err.get("msg", "invalid"))


def _describe(err: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "form"))
    return f"{loc}: {_message(err)}" if loc else _message(err)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_: Request, exc: AppError) -> JSONResponse:
        return JSONResponse(envelope(exc.error_code, exc.message, exc.retry_available),
                            status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"field": ".".join(str(p) for p in e.get("loc", ())), "message": _message(e)}
                  for e in exc.errors()]
        message = "; ".join(_describe(e) for e in exc.errors()[:5]) or "invalid request"
        return JSONResponse(envelope("VALIDATION_ERROR", message, False, details=errors), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, f"HTTP_{exc.status_code}")
        return JSONResponse(envelope(code, str(exc.detail), exc.status_code in (429, 503)),
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    # Failures of PostgreSQL/Redis (and input that only the database noticed) are answered here, inside the
    # app, so the connection stays usable; anything else reaches `_unexpected`.
    for cls in _dependency_exception_types():
        app.add_exception_handler(cls, _dependency_error)  # type: ignore[arg-type]

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return internal_error()


def internal_error() -> JSONResponse:
    # The server drops the connection after an unhandled error; say so, or a keep-alive client's next request
    # fails on the dead socket.
    return JSONResponse(envelope("INTERNAL_ERROR", "Internal server error. Please try again.", True),
                        status_code=500, headers={"Connection": "close"})


def _dependency_exception_types() -> list[type[BaseException]]:
    import asyncpg
    import redis.exceptions
    import sqlalchemy.exc

    return [sqlalchemy.exc.SQLAlchemyError, asyncpg.PostgresError, asyncpg.InterfaceError,
            redis.exceptions.RedisError, ConnectionError, TimeoutError]


def _sqlstate(exc: BaseException) -> str:
    """The PostgreSQL error code anywhere in the exception's chain ('' if none)."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        code = getattr(cur, "sqlstate", None) or getattr(cur, "pgcode", None)
        if isinstance(code, str) and code:
            return code
        cur = getattr(cur, "orig", None) or cur.__cause__
    return ""


def classify(exc: BaseException) -> tuple[int, str, str] | None:
    """(status, code, message) for a dependency failure or database-rejected input; None = a real bug."""
    import asyncpg
    import redis.exceptions
    import sqlalchemy.exc

    unavailable = (503, "SERVICE_UNAVAILABLE", "A backing service is unavailable; please retry shortly.")
    if isinstance(exc, redis.exceptions.RedisError):
        return unavailable if isinstance(exc, (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError,
                                               redis.exceptions.BusyLoadingError)) else None
    if isinstance(exc, (TimeoutError, ConnectionError, asyncpg.InterfaceError, asyncpg.PostgresConnectionError,
                        sqlalchemy.exc.TimeoutError, sqlalchemy.exc.OperationalError,
                        sqlalchemy.exc.InterfaceError)):
        return unavailable
    if isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.connection_invalidated:
        return unavailable
    state = _sqlstate(exc)
    # 08 connection, 53 resources, 57 operator intervention (statement timeout, shutdown), 58 system error
    if state[:2] in ("08", "53", "57", "58"):
        return unavailable
    if state == "23505":
        return 409, "CONFLICT", "This conflicts with existing data."
    if state[:2] in ("22", "23"):  # data exception / integrity: the input was unacceptable
        return 422, "VALIDATION_ERROR", "A value is invalid or out of range."
    cause = exc.__cause__ or getattr(exc, "orig", None)
    if isinstance(cause, (TimeoutError, ConnectionError, OSError)):
        return unavailable
    return None


async def _dependency_error(request: Request, exc: Exception) -> JSONResponse:
    known = classify(exc)
    if known is None:
        log.exception("unhandled error", exc_info=exc)
        return internal_error()
    status, code, message = known
    # Type and SQLSTATE only: the message of a database error carries SQL and its parameters.
    log.warning("%s %s: %s (sqlstate %s) answered %d", request.method, request.url.path, type(exc).__name__,
                _sqlstate(exc) or "-", status)
    headers = {"Retry-After": "2"} if status == 503 else None
    return JSONResponse(envelope(code, message, status == 503), status_code=status, headers=headers)
