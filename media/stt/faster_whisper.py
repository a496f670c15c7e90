"""faster-whisper (CTranslate2, int8 on CPU): the default offline English engine, selectable for Korean."""
from __future__ import annotations

import importlib.util

from core.config import settings
from media.stt.base import ProviderStatus, ProviderUnavailable, SttResult
from media.stt.whisper_model import ModelUnavailable, model_dir, packaged_status

NAME = "faster_whisper"


class FasterWhisperStream:
    """The SttStream view of segment decoding: buffers an utterance, decodes it once on finish().

    Live calls and uploads do not use this (they cut segments with Silero and decode them in the
    recognition pool); it keeps the provider usable through the generic SttStream interface.
    """

    def __init__(self, language: str) -> None:
        self._language = language
        self._buffer = bytearray()
        self._offset = 0.0

    def accept(self, pcm16: bytes) -> list[SttResult]:
        """Buffer audio (no partials: see docs/speech.md)."""
        self._buffer += pcm16
        return []

    def finish(self) -> list[SttResult]:
        """Decode the buffered utterance whole."""
        from media.audio import BYTES_PER_SECOND
        from media.stt.segment_engines import decode
        from media.stt.session import result_from_words

        out = decode(NAME, self._language, bytes(self._buffer))
        offset = self._offset
        self._offset += len(self._buffer) / BYTES_PER_SECOND
        self._buffer.clear()
        return [result_from_words(out["words"], offset, NAME)] if out["words"] else []

    def close(self) -> None:
        """Drop buffered audio."""
        self._buffer.clear()


class FasterWhisperProvider:
    """Whisper base via CTranslate2 for ko and en, model from the packaged parts (or FASTER_WHISPER_MODEL_DIR)."""

    name = NAME
    languages = ("ko", "en")
    offline = True

    def status(self) -> ProviderStatus:
        """Ready with faster-whisper installed and the packaged model (or a configured directory) present."""
        if importlib.util.find_spec("faster_whisper") is None:
            return ProviderStatus(False, "faster_whisper is not installed")
        if settings.faster_whisper_model_dir:
            try:
                return ProviderStatus(True, f"model {model_dir()}")
            except ModelUnavailable as exc:
                return ProviderStatus(False, str(exc))
        ready, detail = packaged_status()
        return ProviderStatus(ready, detail)

    def open_stream(self, language: str) -> FasterWhisperStream:
        """A buffering stream (decodes in this process)."""
        status = self.status()
        if not status.ready:
            raise ProviderUnavailable(status.detail)
        return FasterWhisperStream(language)
