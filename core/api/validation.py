"""One input-validation layer, so bad input answers 404/422 instead of reaching PostgreSQL as a 500.

* path ids are PostgreSQL `integer`: a number outside its range can't name a row → 404;
* query strings, form fields and the headers we read may not carry control characters → 422;
* JSON bodies have control characters (other than tab/newline/CR) stripped from every string, as the
  schemas always did for pasted résumé text, because PostgreSQL text can't hold NUL;
* `limit`/`offset` are bounded (`Limit`, `Offset`), and PATCH bodies refuse an explicit `null` for a column
  that can't be null (`PatchModel`).
"""
from __future__ import annotations

import json
import re
from typing import Annotated, Any, ClassVar
from urllib.parse import parse_qsl, unquote

from fastapi import Query
from pydantic import BaseModel, model_validator
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.errors import Invalid, NotFound, envelope

INT4_MIN, INT4_MAX = -(2**31), 2**31 - 1
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INTEGER = re.compile(r"^[+-]?\d+$")
# Headers the app reads; the server already refuses raw NUL/CR/LF in headers, but not other controls.
_READ_HEADERS = (b"authorization", b"accept-language", b"x-forwarded-for", b"x-forwarded-proto", b"user-agent")
MAX_JSON_SANITIZE_BYTES = 2 * 1024 * 1024  # larger JSON bodies are left to the route's own size limits

Limit = Annotated[int, Query(ge=1, le=1000, description="Page size (1-1000)")]
Offset = Annotated[int, Query(ge=0, le=INT4_MAX, description="Rows to skip")]


def in_int4(value: int) -> bool:
    return INT4_MIN <= value <= INT4_MAX


def require_row_id(value: int, what: str = "Record") -> int:
    """An id from a body: outside PostgreSQL's integer range it names nothing."""
    if not in_int4(value):
        raise NotFound(f"{what} not found.")
    return value


def has_control(text: str) -> bool:
    return bool(_CONTROL.search(text))


def strip_control(value: Any) -> Any:
    """Control characters (keeping tab, LF, CR) removed from every string in a JSON value."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, list):
        return [strip_control(v) for v in value]
    if isinstance(value, dict):
        return {strip_control(k): strip_control(v) for k, v in value.items()}
    return value


async def check_request(conn: HTTPConnection) -> None:
    """App-wide dependency: path ids, query strings and read headers, before any route code runs."""
    for value in conn.path_params.values():
        if isinstance(value, str) and _INTEGER.match(value) and not in_int4(int(value)):
            raise NotFound("Not found.")
    query = conn.scope.get("query_string", b"").decode("latin-1")
    if query and has_control(unquote(query)):
        raise Invalid("Control characters are not allowed in query parameters.", code="INVALID_CHARACTERS")
    for name, raw in conn.scope.get("headers", []):
        if name in _READ_HEADERS and has_control(raw.decode("latin-1")):
            raise Invalid("Control characters are not allowed in headers.", code="INVALID_CHARACTERS")


class PatchModel(BaseModel):
    """A partial update: a field may be left out, but `null` only where the column is nullable."""

    nullable: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _no_null_for_required(self) -> PatchModel:
        bad = sorted(f for f in self.model_fields_set if getattr(self, f) is None and f not in self.nullable)
        if bad:
            raise ValueError(f"null is not allowed for: {', '.join(bad)}")
        return self


def _is(scope: Scope, ctype: bytes) -> bool:
    actual = dict(scope.get("headers", [])).get(b"content-type", b"").split(b";")[0].strip().lower()
    return actual == ctype or (ctype == b"application/json" and actual.startswith(b"application/")
                               and actual.endswith(b"+json"))


class SanitizeBodies:
    """JSON bodies lose control characters; form bodies that carry them are refused (422)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        is_json = _is(scope, b"application/json")
        is_form = _is(scope, b"application/x-www-form-urlencoded")
        if not (is_json or is_form):
            await self.app(scope, receive, send)
            return
        body, more = await _read_up_to(receive, MAX_JSON_SANITIZE_BYTES)
        if more:  # too big to inspect here: replay it unchanged and let the route's limits decide
            await self.app(scope, _replay(body, receive, more=True), send)
            return
        if is_form:
            text = body.decode("utf-8", "replace")
            if any(has_control(k) or has_control(v) for k, v in parse_qsl(text, keep_blank_values=True)):
                response = JSONResponse(envelope("INVALID_CHARACTERS",
                                                 "Control characters are not allowed in form fields.", False),
                                        status_code=422)
                await response(scope, receive, send)
                return
        elif b"\\u" in body or _CONTROL.search(body.decode("utf-8", "replace")):
            try:
                body = json.dumps(strip_control(json.loads(body)), ensure_ascii=False).encode()
            except (ValueError, RecursionError):
                pass  # malformed JSON: FastAPI answers 422 for it
            scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"content-length"]
                     + [(b"content-length", str(len(body)).encode())]}
        await self.app(scope, _replay(body, receive, more=False), send)


async def _read_up_to(receive: Receive, limit: int) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), False
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), False
        if size > limit:
            return b"".join(chunks), True


def _replay(body: bytes, rest: Receive, *, more: bool) -> Receive:
    """The body read so far as one message, then the real stream (the rest of the body, or the disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await rest()

    return receive
