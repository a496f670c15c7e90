"""English streaming recognition with PocketSphinx 5 and its bundled en-US model."""
from __future__ import annotations

import importlib.util
import logging
import threading
from pathlib import Path
from typing import Any

from media.audio import BYTES_PER_SECOND, EnergyVad, VadConfig
from media.stt.base import (
    ProviderStatus,
    ProviderUnavailable,
    SttResult,
    Word,
    clean_word,
    mean_confidence,
)

log = logging.getLogger(__name__)

NAME = "pocketsphinx"
PARTIAL_INTERVAL_S = 0.5  # a hypothesis costs a search traceback, so ask twice a second
FRAME_RATE = 100  # PocketSphinx frames per second (10 ms shift)
# Silence after speech that ends an utterance when nobody calls finish().
ENDPOINT_VAD = VadConfig(hangover_ms=600)
POOL_MAX = 8  # idle decoders kept for reuse (a decoder holds ~75 MB)
# process_raw holds the GIL while it runs (the Cython binding has no `nogil`), so feed it in
# small pieces: other threads, the event loop included, get the interpreter between them.
MAX_PIECE_BYTES = BYTES_PER_SECOND // 10

_pool_lock = threading.Lock()
_idle: list[Any] = []
_created = 0


def model_dir() -> Path | None:
    """Directory of the bundled en-us acoustic model, or None if pocketsphinx is missing."""
    if importlib.util.find_spec("pocketsphinx") is None:
        return None
    from pocketsphinx import get_model_path

    path = Path(get_model_path("en-us"))
    return path if path.exists() else None


def _acquire() -> Any:
    """An idle decoder from the pool, or a new one (loading takes ~0.3 s)."""
    global _created
    with _pool_lock:
        if _idle:
            return _idle.pop()
    from pocketsphinx import Decoder

    decoder = Decoder(loglevel="FATAL")
    with _pool_lock:
        _created += 1
    return decoder


def _release(decoder: Any) -> None:
    with _pool_lock:
        if len(_idle) < POOL_MAX:
            _idle.append(decoder)


def preload() -> None:
    """Create one decoder now so the first stream does not pay the load time."""
    _release(_acquire())


class PocketSphinxStream:
    """A pooled Decoder: partials from periodic hypotheses, finals when the VAD sees a pause."""

    def __init__(self, partial_interval: float = PARTIAL_INTERVAL_S) -> None:
        self._decoder = _acquire()
        self._vad = EnergyVad(ENDPOINT_VAD)
        self._partial_every = int(partial_interval * BYTES_PER_SECOND)
        self._since_partial = 0
        self._position = 0  # bytes of audio accepted (the stream clock)
        self._utt_start = 0  # stream clock at the current utterance's first decoded byte
        self._in_utt = False
        self._last_partial = ""

    def _words(self, final: bool) -> list[Word]:
        offset = self._utt_start / BYTES_PER_SECOND
        words = []
        for seg in self._decoder.seg():
            token = clean_word(seg.word)
            if not token:
                continue
            # Posteriors exist only after end_utt(); they can exceed 1 by rounding.
            conf = min(1.0, max(0.0, float(seg.prob))) if final else None
            start = offset + seg.start_frame / FRAME_RATE
            end = offset + (seg.end_frame + 1) / FRAME_RATE
            words.append(Word(token, round(start, 3), round(end, 3), conf))
        return words

    def _decode(self, pcm: bytes) -> None:
        if not self._in_utt:
            self._decoder.start_utt()
            self._in_utt = True
            self._utt_start = self._position
        for i in range(0, len(pcm), MAX_PIECE_BYTES):
            self._decoder.process_raw(pcm[i : i + MAX_PIECE_BYTES], False, False)
        self._since_partial += len(pcm)

    def _end_utterance(self) -> list[SttResult]:
        if not self._in_utt:
            return []
        self._decoder.end_utt()
        self._in_utt = False
        self._since_partial = 0
        self._last_partial = ""
        words = self._words(final=True)
        if not words:
            return []
        text = " ".join(w.word for w in words)
        return [SttResult(text, True, mean_confidence(words), words[0].start, words[-1].end, words, NAME)]

    def _partial(self) -> list[SttResult]:
        self._since_partial = 0
        words = self._words(final=False)
        text = " ".join(w.word for w in words)
        if not text or text == self._last_partial:
            return []
        self._last_partial = text
        return [SttResult(text, False, None, words[0].start, words[-1].end, words, NAME)]

    def accept(self, pcm16: bytes) -> list[SttResult]:
        """Decode speech; skip leading silence; end the utterance after a pause."""
        results: list[SttResult] = []
        for pcm, speech in self._vad.process(pcm16):
            if speech:
                self._decode(pcm)
                if self._since_partial >= self._partial_every:
                    results += self._partial()
            elif self._in_utt:
                results += self._end_utterance()
            self._position += len(pcm)
        return results

    def finish(self) -> list[SttResult]:
        """End the utterance now (held-back audio is decoded if speech was under way)."""
        for pcm, _speech in self._vad.flush():
            if self._in_utt:
                self._decode(pcm)
            self._position += len(pcm)
        self._vad = EnergyVad(ENDPOINT_VAD)
        return self._end_utterance()

    def close(self) -> None:
        """Return the decoder to the pool."""
        if self._decoder is None:
            return
        if self._in_utt:
            self._decoder.end_utt()
            self._in_utt = False
        _release(self._decoder)
        self._decoder = None


class PocketSphinxEnglishProvider:
    """Offline English provider (default for `en`)."""

    name = NAME
    languages = ("en",)
    offline = True

    def status(self) -> ProviderStatus:
        """Ready when pocketsphinx and its bundled model are importable."""
        path = model_dir()
        if path is None:
            return ProviderStatus(False, "pocketsphinx (with its bundled en-us model) is not installed")
        lm = path.parent / "en-us.lm.bin"
        size = sum(p.stat().st_size for p in path.parent.rglob("*") if p.is_file()) / 1e6
        with _pool_lock:
            pooled = f"{_created} decoder(s) created, {len(_idle)} idle"
        return ProviderStatus(True, f"model {path.parent} ({size:.0f} MB, lm {lm.name}); {pooled}")

    def open_stream(self, language: str = "en") -> PocketSphinxStream:
        """A new stream on a pooled decoder."""
        if model_dir() is None:
            raise ProviderUnavailable("pocketsphinx is not installed")
        return PocketSphinxStream()
