"""Pick the configured backend and wrap it with a per-process rate limit and a time budget."""
from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from core.config import settings
from core.llm.base import (
    LLMBackend,
    LLMError,
    LLMRateLimited,
    LLMTimeout,
    LLMUnavailable,
)

log = logging.getLogger(__name__)


class TokenBucket:
    """Classic token bucket: `per_minute` tokens, refilled continuously; <= 0 means unlimited."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._tokens = float(max(per_minute, 0))
        self._stamp = clock()
        self._lock = threading.Lock()

    def try_acquire(self) -> bool:
        """Take one token if available; never waits."""
        if self.per_minute <= 0:
            return True
        with self._lock:
            now = self._clock()
            refill = (now - self._stamp) * self.per_minute / 60.0
            self._tokens = min(float(self.per_minute), self._tokens + refill)
            self._stamp = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return True
            return False

    @property
    def available(self) -> float:
        """Tokens left right now (for status output)."""
        if self.per_minute <= 0:
            return float("inf")
        with self._lock:
            refill = (self._clock() - self._stamp) * self.per_minute / 60.0
            return min(float(self.per_minute), self._tokens + refill)


class GuardedLLM:
    """Every backend call goes through here: rate limit first, then asyncio.wait_for."""

    def __init__(self, inner: LLMBackend, *, timeout_seconds: float, bucket: TokenBucket) -> None:
        self.inner = inner
        self.name = inner.name
        self.timeout_seconds = timeout_seconds
        self.bucket = bucket

    async def generate_json(
        self, *, system: str, prompt: str, schema: dict[str, Any], max_tokens: int = 256
    ) -> dict[str, Any]:
        """Call the backend within the rate limit and time budget."""
        if not self.bucket.try_acquire():
            raise LLMRateLimited(f"more than {self.bucket.per_minute} LLM requests per minute")
        try:
            return await asyncio.wait_for(
                self.inner.generate_json(system=system, prompt=prompt, schema=schema, max_tokens=max_tokens),
                timeout=self.timeout_seconds,
            )
        except TimeoutError as exc:
            raise LLMTimeout(f"{self.name}: no answer within {self.timeout_seconds}s") from exc

    async def status(self) -> dict[str, Any]:
        """Backend status plus the guard's budget."""
        info = await self.inner.status()
        info["timeout_seconds"] = self.timeout_seconds
        info["max_requests_per_minute"] = self.bucket.per_minute
        return info


def make_llm(
    backend: str,
    *,
    model_path: str = "",
    base_url: str = "",
    api_key: str = "",
    model: str = "",
    timeout_seconds: float = 5.0,
    max_requests_per_minute: int = 60,
) -> GuardedLLM | None:
    """Build a guarded backend from explicit parameters; None for "none"; LLMUnavailable if misconfigured."""
    inner: LLMBackend
    if backend == "none":
        return None
    if backend == "llama_cpp":
        from core.llm.llama_cpp import LlamaCppBackend

        inner = LlamaCppBackend(model_path)
    elif backend == "openai":
        from core.llm.openai_compat import OpenAICompatBackend

        inner = OpenAICompatBackend(base_url, model=model, api_key=api_key, timeout_seconds=timeout_seconds)
    elif backend == "transformers":
        from core.llm.transformers_backend import TransformersBackend

        inner = TransformersBackend(model_path)
    else:
        raise LLMUnavailable(f"unknown llm_backend {backend!r}")
    return GuardedLLM(inner, timeout_seconds=timeout_seconds, bucket=TokenBucket(max_requests_per_minute))


def _from_settings() -> GuardedLLM | None:
    return make_llm(
        settings.llm_backend,
        model_path=settings.llm_model_path,
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key,
        model=settings.llm_model,
        timeout_seconds=settings.llm_timeout_seconds,
        max_requests_per_minute=settings.llm_max_requests_per_minute,
    )


_cached: tuple[GuardedLLM | None] | None = None
_cache_lock = threading.Lock()


def get_llm() -> GuardedLLM | None:
    """The configured backend (cached per process), or None when disabled or misconfigured."""
    global _cached
    with _cache_lock:
        if _cached is None:
            try:
                _cached = (_from_settings(),)
            except LLMUnavailable as exc:
                log.warning("LLM disabled: %s", exc)
                _cached = (None,)
        return _cached[0]


def reset_llm() -> None:
    """Forget the cached backend (after settings change)."""
    global _cached
    with _cache_lock:
        _cached = None


async def llm_status(probe: bool = False) -> dict[str, Any]:
    """For `main.py doctor`: which backend, model, reachable or why not; `probe` runs one tiny call."""
    info: dict[str, Any] = {"backend": settings.llm_backend, "blend_weight": settings.llm_blend_weight}
    if settings.llm_backend == "none":
        info.update(ok=True, enabled=False, reason="llm_backend=none: rule-based scoring only")
        return info
    llm = get_llm()
    if llm is None:
        try:  # rebuild only to learn why the cached attempt failed
            _from_settings()
            reason = "backend could not be built"
        except LLMUnavailable as exc:
            reason = str(exc)
        info.update(ok=False, enabled=False, reason=reason)
        return info
    info.update(await llm.status())
    info["enabled"] = bool(info.get("ok"))
    if probe and info["enabled"]:
        started = time.perf_counter()
        try:
            await llm.generate_json(
                system="Answer with JSON.",
                prompt='Say ok. JSON: ',
                schema={"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]},
                max_tokens=16,
            )
            info["probe_seconds"] = round(time.perf_counter() - started, 3)
        except LLMError as exc:
            info.update(ok=False, enabled=False, reason=f"probe failed: {type(exc).__name__}: {exc}")
    return info
