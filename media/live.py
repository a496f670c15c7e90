"""Live pipeline glue: WebRTC tracks -> STT per question record + emotion frames -> DB and WebSocket."""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import av
import cv2
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from core import events as session_events
from core.config import settings
from core.services import media_results
from db.engine import db_session
from media.emotion.detector import analyze_frame
from media.hub import hub
from media.stt.base import SttResult
from media.stt.pool import pool
from media.stt.session import open_session

log = logging.getLogger(__name__)

# A call learns that its question was answered (then speech moves to the next one) or that the session ended
# from the session's events; this slow re-check only covers an event it missed.
RECORD_SAFETY_POLL_S = 5.0

# One small pool for every peer: emotion analysis is CPU work that must stay off the event loop,
# and on a 2-core machine more threads would only steal time from speech recognition.
_executor = ThreadPoolExecutor(max_workers=max(1, settings.emotion_workers),
                               thread_name_prefix="emotion")


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def analyse_video_frame(frame: av.VideoFrame, raw_path: Path | None = None) -> dict[str, Any] | None:
    """Blocking: convert one WebRTC frame to BGR, analyse it, optionally keep it as JPEG."""
    bgr = frame.to_ndarray(format="bgr24")
    result = analyze_frame(bgr)
    if result is None:
        return None
    data = result.to_dict()
    if raw_path is not None:
        raw_path.parent.mkdir(parents=True, exist_ok=True)
        if cv2.imwrite(str(raw_path), bgr):
            data["raw_frame"] = str(raw_path)
    return data


class Segment:
    """The speech of one call attributed to one record: its own recogniser and timeline offset."""

    def __init__(self, live: LiveSession, record_id: int | None, offset: float, explicit: bool) -> None:
        self.record_id = record_id
        self.offset = offset  # record-timeline seconds at this segment's audio time 0
        self.explicit = explicit
        self.saved = 0  # finals written to the record
        self.heard: list[SttResult] = []  # finals saved since the last "stop" (this recording's words)
        self.stt = open_session(live.language, on_result=lambda r: live.on_result(self, r),
                                on_voice=lambda v: live.on_voice(self, v))

    def audio_seconds(self) -> float:
        """Audio recognised so far in this segment."""
        transcript = self.stt.transcript()
        return transcript.duration if transcript else 0.0


class LiveSession:
    """One call's pipeline. Owned by a peer in media.webrtc; never touches the peer connection itself."""

    def __init__(self, session_id: int, language: str, *, record_id: int | None = None,
                 on_ended: Callable[[str], None] | None = None) -> None:
        self.session_id = session_id
        self.language = language
        self.requested_record = record_id
        self.segment: Segment | None = None
        self.closed = False
        self._on_ended = on_ended
        self._t0 = time.monotonic()
        self._switch_lock = asyncio.Lock()
        self._consumers: dict[str, asyncio.Task[None]] = {}
        self._analyses: set[asyncio.Future[Any]] = set()
        self._analysing = False
        self._watcher: asyncio.Task[None] | None = None
        self._finishing: set[asyncio.Task[None]] = set()
        self.frames_stored = 0
        self.finals_saved = 0

    @property
    def record_id(self) -> int | None:
        """The record the speech currently goes to."""
        return self.segment.record_id if self.segment else None

    def publish(self, message: dict[str, Any]) -> None:
        """Send an event to this session's WebSockets."""
        hub.publish(self.session_id, message)

    async def start(self) -> int | None:
        """Pick the record (requested one, else the current unanswered question) and open its segment."""
        async with db_session() as db:
            record_id = await media_results.target_record(db, self.session_id, self.requested_record)
            offset = await media_results.timeline_end(db, record_id) if record_id else 0.0
        explicit = self.requested_record is not None and record_id == self.requested_record
        self.segment = Segment(self, record_id, offset, explicit)
        engine = getattr(self.segment.stt, "engine", None)
        if engine:
            pool.warm(engine)  # load the model in the pool's processes while the browser connects
        self.publish({"type": "record", "record_id": record_id, "previous_record_id": None})
        self._watcher = asyncio.create_task(self._watch_record(), name=f"live-{self.session_id}-record")
        return record_id

    async def _watch_record(self) -> None:
        """Follow the interview: once the record is answered (or the session ends), switch records."""
        async with session_events.hub.listen(self.session_id) as changes:
            while not self.closed:
                with suppress(TimeoutError):
                    await asyncio.wait_for(changes.get(), RECORD_SAFETY_POLL_S)
                await self._check_record()

    async def _check_record(self) -> None:
        segment = self.segment
        if self.closed or segment is None:
            return
        try:
            async with db_session() as db:
                if not await media_results.session_open(db, self.session_id):
                    self._end("session_ended")  # the peer owner closes us (and the connection)
                    return
                wanted = segment.record_id if segment.explicit else None
                target = await media_results.target_record(db, self.session_id, wanted)
            if target != segment.record_id and segment is self.segment:
                await self.set_record(None)
        except Exception:
            log.exception("record watch failed (session %s)", self.session_id)

    # --- tracks --------------------------------------------------------------------------------

    def attach(self, track: MediaStreamTrack) -> None:
        """Start consuming an incoming audio or video track."""
        if self.closed or track.kind in self._consumers:
            return
        consume = self._consume_audio if track.kind == "audio" else self._consume_video
        task = asyncio.create_task(consume(track), name=f"live-{self.session_id}-{track.kind}")
        self._consumers[track.kind] = task
        task.add_done_callback(self._consumer_done)

    def _consumer_done(self, _task: asyncio.Task[None]) -> None:
        # Every track ended on its own (the far side stopped sending): that is a hang-up.
        if all(t.done() for t in self._consumers.values()):
            self._end("hangup")

    def _end(self, reason: str) -> None:
        """Ask the peer owner to close the call (it then calls close())."""
        if not self.closed and self._on_ended is not None:
            self._on_ended(reason)

    async def _consume_audio(self, track: MediaStreamTrack) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            segment = self.segment
            if segment is not None and isinstance(frame, av.AudioFrame):
                # Resampled (48 kHz stereo -> 16 kHz mono s16) on the recogniser's own thread.
                await segment.stt.feed_frame(frame)

    async def _consume_video(self, track: MediaStreamTrack) -> None:
        interval = float(settings.emotion_frame_interval_seconds)
        next_at = 0.0
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            now = time.monotonic()
            # Frames keep being received (or aiortc would queue them) but only one is analysed per interval,
            # and never while the previous analysis is still running.
            if now < next_at or self._analysing or not isinstance(frame, av.VideoFrame):
                continue
            next_at = now + interval
            self._analysing = True
            future = asyncio.ensure_future(self._analyse(frame, self.record_id, now - self._t0))
            self._analyses.add(future)
            future.add_done_callback(self._analyses.discard)

    async def _analyse(self, frame: av.VideoFrame, record_id: int | None, t_seconds: float) -> None:
        try:
            raw_path = None
            if settings.store_raw_frames:
                name = f"{record_id or 'none'}-{t_seconds:09.3f}.jpg"
                raw_path = Path(settings.data_dir) / "frames" / str(self.session_id) / name
            loop = asyncio.get_running_loop()
            data = await loop.run_in_executor(_executor, analyse_video_frame, frame, raw_path)
            if data is None:
                return
            extra = {"raw_frame": data["raw_frame"]} if "raw_frame" in data else None
            async with db_session() as db:
                await media_results.add_emotion_frame(db, session_id=self.session_id, record_id=record_id,
                                                      t_seconds=t_seconds, frame=data, extra=extra)
            self.frames_stored += 1
            self.publish({"type": "emotion", "record_id": record_id, "t": round(t_seconds, 3),
                          "face": data["face"], "dominant_emotion": data.get("dominant_emotion")})
        except Exception:
            log.exception("emotion analysis failed (session %s)", self.session_id)
        finally:
            self._analysing = False

    # --- speech results ------------------------------------------------------------------------

    async def on_result(self, segment: Segment, result: SttResult) -> None:
        """A partial or final from a segment's recogniser (called in order, on the event loop)."""
        if result.is_final and not result.text.strip():
            return
        message: dict[str, Any] = {}
        if result.is_final and segment.record_id is not None:
            try:
                message = await self._save_final(segment, result)
            except Exception:
                log.exception("saving live transcript failed (session %s)", self.session_id)
                self.publish({"type": "error", "error_code": "DRAFT_SAVE_FAILED", "retry_available": True,
                              "error_message": "The transcript could not be saved."})
        timed = result.shifted(segment.offset)
        self.publish({"type": "stt_result", "text": result.text, "is_final": result.is_final,
                      "record_id": segment.record_id, "timestamp": _now_iso(), "start": round(timed.start, 3),
                      "end": round(timed.end, 3), "confidence": result.confidence,
                      "low_confidence": result.low_confidence, "provider": result.provider, **message})

    async def on_voice(self, segment: Segment, voice: dict[str, Any]) -> None:
        """Level and "listening"/"speaking" state while no words are final yet (no partial text, see docs)."""
        self.publish({"type": "voice", "record_id": segment.record_id, **voice})

    async def stop(self, record_id: int | None = None) -> dict[str, Any]:
        """The candidate pressed stop: every word spoken so far decoded into the draft, returned as an event.

        {type: "draft", record_id, draft_answer, low_confidence, ...} when the draft has text, else an
        {type: "error", error_code: STT_NO_SPEECH | STT_TIMEOUT | STT_FAILED} the UI explains in its language.
        """
        segment = self.segment
        if segment is None or (record_id is not None and segment.record_id != record_id):
            return {"type": "error", "error_code": "STT_NO_CALL", "record_id": record_id, "retry_available": True,
                    "error_message": "No live call is transcribing this answer."}
        flush = getattr(segment.stt, "flush", None)
        try:
            if flush is not None:
                await asyncio.wait_for(flush(), timeout=float(settings.stt_stop_timeout_seconds))
        except TimeoutError:
            return {"type": "error", "error_code": "STT_TIMEOUT", "record_id": segment.record_id,
                    "retry_available": True, "error_message": "Speech recognition took too long."}
        heard, segment.heard = segment.heard, []
        text = " ".join(r.text for r in heard).strip()
        if segment.record_id is None or not text:
            failed = getattr(segment.stt, "error", None) is not None
            # Nothing heard: "retry" means speaking again or typing, so no retry of this request is offered.
            return {"type": "error", "error_code": "STT_FAILED" if failed else "STT_NO_SPEECH",
                    "record_id": segment.record_id, "retry_available": failed,
                    "error_message": "Speech recognition failed." if failed else "No speech was recognised."}
        # This recording's words only: the page appends them to what the answer box holds (as after an upload).
        words = [w for r in heard for w in r.words]
        confidence, low = media_results.transcript_summary(media_results.word_dicts(words))
        unsure = [w.word for w in words if w.confidence is not None and w.confidence < settings.stt_min_confidence]
        return {"type": "draft", "record_id": segment.record_id, "submitted": False, "draft_answer": text,
                "transcript": text, "low_confidence": low, "confidence": confidence,
                "provider": heard[0].provider, "low_confidence_words": unsure}

    async def _save_final(self, segment: Segment, result: SttResult) -> dict[str, Any]:
        record_id = segment.record_id
        assert record_id is not None
        saved = await self._append(segment, result)
        if saved is None:
            # The record was answered meanwhile (submitted from the UI): the speech moves to the next question.
            async with db_session() as db:
                new_id = await media_results.target_record(db, self.session_id)
                offset = await media_results.timeline_end(db, new_id) if new_id else 0.0
            segment.record_id, segment.explicit = new_id, False
            segment.offset = offset - result.start
            segment.saved = 0
            self.publish({"type": "record", "record_id": new_id, "previous_record_id": record_id})
            await self._refresh_emotion(record_id)
            if new_id is None:
                return {}
            saved = await self._append(segment, result)
            if saved is None:
                return {}
        segment.saved += 1
        segment.heard.append(result)
        self.finals_saved += 1
        return {"draft": saved["draft"], "draft_low_confidence": saved["transcript"]["low_confidence"]}

    async def _append(self, segment: Segment, result: SttResult) -> dict[str, Any] | None:
        assert segment.record_id is not None
        timed = result.shifted(segment.offset)
        async with db_session() as db:
            return await media_results.append_live_final(
                db, segment.record_id, text=result.text, words=timed.words, provider=result.provider,
                language=self.language, duration=timed.end)

    # --- record switching and closing -----------------------------------------------------------

    async def set_record(self, record_id: int | None) -> int | None:
        """Attribute speech from now on to `record_id` (None: the current unanswered question)."""
        async with self._switch_lock:
            if self.closed:
                return None
            async with db_session() as db:
                target = await media_results.target_record(db, self.session_id, record_id)
                old = self.segment
                if old is not None and old.record_id == target:
                    old.explicit = record_id is not None and target == record_id
                    return target
                offset = await media_results.timeline_end(db, target) if target else 0.0
            self.segment = Segment(self, target, offset, record_id is not None and target == record_id)
            self.publish({"type": "record", "record_id": target, "previous_record_id": old.record_id if old else None})
        if old is not None:
            # Shielded: a cancelled caller (a closing socket, the watcher) must not cut the flush short.
            finishing = asyncio.create_task(self._finish_segment(old))
            self._finishing.add(finishing)
            finishing.add_done_callback(self._finishing.discard)
            await asyncio.shield(finishing)
        return target

    async def _finish_segment(self, segment: Segment) -> None:
        """Flush the recogniser (its last words become finals in the draft), then summaries."""
        try:
            await segment.stt.close()
        except Exception:
            log.exception("closing recogniser failed (session %s)", self.session_id)
        if segment.record_id is None:
            return
        try:
            if segment.saved:
                async with db_session() as db:
                    await media_results.set_live_duration(db, segment.record_id,
                                                          segment.offset + segment.audio_seconds(), self.language)
        except Exception:
            log.exception("saving segment duration failed (record %s)", segment.record_id)
        if self._analyses:  # a frame analysed for this record may still be on its way to the database
            await asyncio.gather(*list(self._analyses), return_exceptions=True)
        await self._refresh_emotion(segment.record_id)

    async def _refresh_emotion(self, record_id: int | None) -> None:
        if record_id is None:
            return
        try:
            async with db_session() as db:
                if await media_results.refresh_record_emotion(db, record_id) is not None:
                    await media_results.refresh_session_emotion(db, self.session_id)
        except Exception:
            log.exception("emotion summary failed (record %s)", record_id)

    async def close(self, reason: str = "closed") -> None:
        """Stop consuming, finish analyses, flush the recogniser into the draft, tell the sockets."""
        if self.closed:
            return
        self.closed = True
        tasks = [*self._consumers.values(), *([self._watcher] if self._watcher else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._analyses or self._finishing:
            await asyncio.gather(*self._analyses, *self._finishing, return_exceptions=True)
        async with self._switch_lock:
            segment, self.segment = self.segment, None
        if segment is not None:
            await self._finish_segment(segment)
        self.publish({"type": "peer_closed", "reason": reason, "record_id": segment.record_id if segment else None})
