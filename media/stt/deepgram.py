"""Deepgram live streaming (optional, paid): used only when settings.deepgram_api_key is set."""
from __future__ import annotations

import contextlib
import importlib.util
import logging
import queue
import socket
import threading
import time
from typing import Any
from urllib.parse import urlparse

from websockets.exceptions import WebSocketException

from core.config import settings
from media.audio import SAMPLE_RATE
from media.stt.base import (
    ProviderStatus,
    ProviderUnavailable,
    SttResult,
    Word,
    clean_word,
)

log = logging.getLogger(__name__)

NAME = "deepgram"
CONNECT_TIMEOUT_S = 3.0
FINALIZE_TIMEOUT_S = 3.0
FAILURE_COOLDOWN_S = 60.0  # after a failed connection, report not-ready for this long
# Deepgram closes a socket that gets no data for ~10 s; the VAD withholds silence, so ping.
KEEPALIVE_S = 4.0
PRODUCTION_WS = "wss://api.deepgram.com"

_failure_lock = threading.Lock()
_last_failure: tuple[float, str] | None = None


def _record_failure(reason: str) -> None:
    global _last_failure
    with _failure_lock:
        _last_failure = (time.monotonic(), reason)


def reset_failures() -> None:
    """Forget the last connection failure (e.g. after fixing the network or the key)."""
    global _last_failure
    with _failure_lock:
        _last_failure = None


def _recent_failure() -> str | None:
    with _failure_lock:
        if _last_failure and time.monotonic() - _last_failure[0] < FAILURE_COOLDOWN_S:
            return _last_failure[1]
    return None


def _to_result(message: Any) -> SttResult | None:
    """ListenV1Results -> SttResult (None for other message types or empty transcripts)."""
    if getattr(message, "type", None) != "Results":
        return None
    alternatives = message.channel.alternatives
    if not alternatives or not alternatives[0].transcript.strip():
        return None
    alt = alternatives[0]
    words = []
    for w in alt.words or []:
        token = clean_word(w.punctuated_word or w.word)
        if token:
            words.append(Word(token, float(w.start), float(w.end), float(w.confidence)))
    start = float(message.start)
    return SttResult(
        text=alt.transcript.strip(),
        is_final=bool(message.is_final),
        confidence=float(alt.confidence),
        start=start,
        end=start + float(message.duration),
        words=words,
        provider=NAME,
    )


class DeepgramStream:
    """One Deepgram live websocket: audio out from the caller's thread, results in on a reader."""

    def __init__(self, api_key: str, language: str, ws_base: str, *, environment: Any = None) -> None:
        from deepgram import DeepgramClient
        from deepgram.environment import DeepgramClientEnvironment

        _preflight(ws_base)
        if environment is None:
            http_base = ws_base.replace("wss://", "https://").replace("ws://", "http://")
            environment = DeepgramClientEnvironment(
                base=http_base, production=ws_base, agent=ws_base, agent_rest=http_base
            )
        self._client = DeepgramClient(api_key=api_key, environment=environment)
        self._stack = contextlib.ExitStack()
        self._results: queue.Queue[SttResult] = queue.Queue()
        self._error: BaseException | None = None
        self._finalized = threading.Event()
        self._done = threading.Event()
        self._closing = False
        try:
            self._socket = self._stack.enter_context(
                self._client.listen.v1.connect(
                    model=settings.deepgram_model,
                    language=language,
                    encoding="linear16",
                    sample_rate=str(SAMPLE_RATE),
                    channels="1",
                    interim_results="true" if settings.deepgram_interim_results else "false",
                    endpointing=str(settings.deepgram_endpointing_ms),
                    punctuate="true",
                )
            )
        except Exception as exc:
            self._stack.close()
            _record_failure(f"connect failed: {exc}")
            raise ProviderUnavailable(f"deepgram connect failed: {exc}") from exc
        self._last_send = time.monotonic()
        self._reader = threading.Thread(target=self._read, name="deepgram-reader", daemon=True)
        self._reader.start()
        self._pinger = threading.Thread(target=self._keepalive, name="deepgram-keepalive", daemon=True)
        self._pinger.start()

    def _keepalive(self) -> None:
        while not self._done.wait(KEEPALIVE_S / 2):
            if time.monotonic() - self._last_send >= KEEPALIVE_S:
                try:
                    self._socket.send_keep_alive()  # websockets' sync send is thread-safe
                    self._last_send = time.monotonic()
                except (OSError, RuntimeError, WebSocketException):
                    return  # the reader sees the broken socket and records the error

    def _read(self) -> None:
        try:
            for message in self._socket:
                result = _to_result(message)
                if result is not None:
                    self._results.put(result)
                if getattr(message, "from_finalize", False):
                    self._finalized.set()
                if getattr(message, "type", None) == "Error":
                    raise RuntimeError(f"deepgram error: {getattr(message, 'description', message)}")
            if not self._closing:  # a server that hangs up unasked has dropped the utterance in flight
                raise ConnectionError("deepgram closed the stream")
        except (OSError, RuntimeError, ValueError, WebSocketException) as exc:
            # Network drop or server error: surfaced on the next accept().
            self._error = exc
            _record_failure(f"stream failed: {exc}")
        finally:
            self._finalized.set()
            self._done.set()

    def _drain(self) -> list[SttResult]:
        out = []
        while True:
            try:
                out.append(self._results.get_nowait())
            except queue.Empty:
                return out

    def _check(self) -> None:
        if self._error is not None:
            raise ProviderUnavailable(f"deepgram stream failed: {self._error}")

    def accept(self, pcm16: bytes) -> list[SttResult]:
        """Send audio; return whatever results arrived meanwhile."""
        self._check()
        try:
            self._socket.send_media(pcm16)
            self._last_send = time.monotonic()
        except Exception as exc:
            _record_failure(f"send failed: {exc}")
            raise ProviderUnavailable(f"deepgram send failed: {exc}") from exc
        return self._drain()

    def finish(self) -> list[SttResult]:
        """Ask Deepgram to flush the utterance and wait (bounded) for its final result."""
        self._check()
        self._finalized.clear()
        try:
            self._socket.send_finalize()
        except Exception as exc:
            raise ProviderUnavailable(f"deepgram finalize failed: {exc}") from exc
        self._finalized.wait(FINALIZE_TIMEOUT_S)
        results = self._drain()
        # A stream that died while finalising answered nothing for this utterance: the caller replays it.
        self._check()
        return results

    def close(self) -> None:
        """Close the stream politely, then the socket."""
        self._closing = True
        if not self._done.is_set():
            with contextlib.suppress(Exception):
                self._socket.send_close_stream()
            self._done.wait(FINALIZE_TIMEOUT_S)
        self._stack.close()
        self._done.set()  # stops the keep-alive thread even if the reader never ended


def _preflight(ws_base: str) -> None:
    """Fail in seconds, not the websocket library's default 10 s, when the host is unreachable."""
    url = urlparse(ws_base)
    port = url.port or (443 if url.scheme == "wss" else 80)
    try:
        with socket.create_connection((url.hostname or "", port), timeout=CONNECT_TIMEOUT_S):
            pass
    except OSError as exc:
        _record_failure(f"{url.hostname}:{port} unreachable: {exc}")
        raise ProviderUnavailable(f"deepgram host {url.hostname}:{port} unreachable: {exc}") from exc


class DeepgramProvider:
    """Cloud provider for ko and en; the registry falls back to offline ones when it is not ready."""

    name = NAME
    languages = ("ko", "en")
    offline = False

    def __init__(self, api_key: str | None = None, ws_base: str | None = None) -> None:
        # None = read settings at each use, so a changed key or URL applies without a restart.
        self._api_key_override = api_key
        self._ws_base_override = ws_base

    @property
    def _api_key(self) -> str:
        return settings.deepgram_api_key if self._api_key_override is None else self._api_key_override

    @property
    def _ws_base(self) -> str:
        # A self-hosted Deepgram can be reached by setting DEEPGRAM_URL (ws:// or wss://).
        return self._ws_base_override or settings.deepgram_url or PRODUCTION_WS

    def status(self) -> ProviderStatus:
        """Not ready without a key or shortly after a failed connection; the network is not probed."""
        if importlib.util.find_spec("deepgram") is None:
            return ProviderStatus(False, "deepgram-sdk is not installed")
        if not self._api_key:
            return ProviderStatus(False, "DEEPGRAM_API_KEY is not set")
        failure = _recent_failure()
        if failure:
            return ProviderStatus(False, f"last connection failed: {failure}")
        return ProviderStatus(True, f"key set; model {settings.deepgram_model} at {self._ws_base}")

    def open_stream(self, language: str) -> DeepgramStream:
        """Connect a live stream; raises ProviderUnavailable when that fails."""
        if not self._api_key:
            raise ProviderUnavailable("DEEPGRAM_API_KEY is not set")
        return DeepgramStream(self._api_key, language, self._ws_base)
