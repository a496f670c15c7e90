"""Turn a model's raw text into one JSON object, or raise LLMBadOutput."""
from __future__ import annotations

import json
from typing import Any

from core.llm.base import LLMBadOutput

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}


def parse_json_object(text: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """Parse `text` as a JSON object and check required keys and top-level types of `schema`."""
    cleaned = text.strip()
    # Some servers wrap JSON in a markdown fence even when asked for JSON.
    if cleaned.startswith("```"):
        cleaned = cleaned.strip("`")
        cleaned = cleaned[cleaned.find("{") :] if "{" in cleaned else cleaned
    try:
        # strict=False: grammar-constrained strings may contain raw newlines.
        value = json.loads(cleaned, strict=False)
    except json.JSONDecodeError as exc:
        raise LLMBadOutput(f"not JSON: {exc.msg} in {text[:120]!r}") from exc
    if not isinstance(value, dict):
        raise LLMBadOutput(f"expected a JSON object, got {type(value).__name__}")
    if schema:
        check_shape(value, schema)
    return value


def check_shape(value: dict[str, Any], schema: dict[str, Any]) -> None:
    """Shallow schema check: required keys exist and properties have the declared JSON type."""
    missing = [k for k in schema.get("required", []) if k not in value]
    if missing:
        raise LLMBadOutput(f"missing keys: {missing}")
    for key, spec in schema.get("properties", {}).items():
        if key not in value or "type" not in spec:
            continue
        expected = _TYPES.get(spec["type"], (object,))
        item = value[key]
        # bool is an int subclass in Python but not a JSON integer.
        if isinstance(item, bool) and spec["type"] != "boolean":
            raise LLMBadOutput(f"{key}: expected {spec['type']}, got boolean")
        if not isinstance(item, expected):
            raise LLMBadOutput(f"{key}: expected {spec['type']}, got {type(item).__name__}")
