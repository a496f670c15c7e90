"""Silero VAD (the ONNX model bundled with faster-whisper), streamed, and a segmenter cutting speech at pauses."""
from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.config import settings
from media.audio import BYTES_PER_SECOND, SAMPLE_RATE, pcm16_to_float

WINDOW = 512  # samples per Silero step at 16 kHz (32 ms)
CONTEXT = 64  # samples of the previous window the v5/v6 model expects in front of each step
WINDOW_BYTES = WINDOW * 2

_session_lock = threading.Lock()
_session: Any = None


def model_path() -> Path:
    """faster_whisper/assets/silero_vad_v6.onnx (shipped in the faster-whisper wheel)."""
    spec = importlib.util.find_spec("faster_whisper")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("faster-whisper is not installed (it ships the Silero VAD model)")
    return Path(next(iter(spec.submodule_search_locations))) / "assets" / "silero_vad_v6.onnx"


def _onnx() -> Any:
    """One inference session per process; onnxruntime sessions are safe to run from several threads."""
    global _session
    with _session_lock:
        if _session is None:
            import onnxruntime

            opts = onnxruntime.SessionOptions()
            # One thread: the VAD runs beside recognisers on a 2-core machine and needs ~0.1 ms per step.
            opts.inter_op_num_threads = 1
            opts.intra_op_num_threads = 1
            opts.log_severity_level = 4
            _session = onnxruntime.InferenceSession(str(model_path()), providers=["CPUExecutionProvider"],
                                                    sess_options=opts)
        return _session


class SileroVad:
    """Speech probability per 32 ms window, keeping the model's recurrent state between calls."""

    def __init__(self) -> None:
        self._session = _onnx()
        self._state = np.zeros((1, 1, 128), dtype=np.float32), np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)

    def __call__(self, window: np.ndarray) -> float:
        x = np.concatenate([self._context, window.astype(np.float32)])[None, :]
        out, h, c = self._session.run(None, {"input": x, "h": self._state[0], "c": self._state[1]})
        self._state = h, c
        self._context = window[-CONTEXT:].astype(np.float32)
        return float(np.asarray(out).reshape(-1)[0])


@dataclass
class SpeechSegment:
    """One stretch of speech (with padding), times in seconds on the segmenter's input timeline."""

    pcm16: bytes
    start: float
    end: float
    forced: bool = False  # cut at the length limit or by a flush, not at a pause


@dataclass
class VoiceState:
    """What the candidate sees while speaking: a level and whether speech is being heard."""

    speaking: bool
    level_db: float
    t: float


class Segmenter:
    """Cuts a 16 kHz mono s16 stream into speech segments at pauses (Silero, not an energy gate).

    A segment opens at the first window above the threshold (with `pad` of audio before it) and
    closes after `min_silence` of windows below threshold-0.15 (hysteresis), keeping `pad` after the
    speech. Segments longer than `max_seconds` are cut so no single decode grows without bound.
    """

    def __init__(self, *, threshold: float | None = None, min_silence_ms: int | None = None,
                 pad_ms: int | None = None, max_seconds: float | None = None) -> None:
        self.threshold = settings.stt_vad_threshold if threshold is None else threshold
        self.off_threshold = max(0.05, self.threshold - 0.15)
        silence = settings.stt_vad_min_silence_ms if min_silence_ms is None else min_silence_ms
        pad = settings.stt_vad_pad_ms if pad_ms is None else pad_ms
        self.silence_windows = max(1, round(silence / 32))
        self.pad_windows = max(0, round(pad / 32))
        self.max_windows = int((settings.stt_segment_max_seconds if max_seconds is None else max_seconds) * 1000 / 32)
        self.vad = SileroVad()
        self._pending = b""
        self._windows = 0  # windows seen (the timeline)
        self._history: list[bytes] = []  # the last pad_windows windows while not in speech
        self._segment: list[bytes] = []
        self._seg_start = 0
        self._silent = 0
        self._speech_windows = 0
        self.speaking = False
        self.level_db = -100.0
        self.last_prob = 0.0

    @property
    def position(self) -> float:
        """Seconds of audio consumed."""
        return (self._windows * WINDOW_BYTES + len(self._pending)) / BYTES_PER_SECOND

    def _emit(self, forced: bool) -> SpeechSegment:
        pcm = b"".join(self._segment)
        start = self._seg_start * WINDOW / SAMPLE_RATE
        seg = SpeechSegment(pcm, start, start + len(pcm) / BYTES_PER_SECOND, forced)
        self._segment, self._silent, self._speech_windows = [], 0, 0
        self.speaking = False
        return seg

    def process(self, pcm16: bytes) -> list[SpeechSegment]:
        """Feed audio of any length; returns the segments that closed."""
        data = self._pending + pcm16
        n = len(data) // WINDOW_BYTES
        self._pending = data[n * WINDOW_BYTES:]
        out: list[SpeechSegment] = []
        for i in range(n):
            raw = data[i * WINDOW_BYTES:(i + 1) * WINDOW_BYTES]
            samples = pcm16_to_float(raw)
            self.level_db = float(10 * np.log10(np.mean(samples * samples) + 1e-10))
            prob = self.last_prob = self.vad(samples)
            self._windows += 1
            if not self.speaking:
                if prob >= self.threshold:
                    self.speaking = True
                    self._segment = [*self._history, raw]
                    self._seg_start = self._windows - len(self._segment)
                    self._history = []
                    self._speech_windows = 1
                else:
                    self._history.append(raw)
                    if len(self._history) > self.pad_windows:
                        self._history.pop(0)
                continue
            self._segment.append(raw)
            if prob >= self.off_threshold:
                self._silent = 0
                self._speech_windows += 1
            else:
                self._silent += 1
            if self._silent >= self.silence_windows:
                # Keep `pad` of the pause after the speech; the rest of it starts the next segment's pre-roll.
                keep = len(self._segment) - self._silent + self.pad_windows
                tail = self._segment[keep:]
                self._segment = self._segment[:keep]
                out.append(self._emit(False))
                self._history = tail[-self.pad_windows:] if self.pad_windows else []
            elif len(self._segment) >= self.max_windows:
                out.append(self._emit(True))
        return out

    def flush(self) -> list[SpeechSegment]:
        """End of stream or "stop": the open segment (if any speech) is closed now."""
        if not self.speaking:
            return []
        return [self._emit(True)]  # the < 32 ms not yet windowed stays out: it cannot hold a word
