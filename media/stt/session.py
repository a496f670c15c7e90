"""Live and one-shot transcription on top of providers: VAD gating, timeline, fallback, confidence."""
from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import queue
import threading
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import av

from core.config import settings
from media.audio import (
    BYTES_PER_SECOND,
    EnergyVad,
    FrameResampler,
    VadConfig,
    decode_to_pcm16,
)
from media.stt.base import (
    ProviderUnavailable,
    SttProvider,
    SttResult,
    Word,
    mean_confidence,
)
from media.stt.offline import SEGMENT_ENGINES, transcribe_file_job, transcribe_segments
from media.stt.pool import pool
from media.stt.registry import (
    get_provider,
    normalize_language,
    offline_provider,
    open_stream,
)
from media.stt.segment_engines import decode
from media.stt.vad import Segmenter, SpeechSegment

log = logging.getLogger(__name__)

ResultCallback = Callable[[SttResult], Awaitable[None] | None]


@dataclass
class Transcript:
    """The final text of a recording or session, with words on the input timeline."""

    text: str
    words: list[Word]
    confidence: float | None
    low_confidence: bool
    provider: str
    duration: float
    results: list[SttResult] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return asdict(self)


def _min_confidence() -> float:
    return float(settings.stt_min_confidence)


def build_transcript(finals: list[SttResult], provider: str, duration: float) -> Transcript:
    """Join final results into one transcript; low_confidence if the mean is below the setting."""
    words = [w for r in finals for w in r.words]
    confidence = mean_confidence(words)
    if confidence is None:
        values = [r.confidence for r in finals if r.confidence is not None]
        confidence = round(sum(values) / len(values), 4) if values else None
    text = " ".join(r.text for r in finals if r.text).strip()
    low = bool(text) and confidence is not None and confidence < _min_confidence()
    return Transcript(text, words, confidence, low, provider, round(duration, 3), list(finals))


class Recognizer:
    """Synchronous core: VAD-gates audio into a provider stream and maps times to the input.

    Only speech runs (plus pre-roll/hangover) reach the recogniser, and every speech region
    ends with `stream.finish()`, so silence and noise never become text and finals arrive at
    pauses. Not thread-safe: use from one thread.
    """

    def __init__(
        self, language: str, provider: SttProvider | None = None, vad_config: VadConfig | None = None
    ) -> None:
        self.language = normalize_language(language)
        self.stream, self.provider = open_stream(self.language, provider)
        self.vad = EnergyVad(vad_config)
        self.position = 0  # bytes of input seen (the input timeline)
        self.offset = 0.0  # input time minus stream time, fixed within a speech region
        self._fed = 0  # bytes given to the current stream
        self._in_region = False
        # A cloud stream can die with audio sent but never answered: the current region's audio is kept
        # so the offline fallback hears what no final covered yet (nothing the candidate said is lost).
        self._region_audio = bytearray()
        self._region_position = 0  # input bytes at the region's start
        self._region_fed = 0  # stream bytes at the region's start
        self._covered = 0  # stream bytes up to the end of the last final
        self.finals: list[SttResult] = []

    @property
    def provider_name(self) -> str:
        """Name of the provider in use (changes if a cloud provider fell back)."""
        return self.provider.name

    def _fall_back(self, exc: Exception) -> list[SttResult]:
        """Swap a failed cloud stream for the offline provider and replay what no final covered yet."""
        if self.provider.offline:
            raise exc
        fallback = offline_provider(self.language)
        log.warning("stt provider %s failed mid-stream (%s); continuing with %s", self.provider.name, exc, fallback.name)
        try:
            self.stream.close()
        except Exception:  # the broken stream may fail to close too
            log.debug("closing failed stream", exc_info=True)
        skip = min(max(self._covered - self._region_fed, 0), len(self._region_audio))
        skip -= skip % 2  # whole 16-bit samples
        unheard = bytes(self._region_audio[skip:])
        self._region_audio.clear()  # the offline engine never fails over, so nothing is kept for it
        self.stream, self.provider = fallback.open_stream(self.language), fallback
        self._fed = self._covered = 0
        self.offset = (self._region_position + skip) / BYTES_PER_SECOND
        if not unheard:
            return []
        results = self.stream.accept(unheard)
        self._fed = len(unheard)
        return self._mark(results)

    def _mark(self, results: list[SttResult]) -> list[SttResult]:
        out = []
        threshold = _min_confidence()
        for result in results:
            if result.is_final:
                self._covered = max(self._covered, round(result.end * BYTES_PER_SECOND))
            shifted = result.shifted(self.offset)
            shifted.low_confidence = bool(
                shifted.is_final and shifted.confidence is not None and shifted.confidence < threshold
            )
            if shifted.is_final:
                self.finals.append(shifted)
            out.append(shifted)
        return out

    def _accept(self, pcm: bytes) -> list[SttResult]:
        if not self._in_region:
            self._in_region = True
            self.offset = (self.position - self._fed) / BYTES_PER_SECOND
            self._region_position, self._region_fed = self.position, self._fed  # its audio was cleared at _finish
        replayed: list[SttResult] = []
        try:
            results = self.stream.accept(pcm)
        except (ProviderUnavailable, OSError) as exc:
            replayed = self._fall_back(exc)
            results = self.stream.accept(pcm)
        self._fed += len(pcm)
        if not self.provider.offline:
            self._region_audio += pcm
        return replayed + self._mark(results)

    def _finish(self) -> list[SttResult]:
        if not self._in_region:
            return []
        self._in_region = False
        try:
            results = self._mark(self.stream.finish())
        except (ProviderUnavailable, OSError) as exc:
            results = self._fall_back(exc) + self._mark(self.stream.finish())
        self._region_audio.clear()
        return results

    def _runs(self, runs: list[tuple[bytes, bool]]) -> list[SttResult]:
        results: list[SttResult] = []
        for pcm, speech in runs:
            results += self._accept(pcm) if speech else self._finish()
            self.position += len(pcm)
        return results

    def process(self, pcm16: bytes) -> list[SttResult]:
        """Feed 16 kHz mono s16 audio of any length; returns partial and final results."""
        return self._runs(self.vad.process(pcm16))

    def close(self) -> list[SttResult]:
        """Flush held audio and the last utterance, release the stream; returns last results."""
        try:
            return self._runs(self.vad.flush()) + self._finish()
        finally:
            self.stream.close()

    def transcript(self) -> Transcript:
        """Transcript of all finals so far."""
        return build_transcript(self.finals, self.provider_name, self.position / BYTES_PER_SECOND)


def transcribe_pcm(pcm16: bytes, language: str, provider: SttProvider | None = None) -> Transcript:
    """Transcribe a whole 16 kHz mono s16 buffer (blocking): VAD segments decoded once each, in this process."""
    chosen = provider or get_provider(language)
    if chosen.name in SEGMENT_ENGINES:
        return transcript_from_job(transcribe_segments(pcm16, normalize_language(language), chosen.name))
    recognizer = Recognizer(language, provider)
    step = BYTES_PER_SECOND  # 1 s chunks keep endpointing and memory behaviour like live use
    for i in range(0, len(pcm16), step):
        recognizer.process(pcm16[i : i + step])
    recognizer.close()
    return recognizer.transcript()


def transcribe_audio(source: bytes | str | Path, language: str, max_seconds: float | None = None) -> Transcript:
    """Decode an uploaded file / blob (WAV, WebM, OGG, MP3...) and transcribe it (blocking)."""
    return transcribe_pcm(decode_to_pcm16(source, max_seconds=max_seconds), language)


async def transcribe_audio_async(
    source: bytes | str | Path, language: str, max_seconds: float | None = None
) -> Transcript:
    """Decode and transcribe in the recognition pool (offline engines) or a thread (streaming providers)."""
    code = normalize_language(language)
    provider = await asyncio.to_thread(get_provider, code)
    if provider.name in SEGMENT_ENGINES:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        job = await pool.run(transcribe_file_job, data, code, provider.name, max_seconds)
        return transcript_from_job(job)
    return await asyncio.to_thread(transcribe_audio, source, language, max_seconds)


def transcript_from_job(job: dict[str, Any]) -> Transcript:
    """A Transcript from media.stt.offline's plain-dict result (what crosses the process boundary)."""
    finals = [result_from_words(seg["words"], seg["start"], job["engine"]) for seg in job["segments"] if seg["words"]]
    return build_transcript(finals, job["engine"], job["duration"])


def result_from_words(words: list[list[Any]], offset: float, provider: str) -> SttResult:
    """A final SttResult from segment-relative [word, start, end, confidence] rows moved by `offset`."""
    ws = [Word(str(w), round(offset + s, 3), round(offset + e, 3), c) for w, s, e, c in words]
    confidence = mean_confidence(ws)
    low = confidence is not None and confidence < _min_confidence()
    return SttResult(" ".join(w.word for w in ws), True, confidence, ws[0].start if ws else offset,
                     ws[-1].end if ws else offset, ws, provider, low)


_CLOSE = object()


class StreamingSession:
    """Async live transcription on a streaming provider (Deepgram): `feed()` audio, `on_result`, `close()`.

    Recognition runs on one dedicated thread per session (the event loop only enqueues audio);
    callbacks run on the event loop, in order. The provider is chosen (and a cloud stream
    connected) on that thread, so a slow network never blocks the loop.
    """

    def __init__(
        self,
        language: str,
        on_result: ResultCallback | None = None,
        *,
        provider: SttProvider | None = None,
        vad_config: VadConfig | None = None,
    ) -> None:
        self.language = normalize_language(language)
        self._on_result = on_result
        self._provider = provider
        self._vad_config = vad_config
        self._queue: queue.Queue[Any] = queue.Queue()
        self._events: asyncio.Queue[SttResult | None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._done: asyncio.Future[None] | None = None
        self._dispatcher: asyncio.Task[None] | None = None
        self._recognizer: Recognizer | None = None
        self._backlog = 0.0  # seconds queued, not yet recognised
        self._backlog_lock = threading.Lock()  # updated from the loop and the worker
        self._closed = False
        self.error: BaseException | None = None

    @property
    def provider_name(self) -> str | None:
        """Provider in use, once the worker has opened its stream."""
        return self._recognizer.provider_name if self._recognizer else None

    @property
    def backlog_seconds(self) -> float:
        """Audio queued but not yet recognised (grows if the CPU cannot keep up)."""
        return max(0.0, self._backlog)

    def _add_backlog(self, seconds: float) -> None:
        with self._backlog_lock:
            self._backlog += seconds

    def _start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._events = asyncio.Queue()
        self._done = self._loop.create_future()
        self._dispatcher = self._loop.create_task(self._dispatch())
        self._thread = threading.Thread(target=self._work, name=f"stt-{self.language}", daemon=True)
        self._thread.start()

    async def feed(self, pcm16: bytes) -> None:
        """Queue 16 kHz mono s16 audio for recognition (never blocks)."""
        if self._closed:
            raise RuntimeError("session is closed")
        if self._thread is None:
            self._start()
        if self.error is not None:
            return  # the worker died (logged once); audio is dropped rather than queued forever
        if pcm16:
            self._add_backlog(len(pcm16) / BYTES_PER_SECOND)
            self._queue.put(pcm16)

    async def feed_frame(self, frame: av.AudioFrame) -> None:
        """Queue a WebRTC/PyAV audio frame (any rate/layout); it is resampled on the worker."""
        if self._closed:
            raise RuntimeError("session is closed")
        if self._thread is None:
            self._start()
        if self.error is None:
            self._add_backlog(frame.samples / max(1, frame.sample_rate))
            self._queue.put(frame)

    async def close(self) -> list[SttResult]:
        """Finish recognition, wait for every callback, and return all final results."""
        if self._closed:
            return self._recognizer.finals if self._recognizer else []
        self._closed = True
        if self._thread is None:
            return []
        self._queue.put(_CLOSE)
        assert self._done is not None and self._dispatcher is not None
        await self._done
        await self._dispatcher
        return list(self._recognizer.finals) if self._recognizer else []

    def transcript(self) -> Transcript | None:
        """Transcript of the finals so far (None before the worker started)."""
        return self._recognizer.transcript() if self._recognizer else None

    # --- worker thread ---------------------------------------------------------------------

    def _post(self, results: list[SttResult]) -> None:
        assert self._loop is not None and self._events is not None
        for result in results:
            try:
                self._loop.call_soon_threadsafe(self._events.put_nowait, result)
            except RuntimeError:  # the loop is gone (shutdown without close()): nobody listens
                return

    def _work(self) -> None:
        resampler = FrameResampler()
        try:
            self._recognizer = Recognizer(self.language, self._provider, self._vad_config)
            while True:
                item = self._queue.get()
                if item is _CLOSE:
                    self._post(self._recognizer.process(resampler.flush()))
                    self._post(self._recognizer.close())
                    break
                if isinstance(item, av.AudioFrame):
                    seconds = item.samples / max(1, item.sample_rate)
                    pcm = resampler.push(item)
                else:
                    pcm = item
                    seconds = len(item) / BYTES_PER_SECOND
                self._post(self._recognizer.process(pcm))
                self._add_backlog(-seconds)
        except BaseException as exc:  # report on the loop; never kill the process from here
            log.exception("transcription worker failed")
            self.error = exc
            if self._recognizer is not None:
                with contextlib.suppress(Exception):
                    self._recognizer.stream.close()  # give a pooled decoder back
        finally:
            assert self._loop is not None
            with contextlib.suppress(RuntimeError):  # loop already closed
                self._loop.call_soon_threadsafe(self._finish_on_loop)

    def _finish_on_loop(self) -> None:
        assert self._events is not None and self._done is not None
        self._events.put_nowait(None)
        if not self._done.done():
            self._done.set_result(None)

    async def _dispatch(self) -> None:
        assert self._events is not None
        while (result := await self._events.get()) is not None:
            if self._on_result is None:
                continue
            try:
                outcome = self._on_result(result)
                if inspect.isawaitable(outcome):
                    await outcome
            except Exception:
                log.exception("on_result callback failed")


VoiceCallback = Callable[[dict[str, Any]], Awaitable[None] | None]
_FLUSH = "flush"
VOICE_EVERY_S = 0.2  # level/"listening" updates per second of audio: enough for a meter, cheap to send


class SegmentSession:
    """Live transcription with offline engines: Silero VAD cuts segments, the pool decodes each one once.

    The session's thread resamples and runs the VAD (cheap); each closed segment is submitted to the
    recognition pool at once, and results are delivered on the event loop in segment order. No partial
    text: re-decoding growing audio costs a multiple of one decode on 2 cores (bench/README.md), so the
    candidate sees a level and a "listening" state via `on_voice` instead.
    """

    def __init__(self, language: str, on_result: ResultCallback | None = None, *, engine: str,
                 on_voice: VoiceCallback | None = None) -> None:
        self.language = normalize_language(language)
        self.engine = engine
        self._on_result = on_result
        self._on_voice = on_voice
        self._queue: queue.Queue[Any] = queue.Queue()
        self._events: asyncio.Queue[Any] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._dispatcher: asyncio.Task[None] | None = None
        self._closed = False
        self.finals: list[SttResult] = []
        self.position = 0.0  # seconds of audio seen
        self.cpu_seconds = 0.0  # recogniser CPU spent on this stream (the budget is per decode, see decode())
        self.dropped: list[str] = []  # guarded segments (hallucinations), for logs and tests
        self.error: BaseException | None = None

    @property
    def provider_name(self) -> str:
        """The engine decoding this stream's segments."""
        return self.engine

    def _start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._events = asyncio.Queue()
        self._dispatcher = self._loop.create_task(self._dispatch())
        self._thread = threading.Thread(target=self._work, name=f"vad-{self.language}", daemon=True)
        self._thread.start()

    def _put(self, item: Any) -> None:
        if self._closed:
            raise RuntimeError("session is closed")
        if self._thread is None:
            self._start()
        self._queue.put(item)

    async def feed(self, pcm16: bytes) -> None:
        """Queue 16 kHz mono s16 audio (never blocks)."""
        if pcm16:
            self._put(pcm16)

    async def feed_frame(self, frame: av.AudioFrame) -> None:
        """Queue a WebRTC/PyAV frame; resampled on the session thread."""
        self._put(frame)

    async def flush(self) -> list[SttResult]:
        """"Stop": close the open segment now and wait until every segment so far is decoded and delivered."""
        if self._closed or self._thread is None:
            return list(self.finals)
        assert self._loop is not None
        done: asyncio.Future[None] = self._loop.create_future()
        self._queue.put((_FLUSH, done))
        await done
        return list(self.finals)

    async def close(self) -> list[SttResult]:
        """End of the track: flush, deliver everything, stop the thread; returns all finals."""
        if self._closed:
            return list(self.finals)
        self._closed = True
        if self._thread is None:
            return []
        self._queue.put(_CLOSE)
        assert self._dispatcher is not None
        await self._dispatcher
        return list(self.finals)

    def transcript(self) -> Transcript:
        """Transcript of the finals so far."""
        return build_transcript(self.finals, self.engine, self.position)

    # --- session thread ---------------------------------------------------------------------------
    def _post(self, item: Any) -> None:
        assert self._loop is not None and self._events is not None
        try:
            self._loop.call_soon_threadsafe(self._events.put_nowait, item)
        except RuntimeError:  # loop closed: nobody listens any more
            pass

    def _submit(self, segments: list[SpeechSegment]) -> None:
        for seg in segments:
            self._post(("segment", pool.submit(decode, self.engine, self.language, seg.pcm16), seg))

    def _work(self) -> None:
        resampler = FrameResampler()
        next_voice = 0.0
        try:
            segmenter = Segmenter()
            while True:
                item = self._queue.get()
                if item is _CLOSE:
                    segmenter.process(resampler.flush())
                    self._submit(segmenter.flush())
                    break
                if isinstance(item, tuple) and item[0] == _FLUSH:
                    self._submit(segmenter.flush())
                    self._post(("mark", item[1]))
                    continue
                pcm = resampler.push(item) if isinstance(item, av.AudioFrame) else item
                self._submit(segmenter.process(pcm))
                self.position = segmenter.position
                if self._on_voice is not None and self.position >= next_voice:
                    next_voice = self.position + VOICE_EVERY_S
                    self._post(("voice", {"speaking": segmenter.speaking, "level_db": round(segmenter.level_db, 1),
                                          "t": round(self.position, 2)}))
        except BaseException as exc:  # reported on the loop; the call goes on without speech
            log.exception("speech segmentation failed")
            self.error = exc
        finally:
            self._post(None)

    # --- event loop -----------------------------------------------------------------------------
    async def _deliver(self, future: Any, seg: SpeechSegment) -> None:
        try:
            out = await asyncio.wrap_future(future)
        except Exception as exc:
            log.exception("decoding a speech segment failed (%s)", self.engine)
            self.error = exc
            return
        self.cpu_seconds += out["cpu"]
        self.dropped += out["dropped"]
        if not out["words"]:
            return
        result = result_from_words(out["words"], seg.start, self.engine)
        self.finals.append(result)
        await _call(self._on_result, result)

    async def _dispatch(self) -> None:
        assert self._events is not None
        while (item := await self._events.get()) is not None:
            kind = item[0]
            if kind == "segment":
                await self._deliver(item[1], item[2])
            elif kind == "mark":
                if not item[1].done():
                    item[1].set_result(None)
            elif kind == "voice":
                await _call(self._on_voice, item[1])


async def _call(callback: Callable[[Any], Awaitable[None] | None] | None, arg: Any) -> None:
    if callback is None:
        return
    try:
        outcome = callback(arg)
        if inspect.isawaitable(outcome):
            await outcome
    except Exception:
        log.exception("speech callback failed")


LiveSession = SegmentSession | StreamingSession


def open_session(language: str, on_result: ResultCallback | None = None, *, provider: SttProvider | None = None,
                 on_voice: VoiceCallback | None = None) -> LiveSession:
    """The live session for a language: segments for offline engines, a stream for a streaming cloud provider.

    Choosing the provider only reads settings and package metadata (no network), so it is safe on the loop.
    """
    chosen = provider or get_provider(language)
    if chosen.name in SEGMENT_ENGINES:
        return SegmentSession(language, on_result, engine=chosen.name, on_voice=on_voice)
    return StreamingSession(language, on_result, provider=provider)


# The old name: callers that only feed audio and read finals work with either kind of session.
TranscriptionSession = open_session
