"""OpenAI-compatible HTTP backend: vLLM, Ollama, llama.cpp server, hosted APIs."""
from __future__ import annotations

import json
import logging
from typing import Any

import httpx

from core.llm.base import LLMBadOutput, LLMTimeout, LLMUnavailable
from core.llm.jsonout import parse_json_object

log = logging.getLogger(__name__)


def _response_formats(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Structured-output request shapes, strictest first; servers differ in which they accept."""
    return [
        {"type": "json_schema", "json_schema": {"name": "result", "schema": schema, "strict": True}},
        # llama-cpp-python's server (and some others) take the schema inside json_object.
        {"type": "json_object", "schema": schema},
        {"type": "json_object"},
    ]


def _rejects_format(response: httpx.Response) -> bool:
    """Did the server refuse the response_format shape? (llama-cpp-python answers 500 for that.)"""
    if response.status_code in (400, 422):
        return True
    return response.status_code >= 500 and "response_format" in response.text


class OpenAICompatBackend:
    """Talks to `<base_url>/chat/completions` with a JSON-schema response_format."""

    name = "openai"

    def __init__(
        self,
        base_url: str,
        *,
        model: str = "",
        api_key: str = "",
        timeout_seconds: float = 5.0,
    ) -> None:
        if not base_url:
            raise LLMUnavailable("llm_base_url is empty (e.g. http://localhost:11434/v1)")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout_seconds = timeout_seconds
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(timeout_seconds, connect=min(timeout_seconds, 3.0)),
        )
        # Index into _response_formats of the first shape this server accepted.
        self._format_index = 0

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._client.aclose()

    async def _post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        try:
            return await self._client.post(path, json=body)
        except httpx.TimeoutException as exc:
            raise LLMTimeout(f"{self.base_url}{path}: {type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            raise LLMUnavailable(f"{self.base_url}{path}: {type(exc).__name__}: {exc}") from exc

    async def generate_json(
        self, *, system: str, prompt: str, schema: dict[str, Any], max_tokens: int = 256
    ) -> dict[str, Any]:
        """Ask for one JSON object; fall back to looser response_format shapes when refused."""
        schema_hint = f"\n\nReply with one JSON object matching this JSON schema:\n{json.dumps(schema, ensure_ascii=False)}"
        messages = [
            {"role": "system", "content": system + schema_hint},
            {"role": "user", "content": prompt},
        ]
        formats = _response_formats(schema)
        last_error = ""
        for index in range(self._format_index, len(formats)):
            body: dict[str, Any] = {
                "messages": messages,
                "max_tokens": max_tokens,
                "temperature": 0.2,
                "response_format": formats[index],
            }
            if self.model:
                body["model"] = self.model
            response = await self._post("/chat/completions", body)
            if _rejects_format(response):
                last_error = f"{response.status_code}: {response.text[:200]}"
                log.info("server rejected response_format %s (%s)", formats[index]["type"], last_error)
                continue
            if response.status_code >= 400:
                raise LLMUnavailable(f"HTTP {response.status_code}: {response.text[:200]}")
            self._format_index = index
            return self._parse(response, schema, max_tokens)
        raise LLMUnavailable(f"server accepted no JSON response_format ({last_error})")

    @staticmethod
    def _parse(response: httpx.Response, schema: dict[str, Any], max_tokens: int) -> dict[str, Any]:
        try:
            choice = response.json()["choices"][0]
            content = choice["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise LLMBadOutput(f"not a chat completion: {response.text[:200]!r}") from exc
        if not isinstance(content, str):
            raise LLMBadOutput("completion has no text content")
        if choice.get("finish_reason") == "length":
            raise LLMBadOutput(f"ran out of tokens ({max_tokens}) before the JSON closed")
        return parse_json_object(content, schema)

    async def status(self) -> dict[str, Any]:
        """GET /models to tell whether the server is reachable and serves `model`."""
        info: dict[str, Any] = {"backend": self.name, "base_url": self.base_url, "model": self.model}
        try:
            response = await self._client.get("/models")
        except httpx.HTTPError as exc:
            info.update(ok=False, reason=f"unreachable: {type(exc).__name__}: {exc}")
            return info
        if response.status_code >= 400:
            info.update(ok=False, reason=f"GET /models -> HTTP {response.status_code}")
            return info
        try:
            served = [m.get("id") for m in response.json().get("data", [])]
        except (ValueError, AttributeError):
            served = []
        info["served_models"] = served
        if self.model and served and self.model not in served:
            info.update(ok=False, reason=f"model {self.model!r} not served (have {served})")
        else:
            info["ok"] = True
        return info
