"""WebSocket fan-out: every live event of an interview session goes to that session's sockets."""
from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from typing import Any

log = logging.getLogger(__name__)

# A socket that falls this far behind loses its oldest events (partials are superseded anyway).
QUEUE_SIZE = 256


class Subscription:
    """One socket's queue of outgoing events."""

    def __init__(self, session_id: int) -> None:
        self.session_id = session_id
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=QUEUE_SIZE)
        self.dropped = 0

    def put(self, message: dict[str, Any]) -> None:
        """Enqueue without ever blocking the publisher: drop the oldest event when full."""
        while True:
            try:
                self.queue.put_nowait(message)
                return
            except asyncio.QueueFull:
                try:
                    self.queue.get_nowait()
                    self.dropped += 1
                except asyncio.QueueEmpty:
                    pass

    async def get(self) -> dict[str, Any]:
        """Next event (waits)."""
        return await self.queue.get()


class Hub:
    """Session id -> subscribed sockets. Lives on the event loop; not thread-safe by design."""

    def __init__(self) -> None:
        self._subs: dict[int, set[Subscription]] = defaultdict(set)

    def subscribe(self, session_id: int) -> Subscription:
        """Register a socket for a session's events."""
        sub = Subscription(session_id)
        self._subs[session_id].add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        """Forget a socket (safe to call twice)."""
        subs = self._subs.get(sub.session_id)
        if subs is None:
            return
        subs.discard(sub)
        if not subs:
            del self._subs[sub.session_id]

    def publish(self, session_id: int, message: dict[str, Any]) -> int:
        """Send an event to every socket of the session; returns how many got it."""
        subs = self._subs.get(session_id, ())
        for sub in list(subs):
            sub.put(message)
        return len(subs)

    def subscribers(self, session_id: int) -> int:
        """Number of sockets listening to a session."""
        return len(self._subs.get(session_id, ()))


hub = Hub()
