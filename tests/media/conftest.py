"""Media fixtures: flite speech, a real uvicorn server for WebSockets, aiortc client peers."""
from __future__ import annotations

import asyncio
import contextlib
import fractions
import json
import re
import socket
import subprocess
import time
import wave
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import av
import cv2
import httpx
import numpy as np
import pytest
import uvicorn
import websockets
from aiortc import (
    RTCConfiguration,
    RTCPeerConnection,
    RTCSessionDescription,
    VideoStreamTrack,
)
from aiortc.contrib.media import MediaPlayer

# flite's 16 kHz voice: the default 8 kHz "kal" voice is too muffled for any recogniser to be fair to.
FLITE_VOICE = "kal16"
SENTENCES_EN = ["I would start by measuring the latency of our system.",
                "After that I would add more memory to the database server and check the results."]
SPEECH_EN = " ".join(SENTENCES_EN)
LEAD_SILENCE_S = 0.5
GAP_SILENCE_S = 1.5  # a pause the recogniser ends an utterance at: two finals, accumulated into one draft
TAIL_SILENCE_S = 2.0  # lets the recogniser's VAD end the last utterance while the call is still up


def flite_wav(sentences: list[str], path: Path, *, lead: float = LEAD_SILENCE_S, gap: float = GAP_SILENCE_S,
              tail: float = TAIL_SILENCE_S) -> Path:
    """Synthesize English sentences with Debian's flite, joined and padded with silence."""
    chunks: list[bytes] = []
    for i, text in enumerate(sentences):
        raw = path.with_suffix(f".{i}.wav")
        subprocess.run(["flite", "-voice", FLITE_VOICE, "-t", text, "-o", str(raw)], check=True)
        with wave.open(str(raw)) as w:
            rate, width, channels = w.getframerate(), w.getsampwidth(), w.getnchannels()
            chunks.append(w.readframes(w.getnframes()))
        raw.unlink()
    pad = lambda seconds: bytes(int(rate * seconds) * width * channels)
    with wave.open(str(path), "wb") as w:
        w.setframerate(rate)
        w.setsampwidth(width)
        w.setnchannels(channels)
        w.writeframes(pad(lead) + pad(gap).join(chunks) + pad(tail))
    return path


def silence_wav(path: Path, seconds: float = 2.0, rate: int = 16000) -> Path:
    """A WAV of digital silence with a little hiss (what a muted microphone sends)."""
    rng = np.random.default_rng(0)
    samples = (rng.normal(0, 3, int(rate * seconds))).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setframerate(rate)
        w.setsampwidth(2)
        w.setnchannels(1)
        w.writeframes(samples.tobytes())
    return path


def to_webm_opus(src: Path, dst: Path) -> Path:
    """Re-encode a WAV as WebM/Opus 48 kHz (what MediaRecorder produces in browsers) with PyAV."""
    with av.open(str(src)) as inp, av.open(str(dst), "w", format="webm") as out:
        stream = out.add_stream("libopus", rate=48000, layout="mono")
        resampler = av.AudioResampler(format="s16", layout="mono", rate=48000)
        for frame in inp.decode(audio=0):
            frame.pts = None
            for rf in resampler.resample(frame):
                for packet in stream.encode(rf):
                    out.mux(packet)
        for rf in resampler.resample(None):
            for packet in stream.encode(rf):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return dst


@pytest.fixture(name="speech_wav", scope="session")
def fix_speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return flite_wav(SENTENCES_EN, tmp_path_factory.mktemp("speech") / "answer_en.wav")


class AstronautTrack(VideoStreamTrack):
    """A webcam stand-in: skimage's astronaut portrait (a real face) at a few frames per second."""

    def __init__(self, size: int = 320, fps: int = 10) -> None:
        super().__init__()
        from skimage.data import astronaut

        self.image = cv2.resize(cv2.cvtColor(astronaut(), cv2.COLOR_RGB2BGR), (size, size))
        self.fps = fps
        self._start: float | None = None
        self._count = 0

    async def recv(self) -> av.VideoFrame:
        if self._start is None:
            self._start = time.monotonic()
        else:
            self._count += 1
            await asyncio.sleep(max(0.0, self._start + self._count / self.fps - time.monotonic()))
        frame = av.VideoFrame.from_ndarray(self.image, format="bgr24")
        frame.pts = int(self._count * 90000 / self.fps)
        frame.time_base = fractions.Fraction(1, 90000)
        return frame


class CallClient:
    """A browser stand-in: an aiortc peer sending a WAV (MediaPlayer) and the astronaut video."""

    def __init__(self, wav: Path | None, video: bool = True) -> None:
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.player = MediaPlayer(str(wav)) if wav else None
        if self.player is not None and self.player.audio is not None:
            self.pc.addTrack(self.player.audio)
        if video:
            self.pc.addTrack(AstronautTrack())

    async def connect(self, client: httpx.AsyncClient, headers: dict[str, str], session_id: int,
                      record_id: int | None = None, munge: Callable[[str], str] | None = None,
                      apply_answer: bool = True) -> httpx.Response:
        await self.pc.setLocalDescription(await self.pc.createOffer())  # waits for ICE gathering
        sdp = self.pc.localDescription.sdp
        body: dict[str, Any] = {"sdp": munge(sdp) if munge else sdp, "type": self.pc.localDescription.type,
                                "session_id": session_id}
        if record_id is not None:
            body["record_id"] = record_id
        r = await client.post("/offer", headers=headers, json=body)
        if r.status_code == 200 and apply_answer:
            answer = r.json()
            await self.pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type=answer["type"]))
        return r

    async def close(self) -> None:
        await self.pc.close()
        if self.player is not None and self.player.audio is not None:
            self.player.audio.stop()


@pytest.fixture(name="call")
async def fix_call() -> AsyncIterator[list[CallClient]]:
    """Client peers made by a test; all closed afterwards."""
    calls: list[CallClient] = []
    yield calls
    await asyncio.gather(*(c.close() for c in calls), return_exceptions=True)


class _InLoopServer(uvicorn.Server):
    """uvicorn inside the test's event loop, so WebSockets share the hub with the ASGI-negotiated peers."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@pytest.fixture(name="live_server", scope="session")
async def fix_live_server(app: object) -> AsyncIterator[str]:
    """ws://127.0.0.1:<free port> serving the already-started app (its lifespan is the app fixture's)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = _InLoopServer(uvicorn.Config(app, lifespan="off", log_level="warning", ws="websockets"))  # type: ignore[arg-type]
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    yield f"ws://127.0.0.1:{port}"
    server.should_exit = True
    await task
    sock.close()


class EventSocket:
    """A WebSocket client that records every event in the background."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.events: list[dict[str, Any]] = []
        self.closed = asyncio.Event()
        self._task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                self.events.append(json.loads(raw))
        except websockets.ConnectionClosed:
            pass
        finally:
            self.closed.set()

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(message))

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("type") == kind]

    async def wait_for(self, predicate: Any, timeout: float = 30.0) -> dict[str, Any]:
        """The first recorded event satisfying predicate (waits for it)."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if predicate(event):
                    return event
            if time.monotonic() > deadline:
                raise AssertionError(f"no matching event; got {[e.get('type') for e in self.events]}")
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        await self.ws.close()
        await self._task


@contextlib.asynccontextmanager
async def event_socket(base: str, session_id: int, token: str) -> AsyncIterator[EventSocket]:
    """Open /ws/{session_id}?token=... and record its events."""
    async with websockets.connect(f"{base}/ws/{session_id}?token={token}") as ws:
        sock = EventSocket(ws)
        try:
            yield sock
        finally:
            await sock.close()


def unreachable_candidates(sdp: str) -> str:
    """The offer with its ICE candidates replaced by one nobody answers."""
    sdp = re.sub(r"a=candidate:[^\r\n]*\r\n", "", sdp)
    return sdp.replace("a=end-of-candidates", "a=candidate:1 1 udp 2130706431 127.0.0.1 9 typ host\r\na=end-of-candidates")


def token_of(headers: dict[str, str]) -> str:
    return headers["Authorization"].split(" ", 1)[1]


async def new_session(client: httpx.AsyncClient, headers: dict[str, str], count: int = 2) -> tuple[int, list[dict]]:
    """An English backend interview; returns (session id, its questions)."""
    r = await client.post("/sessions", headers=headers, json={"user_name": "Lee", "position": "Backend developer",
                                                                "language": "en", "question_count": count})
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    questions = (await client.get(f"/sessions/{sid}/questions", headers=headers)).json()
    return sid, questions
