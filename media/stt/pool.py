"""The recognition pool: audio decoding and speech recognition in processes sized to the cores, bounded.

Separate from the thread pool that hashes passwords: a burst of uploads can fill this pool, never the
one `/token` needs. Live segments are always accepted (their call was admitted by the peer limit);
uploads are admitted per user and globally, and refused with 429/503 + Retry-After when full.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
from collections import Counter
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from core.config import settings
from core.errors import RateLimited, Unavailable

log = logging.getLogger(__name__)
T = TypeVar("T")
RETRY_AFTER_S = 5


def size() -> int:
    """Worker processes: settings.stt_pool_workers, or one per core."""
    return max(1, int(settings.stt_pool_workers) or (os.cpu_count() or 1))


class RecognitionPool:
    """A lazily started ProcessPoolExecutor plus the admission counters for uploads."""

    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._per_user: Counter[int] = Counter()
        self.uploads = 0
        self.in_flight = 0
        self._warmed: set[str] = set()

    def executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                # spawn, not fork: the app process has threads (event loop, aiortc) a fork would copy mid-lock.
                self._executor = ProcessPoolExecutor(max_workers=size(),
                                                     mp_context=multiprocessing.get_context("spawn"))
            return self._executor

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Run fn(*args) in a pool process (fn must be importable: a module-level function)."""
        try:
            future = self.executor().submit(fn, *args)
        except BrokenProcessPool:
            # A worker died (OOM, a crash in native code): the executor refuses all work from then on.
            log.error("recognition pool was broken; starting a new one")
            self.shutdown()
            future = self.executor().submit(fn, *args)
        with self._lock:
            self.in_flight += 1
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future[Any]) -> None:
        with self._lock:
            self.in_flight -= 1

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Await fn(*args) in the pool without blocking the event loop (once more if a worker died meanwhile)."""
        try:
            return await asyncio.wrap_future(self.submit(fn, *args))
        except BrokenProcessPool:
            log.error("a recognition worker died; retrying once on a new pool")
            self.shutdown()
            return await asyncio.wrap_future(self.submit(fn, *args))

    def warm(self, engine: str) -> list[Future[str]]:
        """Load an engine's model in the workers in the background (first segment then decodes at once)."""
        from media.stt.segment_engines import warm

        if engine in self._warmed:
            return []
        self._warmed.add(engine)
        return [self.submit(warm, engine) for _ in range(size())]

    @asynccontextmanager
    async def admit(self, user_id: int) -> AsyncIterator[None]:
        """Hold an upload slot: 429 if this user already has theirs in use, 503 if the pool's queue is full."""
        headers = {"Retry-After": str(RETRY_AFTER_S)}
        if self._per_user[user_id] >= int(settings.stt_uploads_per_user):
            raise RateLimited("Your previous recording is still being transcribed; try again in a few seconds.",
                              code="STT_BUSY", headers=headers)
        if self.uploads >= size() + int(settings.stt_pool_queue):
            raise Unavailable("Speech recognition is busy; try again shortly or type your answer.",
                              code="STT_BUSY", headers=headers)
        self._per_user[user_id] += 1
        self.uploads += 1
        try:
            yield
        finally:
            self.uploads -= 1
            self._per_user[user_id] -= 1
            if self._per_user[user_id] <= 0:
                del self._per_user[user_id]

    def shutdown(self) -> None:
        """Stop the worker processes (app shutdown)."""
        with self._lock:
            executor, self._executor = self._executor, None
            self._warmed.clear()
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)


pool = RecognitionPool()
