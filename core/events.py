"""Session events over Redis pub/sub: the worker tells, pages and requests listen (no database polling).

Publishers (the worker) call `publish` after their commit. Each app process runs one subscriber task
(`hub`) on one Redis connection, pattern-subscribed to every session channel, and fans events out to
in-process listeners keyed by session id — one connection per process, not one per browser tab. Events
are hints, never the data: a listener re-reads the database when one arrives, and keeps a slow safety
poll for events lost while Redis was away.
"""
from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any

import orjson
from redis.asyncio import Redis

from core.config import settings

log = logging.getLogger(__name__)
PREFIX = "ic:session:"
# Event kinds, published on the session's channel.
EVALUATED = "evaluated"  # an answer's evaluation is done or failed (record_id, status, next_action)
FOLLOW_UP_READY = "follow_up_ready"  # a follow-up question was prepared for a record (record_id)
STATE = "state"  # the session's next_action changed (next_action)
REPORT_READY = "report_ready"
# Told only inside the app process that made the change (answers and ends are requests of this process).
ANSWERED = "answered"  # a record got its answer (record_id)
ENDED = "ended"  # the session was ended


def channel(session_id: int) -> str:
    return f"{PREFIX}{session_id}"


async def publish(session_id: int, kind: str, **data: Any) -> None:
    """Best effort, after the caller's commit: a lost event costs a listener one safety-poll interval."""
    from core.queue import close_pool, get_pool

    payload = orjson.dumps({"session_id": session_id, "kind": kind, **data})
    try:
        pool = await get_pool()
        await asyncio.wait_for(pool.publish(channel(session_id), payload), settings.redis_timeout_seconds * 2)
    except Exception as exc:  # noqa: BLE001 - the work is committed; only the notification is lost
        log.warning("could not publish %s for session %s: %s", kind, session_id, exc)
        await close_pool()


Listener = Callable[[dict[str, Any]], None]


class EventHub:
    """One subscriber task per process; listeners are plain callbacks run on the event loop."""

    def __init__(self, url: str | None = None) -> None:
        self._url = url  # None: settings.redis_url, read at each (re)connect
        self._listeners: dict[int, set[Listener]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.connected = False
        self.subscriptions = 0  # how many times the subscription was (re-)established (tests, diagnostics)

    def start(self) -> None:
        """Idempotent; restarts the task when called from another event loop (tests open several)."""
        loop = asyncio.get_running_loop()
        if self._task is not None and not self._task.done() and self._loop is loop:
            return
        self._loop, self.connected = loop, False
        self._task = loop.create_task(self._run(), name="session-events")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done() and self._loop is asyncio.get_running_loop():
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
        self.connected = False

    def add(self, session_id: int, listener: Listener) -> Callable[[], None]:
        """Call `listener(event)` for each event of this session; returns the function that removes it."""
        self.start()
        self._listeners[session_id].add(listener)

        def remove() -> None:
            listeners = self._listeners.get(session_id)
            if listeners is not None:
                listeners.discard(listener)
                if not listeners:
                    self._listeners.pop(session_id, None)

        return remove

    @asynccontextmanager
    async def listen(self, session_id: int) -> AsyncIterator[asyncio.Queue[dict[str, Any]]]:
        """A queue of this session's events while the block runs."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=100)

        def put(event: dict[str, Any]) -> None:
            with suppress(asyncio.QueueFull):  # a stuck consumer loses events, never the hub
                queue.put_nowait(event)

        remove = self.add(session_id, put)
        try:
            yield queue
        finally:
            remove()

    async def wait_ready(self, timeout: float) -> bool:
        """Wait until the subscription is live (so an event published from now on is not missed)."""
        self.start()
        deadline = asyncio.get_running_loop().time() + timeout
        while not self.connected and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        return self.connected

    def notify(self, session_id: int, kind: str, **data: Any) -> None:
        """Tell this process's listeners at once, without Redis: for changes a request of this process made."""
        self._deliver(session_id, {"session_id": session_id, "kind": kind, **data})

    def _dispatch(self, raw: bytes) -> None:
        try:
            event = orjson.loads(raw)
            session_id = int(event["session_id"])
        except (ValueError, KeyError, TypeError):
            log.warning("ignoring malformed session event %r", raw[:200])
            return
        self._deliver(session_id, event)

    def _deliver(self, session_id: int, event: dict[str, Any]) -> None:
        for listener in list(self._listeners.get(session_id, ())):
            try:
                listener(event)
            except Exception:
                log.exception("session event listener failed")

    async def _run(self) -> None:
        delay = settings.events_reconnect_min_seconds
        while True:
            client = Redis.from_url(self._url or settings.redis_url, socket_connect_timeout=settings.redis_timeout_seconds * 2,
                                    health_check_interval=settings.events_health_check_seconds)
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.psubscribe(f"{PREFIX}*")
                self.subscriptions += 1
                self.connected, delay = True, settings.events_reconnect_min_seconds
                while True:
                    # The timeout lets the health check's PING run: a dead Redis is noticed, not waited on.
                    message = await pubsub.get_message(timeout=settings.events_health_check_seconds)
                    if message is not None and message.get("type") == "pmessage":
                        self._dispatch(message["data"])
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - Redis restarting: back off and subscribe again
                if self.connected:
                    log.warning("session events: lost Redis (%s); reconnecting", exc)
                self.connected = False
                await asyncio.sleep(delay)
                delay = min(delay * 2, settings.events_reconnect_max_seconds)
            finally:
                with suppress(Exception):
                    await pubsub.aclose()
                with suppress(Exception):
                    await client.aclose()


hub = EventHub()
