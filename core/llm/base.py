"""The contract every LLM backend fulfils, and the errors it may raise."""
from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


class LLMError(Exception):
    """Base class: any LLM failure; callers fall back to rule-based results."""


class LLMTimeout(LLMError):
    """The call did not finish within its time budget."""


class LLMUnavailable(LLMError):
    """The backend cannot serve: not installed, model missing, server unreachable."""


class LLMRateLimited(LLMUnavailable):
    """The per-process request budget (llm_max_requests_per_minute) is spent."""


class LLMBadOutput(LLMError):
    """The model answered, but not with JSON matching what was asked."""


@runtime_checkable
class LLMBackend(Protocol):
    """A source of schema-constrained JSON completions."""

    name: str

    async def generate_json(
        self, *, system: str, prompt: str, schema: dict[str, Any], max_tokens: int = 256
    ) -> dict[str, Any]:
        """Return one JSON object that should match `schema`; raise an LLMError otherwise."""
        ...

    async def status(self) -> dict[str, Any]:
        """Describe the backend: model, reachable or why not."""
        ...
