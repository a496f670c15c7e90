"""Every operation documents the error statuses it can answer, each with the error envelope's schema."""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI

ENVELOPE_SCHEMA: dict[str, Any] = {
    "title": "ErrorEnvelope",
    "type": "object",
    "required": ["error_code", "error_message", "retry_available"],
    "properties": {
        "error_code": {"type": "string", "examples": ["NOT_FOUND"]},
        "error_message": {"type": "string"},
        "retry_available": {"type": "boolean"},
        "details": {"type": "array", "items": {"type": "object"},
                    "description": "Per-field problems (validation errors only)"},
    },
}
_DESCRIPTIONS = {
    400: "Malformed request body",
    401: "Not authenticated, or the token is invalid, expired or revoked",
    403: "Administrator role required",
    404: "No such resource (ids outside the integer range included)",
    409: "Conflicts with the resource's current state",
    413: "Request body too large",
    422: "Invalid input",
    429: "Too many requests; see Retry-After",
    500: "Unexpected error (the connection is closed)",
    503: "A backing service (database, queue) is unavailable; retry",
}
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before retrying", "schema": {"type": "integer"}}}


def error_statuses(path: str, method: str, operation: dict[str, Any]) -> list[int]:
    """The error statuses an operation can answer, read off its own schema (security, method, path)."""
    statuses = {404, 422, 500, 503}
    if operation.get("security"):  # the bearer-token dependency: 401 without a valid token, 429 over the budget
        statuses |= {401, 429}
        if path.startswith("/admin"):
            statuses.add(403)
    if path == "/token":
        statuses |= {401, 429}
    if method in ("post", "put", "patch", "delete"):
        statuses |= {409, 413}
    if "requestBody" in operation:
        statuses.add(400)  # a body that can't be decoded at all (e.g. not UTF-8)
    return sorted(statuses)


def document_errors(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorEnvelope"] = ENVELOPE_SCHEMA
        ref = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}}
        for path, path_item in schema.get("paths", {}).items():
            for method, operation in path_item.items():
                if method not in ("get", "post", "put", "patch", "delete"):
                    continue
                responses = operation.setdefault("responses", {})
                for status in error_statuses(path, method, operation):
                    entry: dict[str, Any] = {"description": _DESCRIPTIONS[status], "content": ref}
                    if status in (429, 503):
                        entry["headers"] = _RETRY_AFTER
                    responses[str(status)] = entry  # replaces FastAPI's own 422 schema: we answer the envelope
        schema["components"]["schemas"].pop("HTTPValidationError", None)
        schema["components"]["schemas"].pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
