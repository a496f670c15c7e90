"""Audio plumbing: anything in, 16 kHz mono signed 16-bit PCM out, plus an energy VAD."""
from __future__ import annotations

import io
import logging
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
SAMPLE_WIDTH = 2  # bytes per s16 sample
BYTES_PER_SECOND = SAMPLE_RATE * SAMPLE_WIDTH


def pcm16_duration(pcm16: bytes) -> float:
    """Seconds of audio in a 16 kHz mono s16 buffer."""
    return len(pcm16) / BYTES_PER_SECOND


def pcm16_to_float(pcm16: bytes) -> np.ndarray:
    """s16 bytes -> float32 samples in [-1, 1)."""
    return np.frombuffer(pcm16, dtype="<i2").astype(np.float32) / 32768.0


def float_to_pcm16(samples: np.ndarray) -> bytes:
    """float samples in [-1, 1] -> s16 little-endian bytes (clipped)."""
    return (np.clip(samples, -1.0, 32767 / 32768) * 32768.0).astype("<i2").tobytes()


class FrameResampler:
    """Stateful converter of `av.AudioFrame`s (e.g. WebRTC 48 kHz stereo s16) to 16 kHz mono s16.

    One instance per audio track: the resampler keeps filter state between frames, so feeding
    consecutive 20 ms frames yields continuous audio without clicks or drift.
    """

    def __init__(self) -> None:
        self._resampler: av.AudioResampler | None = None
        self._source: tuple[str, str, int] | None = None

    def push(self, frame: av.AudioFrame) -> bytes:
        """Convert one frame; returns whatever 16 kHz PCM the resampler has ready."""
        source = (frame.format.name, frame.layout.name, frame.sample_rate)
        if self._resampler is None or source != self._source:
            # A new track or a renegotiated format: flush the old graph, start a new one.
            tail = self.flush() if self._resampler is not None else b""
            self._resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
            self._source = source
        else:
            tail = b""
        # Gaps in pts (packet loss) must not make the filter graph insert or drop audio.
        frame.pts = None
        return tail + _frames_to_bytes(self._resampler.resample(frame))

    def flush(self) -> bytes:
        """Drain samples buffered inside the resampler (call at end of track)."""
        if self._resampler is None:
            return b""
        out = _frames_to_bytes(self._resampler.resample(None))
        self._resampler = None
        self._source = None
        return out


def _frames_to_bytes(frames: list[av.AudioFrame]) -> bytes:
    # s16 mono is packed: plane 0 holds samples*2 bytes (the buffer may be padded beyond that).
    return b"".join(bytes(f.planes[0])[: f.samples * SAMPLE_WIDTH] for f in frames)


def decode_to_pcm16(source: bytes | str | Path, max_seconds: float | None = None) -> bytes:
    """Decode an audio file or in-memory blob (WAV, WebM/Opus, OGG, MP3, ...) to 16 kHz mono s16.

    Raises ValueError if the input has no decodable audio stream.
    """
    handle = io.BytesIO(source) if isinstance(source, (bytes, bytearray, memoryview)) else str(source)
    limit = None if max_seconds is None else int(max_seconds * BYTES_PER_SECOND)
    chunks: list[bytes] = []
    size = 0
    try:
        with av.open(handle, mode="r") as container:
            if not container.streams.audio:
                raise ValueError("no audio stream in input")
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
            for frame in container.decode(stream):
                frame.pts = None
                data = _frames_to_bytes(resampler.resample(frame))
                chunks.append(data)
                size += len(data)
                if limit is not None and size >= limit:
                    break
            else:
                chunks.append(_frames_to_bytes(resampler.resample(None)))
    except av.FFmpegError as exc:
        raise ValueError(f"cannot decode audio: {exc}") from exc
    pcm = b"".join(chunks)
    return pcm if limit is None else pcm[:limit]


def rms_dbfs(pcm16: bytes) -> float:
    """Root-mean-square level in dBFS (-inf-safe: silence gives about -100)."""
    x = pcm16_to_float(pcm16)
    if x.size == 0:
        return -100.0
    return float(10.0 * np.log10(np.mean(x * x) + 1e-10))


@dataclass(frozen=True)
class VadConfig:
    """Energy VAD tuning; defaults fit a headset or laptop microphone at 16 kHz."""

    frame_ms: int = 20
    # A frame is a speech candidate when it is this far above the tracked noise floor ...
    margin_db: float = 10.0
    # ... and above this absolute level (quiet rooms read about -60 dBFS on laptop mics) ...
    min_level_dbfs: float = -50.0
    # ... and its zero-crossing rate is below this (white/hiss noise crosses ~0.5 of samples).
    max_zcr: float = 0.30
    # Consecutive candidate frames needed to open speech (rejects clicks and door knocks).
    onset_frames: int = 3
    # Non-speech time kept inside a speech region before closing it (word gaps, stops).
    hangover_ms: int = 500
    # Audio kept from before the onset so soft word starts are not clipped.
    preroll_ms: int = 200
    # Noise floor tracking: fast to fall, slow to rise while speech, faster while silent.
    floor_start_dbfs: float = -65.0
    floor_rise_silence: float = 0.05
    floor_rise_speech: float = 0.002


class EnergyVad:
    """Frame RMS + zero-crossing-rate voice-activity detector with onset, hangover and pre-roll.

    `process(pcm16)` accepts any chunk size and returns `(pcm, is_speech)` runs in order. The
    output is the input relabelled, delayed by at most the pre-roll: undecided frames are held
    back so that, once speech starts, the pre-roll is labelled speech too. Concatenating all
    returned pcm plus `flush()` reproduces the input exactly, so callers can keep a timeline by
    summing run lengths.
    """

    def __init__(self, config: VadConfig | None = None) -> None:
        self.config = config or VadConfig()
        self.frame_bytes = SAMPLE_RATE * self.config.frame_ms // 1000 * SAMPLE_WIDTH
        self._pending = b""
        self._floor = self.config.floor_start_dbfs
        self._candidates = 0
        self._silent_frames = 0
        self._in_speech = False
        self._hangover_frames = max(1, self.config.hangover_ms // self.config.frame_ms)
        self._held: deque[bytes] = deque()
        self._hold_frames = max(self.config.onset_frames, self.config.preroll_ms // self.config.frame_ms)

    @property
    def in_speech(self) -> bool:
        """True while inside a speech region (including its hangover)."""
        return self._in_speech

    @property
    def noise_floor_dbfs(self) -> float:
        """Current noise floor estimate."""
        return self._floor

    def _classify(self, frame: np.ndarray) -> bool:
        """Is this single frame speech-like? Also updates the noise floor."""
        cfg = self.config
        level = float(10.0 * np.log10(np.mean(frame * frame) + 1e-10))
        signs = np.signbit(frame)
        zcr = float(np.count_nonzero(signs[1:] != signs[:-1])) / max(1, frame.size - 1)
        candidate = level > self._floor + cfg.margin_db and level > cfg.min_level_dbfs and zcr < cfg.max_zcr
        if level < self._floor:
            self._floor = level  # fall at once: the quietest recent frame is the best floor guess
        else:
            rate = cfg.floor_rise_speech if candidate else cfg.floor_rise_silence
            self._floor += (level - self._floor) * rate
        return candidate

    def process(self, pcm16: bytes) -> list[tuple[bytes, bool]]:
        """Label audio as speech / non-speech runs (see class docstring)."""
        data = self._pending + pcm16
        n = len(data) // self.frame_bytes
        self._pending = data[n * self.frame_bytes :]
        runs: list[tuple[bytes, bool]] = []
        for i in range(n):
            raw = data[i * self.frame_bytes : (i + 1) * self.frame_bytes]
            speech = self._classify(pcm16_to_float(raw))
            if self._in_speech:
                self._silent_frames = 0 if speech else self._silent_frames + 1
                if self._silent_frames > self._hangover_frames:
                    self._in_speech = False
                    self._candidates = 0
                    _append(runs, raw, False)
                else:
                    _append(runs, raw, True)
                continue
            self._candidates = self._candidates + 1 if speech else 0
            self._held.append(raw)
            if self._candidates >= self.config.onset_frames:
                self._in_speech = True
                self._silent_frames = 0
                _append(runs, b"".join(self._held), True)
                self._held.clear()
            elif len(self._held) > self._hold_frames:
                _append(runs, self._held.popleft(), False)
        return runs

    def flush(self) -> list[tuple[bytes, bool]]:
        """Return held-back audio at end of stream (labelled with the current state)."""
        runs: list[tuple[bytes, bool]] = []
        tail = b"".join(self._held) + self._pending
        self._held.clear()
        self._pending = b""
        if tail:
            _append(runs, tail, self._in_speech)
        return runs


def _append(runs: list[tuple[bytes, bool]], pcm: bytes, speech: bool) -> None:
    """Merge consecutive runs with the same label."""
    if runs and runs[-1][1] == speech:
        runs[-1] = (runs[-1][0] + pcm, speech)
    else:
        runs.append((pcm, speech))


def speech_segments(pcm16: bytes, config: VadConfig | None = None) -> list[tuple[float, float]]:
    """(start, end) seconds of speech regions in a whole buffer, for offline use."""
    vad = EnergyVad(config)
    segments: list[tuple[float, float]] = []
    position = 0
    for pcm, speech in vad.process(pcm16) + vad.flush():
        if speech:
            if segments and segments[-1][1] == position / BYTES_PER_SECOND:
                segments[-1] = (segments[-1][0], (position + len(pcm)) / BYTES_PER_SECOND)
            else:
                segments.append((position / BYTES_PER_SECOND, (position + len(pcm)) / BYTES_PER_SECOND))
        position += len(pcm)
    return segments
