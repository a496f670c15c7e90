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


def _describe(err: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "form"))
    return f"{loc}: {err.get('msg', 'invalid')}" if loc else str(err.get("msg", "invalid"))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_: Request, exc: AppError) -> JSONResponse:
        return JSONResponse(envelope(exc.error_code, exc.message, exc.retry_available),
                            status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"field": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
                  for e in exc.errors()]
        message = "; ".join(_describe(e) for e in exc.errors()[:5]) or "invalid request"
        return JSONResponse(envelope("VALIDATION_ERROR", message, False, details=errors), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, f"HTTP_{exc.status_code}")
        return JSONResponse(envelope(code, str(exc.detail), exc.status_code in (429, 503)),
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return JSONResponse(envelope("INTERNAL_ERROR", "Internal server error. Please try again.", True),
                            status_code=500)
