"""Optional faster-whisper provider: only when the module is importable and a local model dir exists."""
from __future__ import annotations

import importlib.util
import logging
import threading
from pathlib import Path
from typing import Any

import numpy as np

from core.config import settings
from media.audio import BYTES_PER_SECOND, pcm16_to_float
from media.stt.base import (
    ProviderStatus,
    ProviderUnavailable,
    SttResult,
    Word,
    clean_word,
    mean_confidence,
)

log = logging.getLogger(__name__)

NAME = "faster_whisper"
# Whisper is not streaming: re-transcribe the utterance so far at most this often for partials.
PARTIAL_INTERVAL_S = 2.0

_model_lock = threading.Lock()
_model: Any = None


def _model_dir() -> Path | None:
    raw = settings.faster_whisper_model_dir
    return Path(raw) if raw and Path(raw).is_dir() else None


def _load() -> Any:
    global _model
    with _model_lock:
        if _model is None:
            path = _model_dir()
            if path is None or importlib.util.find_spec("faster_whisper") is None:
                raise ProviderUnavailable("faster-whisper not available")
            from faster_whisper import WhisperModel

            # A local directory only: never a hub model name (no downloads).
            _model = WhisperModel(str(path), device="cpu", compute_type="int8", cpu_threads=2, local_files_only=True)
        return _model


class FasterWhisperStream:
    """Buffers the utterance; finals on finish(), occasional partials by re-transcribing."""

    def __init__(self, model: Any, language: str) -> None:
        self._model = model
        self._language = language
        self._buffer = bytearray()
        self._offset = 0.0  # stream clock at the start of the buffered utterance
        self._since_partial = 0

    def _transcribe(self, final: bool) -> list[SttResult]:
        audio = pcm16_to_float(bytes(self._buffer))
        if audio.size == 0:
            return []
        segments, _info = self._model.transcribe(
            np.asarray(audio, dtype=np.float32), language=self._language, word_timestamps=True, vad_filter=False
        )
        words: list[Word] = []
        for segment in segments:
            for w in segment.words or []:
                token = clean_word(w.word)
                if token:
                    words.append(Word(token, self._offset + w.start, self._offset + w.end, float(w.probability)))
        if not words:
            return []
        text = " ".join(w.word for w in words)
        conf = mean_confidence(words) if final else None
        return [SttResult(text, final, conf, words[0].start, words[-1].end, words, NAME)]

    def accept(self, pcm16: bytes) -> list[SttResult]:
        """Buffer audio; every PARTIAL_INTERVAL_S re-transcribe for a partial."""
        self._buffer += pcm16
        self._since_partial += len(pcm16)
        if self._since_partial < PARTIAL_INTERVAL_S * BYTES_PER_SECOND:
            return []
        self._since_partial = 0
        return self._transcribe(final=False)

    def finish(self) -> list[SttResult]:
        """Transcribe the whole utterance and start a new one."""
        results = self._transcribe(final=True)
        self._offset += len(self._buffer) / BYTES_PER_SECOND
        self._buffer.clear()
        self._since_partial = 0
        return results

    def close(self) -> None:
        """Drop buffered audio."""
        self._buffer.clear()


class FasterWhisperProvider:
    """Whisper via CTranslate2 for ko and en (better accuracy, far slower on 2 CPU cores)."""

    name = NAME
    languages = ("ko", "en")
    offline = True

    def status(self) -> ProviderStatus:
        """Ready only with the module installed and FASTER_WHISPER_MODEL_DIR pointing at a model."""
        if importlib.util.find_spec("faster_whisper") is None:
            return ProviderStatus(False, "faster_whisper is not installed")
        if not settings.faster_whisper_model_dir:
            return ProviderStatus(False, "FASTER_WHISPER_MODEL_DIR is not set")
        path = _model_dir()
        if path is None:
            return ProviderStatus(False, f"model dir {settings.faster_whisper_model_dir} does not exist")
        if not (path / "model.bin").exists():
            return ProviderStatus(False, f"no model.bin in {path}")
        return ProviderStatus(True, f"model {path}")

    def open_stream(self, language: str) -> FasterWhisperStream:
        """A buffering stream on the shared model."""
        if not self.status().ready:
            raise ProviderUnavailable(self.status().detail)
        return FasterWhisperStream(_load(), language)
