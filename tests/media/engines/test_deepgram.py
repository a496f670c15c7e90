"""Deepgram's real SDK client against a local fake Deepgram websocket, and fallbacks offline."""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlparse

import pytest
from websockets.sync.server import ServerConnection, serve

from core.config import settings
from media.audio import BYTES_PER_SECOND
from media.stt import deepgram as dg
from media.stt import registry
from media.stt.base import ProviderUnavailable
from media.stt.session import TranscriptionSession
from media.stt.wer import word_error_rate


def _results(transcript: str, start: float, duration: float, final: bool, from_finalize: bool = False) -> str:
    words = [
        {"word": w.lower(), "punctuated_word": w, "start": start + i * 0.3, "end": start + i * 0.3 + 0.25, "confidence": 0.9}
        for i, w in enumerate(transcript.split())
    ]
    return json.dumps(
        {
            "type": "Results",
            "channel_index": [0, 1],
            "duration": duration,
            "start": start,
            "is_final": final,
            "speech_final": final,
            "from_finalize": from_finalize,
            "channel": {"alternatives": [{"transcript": transcript, "confidence": 0.93, "words": words}]},
            "metadata": {"request_id": "r", "model_info": {"name": "n", "version": "v", "arch": "a"}, "model_uuid": "u"},
        }
    )


@dataclass
class FakeDeepgram:
    """Speaks Deepgram's live protocol: interim after 0.5 s of audio, final on Finalize."""

    drop_after_audio: bool = False
    drop_on_finalize: bool = False  # goes away instead of answering Finalize
    paths: list[str] = field(default_factory=list)
    auth: list[str] = field(default_factory=list)
    audio_bytes: int = 0
    url: str = ""
    control: list[str] = field(default_factory=list)  # JSON message types received

    def handler(self, ws: ServerConnection) -> None:
        self.paths.append(ws.request.path)
        self.auth.append(ws.request.headers.get("Authorization", ""))
        sent_interim = False
        for message in ws:
            if isinstance(message, bytes):
                self.audio_bytes += len(message)
                if self.drop_after_audio:
                    return  # the server goes away mid-stream
                if not sent_interim and self.audio_bytes >= BYTES_PER_SECOND // 2:
                    ws.send(_results("hello", 0.0, 0.5, final=False))
                    sent_interim = True
                continue
            kind = json.loads(message)["type"]
            self.control.append(kind)
            if kind == "Finalize" and self.drop_on_finalize:
                return
            if kind == "Finalize":
                ws.send(_results("Hello world.", 0.0, self.audio_bytes / BYTES_PER_SECOND, True, True))
            elif kind == "CloseStream":
                return


@pytest.fixture()
def fake_deepgram() -> Iterator[FakeDeepgram]:
    fake = FakeDeepgram()
    with serve(fake.handler, "127.0.0.1", 0) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        fake.url = f"ws://127.0.0.1:{server.socket.getsockname()[1]}"
        yield fake
        server.shutdown()
    dg.reset_failures()


def test_no_key_means_not_ready_and_offline_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "deepgram_api_key", "")
    status = dg.DeepgramProvider().status()
    assert not status.ready and "DEEPGRAM_API_KEY" in status.detail
    monkeypatch.setattr(settings, "stt_provider_en", "deepgram")
    assert registry.get_provider("en").name == "faster_whisper"
    with pytest.raises(ProviderUnavailable):
        dg.DeepgramProvider().open_stream("en")


def test_stream_against_fake_server(fake_deepgram: FakeDeepgram) -> None:
    provider = dg.DeepgramProvider(api_key="test-key", ws_base=fake_deepgram.url)
    assert provider.status().ready
    stream = provider.open_stream("ko")
    results = []
    for _ in range(50):  # 1 s of silence-valued audio in 20 ms chunks
        results += stream.accept(bytes(640))
    results += stream.finish()
    stream.close()
    query = parse_qs(urlparse(fake_deepgram.paths[0]).query)
    assert urlparse(fake_deepgram.paths[0]).path == "/v1/listen"
    assert query["model"] == [settings.deepgram_model] and query["language"] == ["ko"]
    assert query["encoding"] == ["linear16"] and query["sample_rate"] == ["16000"]
    assert query["endpointing"] == [str(settings.deepgram_endpointing_ms)]
    assert query["interim_results"] == ["true" if settings.deepgram_interim_results else "false"]
    assert fake_deepgram.auth == ["Token test-key"]
    assert fake_deepgram.audio_bytes == BYTES_PER_SECOND
    finals = [r for r in results if r.is_final]
    assert [r.text for r in finals] == ["Hello world."]
    assert [w.word for w in finals[0].words] == ["Hello", "world."] and finals[0].confidence == pytest.approx(0.93)
    assert all(r.provider == "deepgram" for r in results)


def test_unreachable_server_fails_fast_and_falls_back() -> None:
    provider = dg.DeepgramProvider(api_key="test-key", ws_base="ws://127.0.0.1:1")
    try:
        with pytest.raises(ProviderUnavailable):
            provider.open_stream("en")
        status = provider.status()
        assert not status.ready and "failed" in status.detail
        stream, used = registry.open_stream("en", provider)
        stream.close()
        assert used.name == "faster_whisper"
    finally:
        dg.reset_failures()


async def _transcribe(session: TranscriptionSession, audio: bytes) -> list:
    for i in range(0, len(audio), 640):
        await session.feed(audio[i : i + 640])
    return await session.close()


@pytest.mark.parametrize("drop", ["drop_after_audio", "drop_on_finalize"])
async def test_session_falls_back_offline_when_the_stream_drops(
    fake_deepgram: FakeDeepgram, english_clips: list[tuple[str, bytes]], silence: bytes, drop: str
) -> None:
    # Whenever the drop is noticed (the next send, or the utterance's Finalize), the offline engine hears the
    # whole utterance again: the same text as an offline-only session, however the threads were scheduled.
    setattr(fake_deepgram, drop, True)
    text, pcm = english_clips[2]
    audio = silence + pcm + silence
    session = TranscriptionSession("en", provider=dg.DeepgramProvider(api_key="k", ws_base=fake_deepgram.url))
    finals = await _transcribe(session, audio)
    assert fake_deepgram.audio_bytes > 0  # it really talked to the (fake) cloud first
    assert session.provider_name == "faster_whisper"
    assert finals and all(r.provider == "faster_whisper" for r in finals)
    offline = await _transcribe(TranscriptionSession("en", provider=registry.offline_provider("en")), audio)
    heard = " ".join(r.text for r in finals)
    assert heard == " ".join(r.text for r in offline)
    assert word_error_rate(text, heard) < 0.45
    assert finals[0].start >= len(silence) / BYTES_PER_SECOND - 0.5  # times stay on the input timeline


def test_idle_stream_sends_keepalives(fake_deepgram: FakeDeepgram, monkeypatch: pytest.MonkeyPatch) -> None:
    # The session withholds silence from the recogniser; Deepgram would drop a silent socket.
    monkeypatch.setattr(dg, "KEEPALIVE_S", 0.1)
    stream = dg.DeepgramProvider(api_key="k", ws_base=fake_deepgram.url).open_stream("en")
    deadline = time.monotonic() + 10
    while "KeepAlive" not in fake_deepgram.control and time.monotonic() < deadline:
        time.sleep(0.05)
    stream.close()
    assert "KeepAlive" in fake_deepgram.control
    assert fake_deepgram.control[-1] == "CloseStream"


async def test_auto_selects_deepgram_when_a_key_is_set(
    fake_deepgram: FakeDeepgram, monkeypatch: pytest.MonkeyPatch, english_clips: list[tuple[str, bytes]]
) -> None:
    monkeypatch.setattr(settings, "deepgram_api_key", "live-key")
    monkeypatch.setattr(settings, "deepgram_url", fake_deepgram.url)
    assert registry.get_provider("en").name == "deepgram"
    assert registry.all_statuses()["selected"]["ko"]["using"] == "deepgram"
    events = []
    session = TranscriptionSession("en", events.append)
    await session.feed(english_clips[0][1])
    finals = await session.close()
    assert session.provider_name == "deepgram" and fake_deepgram.auth == ["Token live-key"]
    assert [r.text for r in finals] == ["Hello world."] and any(not r.is_final for r in events)
    transcript = session.transcript()
    assert transcript is not None and transcript.provider == "deepgram" and not transcript.low_confidence
