"""The registry of live peer connections: limits, negotiation, and every way a call ends."""
from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import dataclass, field

from aiortc import (
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.mediastreams import MediaStreamTrack

from core.config import settings
from core.errors import AppError, Invalid
from media.live import LiveSession

log = logging.getLogger(__name__)

# ICE can sit in "checking" forever when the browser vanishes before connecting: give up after this.


def ice_servers() -> list[RTCIceServer]:
    """STUN/TURN servers from settings.ice_servers (comma-separated URLs); none by default.

    aiortc would otherwise try a public Google STUN server, which an offline install cannot reach.
    """
    urls = [u.strip() for u in settings.ice_servers.split(",") if u.strip()]
    return [RTCIceServer(urls=u) for u in urls]


@dataclass
class Peer:
    """One browser's call for one interview session."""

    id: str
    session_id: int
    user_id: int
    pc: RTCPeerConnection
    live: LiveSession
    started: float = field(default_factory=time.monotonic)
    timer: asyncio.Task[None] | None = None
    watchdog: asyncio.Task[None] | None = None
    closing: asyncio.Task[None] | None = None
    reason: str | None = None


class PeerLimit(AppError):
    status_code, error_code, retry_available = 503, "TOO_MANY_PEERS", True


class PeerRegistry:
    """All peers of this process. Every close path ends in `close()`, which is idempotent."""

    def __init__(self) -> None:
        self._peers: dict[str, Peer] = {}
        self._wanted_record: dict[int, int | None] = {}

    def __len__(self) -> int:
        return len(self._peers)

    def for_session(self, session_id: int) -> list[Peer]:
        """Open peers of an interview session."""
        return [p for p in self._peers.values() if p.session_id == session_id and p.closing is None]

    def for_user(self, user_id: int) -> list[Peer]:
        """Open peers of one account."""
        return [p for p in self._peers.values() if p.user_id == user_id and p.closing is None]

    def remember_record(self, session_id: int, record_id: int | None) -> None:
        """A record chosen over the WebSocket before the call started applies to the next offer."""
        self._wanted_record[session_id] = record_id

    async def open(self, *, sdp: str, type_: str, session_id: int, user_id: int, language: str,
                   record_id: int | None = None) -> tuple[RTCSessionDescription, Peer]:
        """Answer a browser's offer; the peer then streams into a LiveSession for the interview session."""
        if type_ != "offer":
            raise Invalid("type: expected an SDP 'offer'.", code="INVALID_SDP")
        if "\nm=audio " not in sdp and "\nm=video " not in sdp:
            raise Invalid("sdp: the offer has no audio or video section.", code="INVALID_SDP")
        # A reconnecting browser replaces its previous call (two recognisers must not write one draft), and one
        # account holds at most max_peers_per_user calls: its oldest calls make way, never other users' calls.
        await asyncio.gather(*(self.close(p.id, "replaced") for p in self.for_session(session_id)))
        mine = sorted(self.for_user(user_id), key=lambda p: p.started)
        excess = len(mine) - max(1, int(settings.max_peers_per_user)) + 1
        if excess > 0:
            await asyncio.gather(*(self.close(p.id, "replaced") for p in mine[:excess]))
        limit = int(settings.max_peers)
        if len(self._peers) >= limit:
            raise PeerLimit(f"The server is handling its maximum of {limit} live calls; try again shortly, "
                            "or answer by text or audio upload.", headers={"Retry-After": "30"})
        peer_id = uuid.uuid4().hex
        if record_id is None:
            record_id = self._wanted_record.get(session_id)
        pc = RTCPeerConnection(RTCConfiguration(iceServers=ice_servers()))
        live = LiveSession(session_id, language, record_id=record_id,
                           on_ended=lambda reason: self._close_soon(peer_id, reason))
        peer = Peer(peer_id, session_id, user_id, pc, live)
        self._peers[peer_id] = peer  # the slot is taken before any await, so the limit holds under load
        self._wire(peer)
        try:
            await live.start()
            try:
                await pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type=type_))
                await pc.setLocalDescription(await pc.createAnswer())
            except Exception as exc:  # aiortc reports bad SDP as ValueError, AssertionError, InvalidStateError...
                log.info("rejected offer for session %s: %s", session_id, exc)
                raise Invalid(f"sdp: the offer could not be negotiated ({exc}).", code="INVALID_SDP") from exc
        except BaseException:
            await self.close(peer_id, "negotiation_failed")
            raise
        peer.timer = asyncio.create_task(self._expire(peer_id, float(settings.max_peer_seconds)))
        peer.watchdog = asyncio.create_task(self._connect_watchdog(peer_id))
        log.info("peer %s opened for session %s (%d/%d)", peer_id[:8], session_id, len(self._peers), limit)
        return pc.localDescription, peer

    def _wire(self, peer: Peer) -> None:
        pc = peer.pc

        @pc.on("track")
        def on_track(track: MediaStreamTrack) -> None:
            peer.live.attach(track)

        @pc.on("iceconnectionstatechange")
        def on_ice() -> None:
            if pc.iceConnectionState == "failed":
                self._close_soon(peer.id, "ice_failed")

        @pc.on("connectionstatechange")
        def on_state() -> None:
            if pc.connectionState in ("failed", "closed"):
                self._close_soon(peer.id, "ice_failed" if pc.connectionState == "failed" else "hangup")

    async def _connect_watchdog(self, peer_id: str) -> None:
        await asyncio.sleep(settings.peer_connect_timeout_seconds)
        peer = self._peers.get(peer_id)
        if peer is not None and peer.pc.connectionState != "connected":
            log.info("peer %s did not connect (ice %s)", peer_id[:8], peer.pc.iceConnectionState)
            self._close_soon(peer_id, "ice_failed")

    async def _expire(self, peer_id: str, seconds: float) -> None:
        await asyncio.sleep(seconds)
        peer = self._peers.get(peer_id)
        if peer is not None:
            peer.live.publish({"type": "error", "error_code": "CALL_TOO_LONG", "retry_available": True,
                               "error_message": f"Live calls are limited to {int(seconds)} seconds; "
                                                "reconnect to continue (your transcript is saved)."})
            self._close_soon(peer_id, "max_duration")

    def _close_soon(self, peer_id: str, reason: str) -> None:
        """Close from a sync event handler (aiortc emits events synchronously)."""
        peer = self._peers.get(peer_id)
        if peer is not None and peer.closing is None:
            asyncio.ensure_future(self.close(peer_id, reason))

    async def close(self, peer_id: str, reason: str = "closed") -> None:
        """Close a peer and flush its pipeline; concurrent callers wait for the same close."""
        peer = self._peers.get(peer_id)
        if peer is None:
            return
        if peer.closing is None:
            peer.reason = reason
            peer.closing = asyncio.ensure_future(self._do_close(peer))
        await asyncio.shield(peer.closing)

    async def _do_close(self, peer: Peer) -> None:
        try:
            for task in (peer.timer, peer.watchdog):
                if task is not None:
                    task.cancel()
            try:
                await peer.pc.close()  # stops the remote tracks: the consumers see the end of stream
            except Exception:
                log.exception("closing peer connection %s failed", peer.id[:8])
            await peer.live.close(peer.reason or "closed")
        finally:
            self._peers.pop(peer.id, None)
            log.info("peer %s closed (%s) after %.0f s", peer.id[:8], peer.reason,
                     time.monotonic() - peer.started)

    async def close_session(self, session_id: int, reason: str = "session_ended") -> int:
        """Close every call of an interview session (e.g. when it ends); returns how many."""
        peers = self.for_session(session_id)
        await asyncio.gather(*(self.close(p.id, reason) for p in peers))
        self._wanted_record.pop(session_id, None)
        return len(peers)

    async def close_all(self, reason: str = "shutdown") -> None:
        """Close every call concurrently (app shutdown)."""
        await asyncio.gather(*(self.close(pid, reason) for pid in list(self._peers)), return_exceptions=True)
        self._wanted_record.clear()


registry = PeerRegistry()
