"""Provider-neutral speech-to-text types: words, results, streams and providers."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass
class Word:
    """One recognised word with times in seconds from the start of the stream's audio."""

    word: str
    start: float
    end: float
    confidence: float | None = None


@dataclass
class SttResult:
    """A partial (interim) or final hypothesis for one utterance."""

    text: str
    is_final: bool
    confidence: float | None
    start: float
    end: float
    words: list[Word] = field(default_factory=list)
    provider: str = ""
    # Set by TranscriptionSession when confidence < settings.stt_min_confidence.
    low_confidence: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form (for WebSocket events and storage)."""
        return asdict(self)

    def shifted(self, offset: float) -> SttResult:
        """Copy with all times moved by `offset` seconds."""
        return SttResult(
            text=self.text,
            is_final=self.is_final,
            confidence=self.confidence,
            start=self.start + offset,
            end=self.end + offset,
            words=[Word(w.word, w.start + offset, w.end + offset, w.confidence) for w in self.words],
            provider=self.provider,
            low_confidence=self.low_confidence,
        )


@dataclass(frozen=True)
class ProviderStatus:
    """Whether a provider can be used now, and why (not)."""

    ready: bool
    detail: str


@runtime_checkable
class SttStream(Protocol):
    """One live recognition stream. Input is always 16 kHz mono s16 PCM.

    Times in results count seconds of audio fed to this stream. `finish()` ends the current
    utterance (returning its final result); the stream may be fed again afterwards. `close()`
    releases resources; the stream must not be used after it.
    """

    def accept(self, pcm16: bytes) -> list[SttResult]: ...

    def finish(self) -> list[SttResult]: ...

    def close(self) -> None: ...


@runtime_checkable
class SttProvider(Protocol):
    """A speech-to-text engine that can open streams for its languages."""

    name: str
    languages: tuple[str, ...]
    offline: bool

    def status(self) -> ProviderStatus: ...

    def open_stream(self, language: str) -> SttStream: ...


class ProviderUnavailable(RuntimeError):
    """Raised by open_stream when the provider cannot serve now (no model, no key, no network)."""


# Recogniser markup that is not speech: <s>, </s>, <sil>, [NOISE], [unk], [64] ...
_MARKUP = re.compile(r"^(<[^>]*>|\[[^\]]*\])$")
# Pronunciation variants from CMU dictionaries: "the(2)" -> "the".
_VARIANT = re.compile(r"\(\d+\)$")


# Not speech inside a token: «(천)», «(십)», «[Music]», and edge marks «-», «~», «♪» (Vosk's Korean model, Whisper).
_BRACKETED = re.compile(r"[\(\[（][^\)\]）]*[\)\]）]")
_EDGE_MARKS = re.compile(r"^[\-~·♪*]+|[\-~·♪*]+$")
_NO_WORD = re.compile(r"^[\W_]*$")


def clean_word(token: str) -> str:
    """Strip recogniser markup from a token; empty string if it is not a word."""
    token = token.strip()
    if not token or _MARKUP.match(token):
        return ""
    token = _EDGE_MARKS.sub("", _BRACKETED.sub("", _VARIANT.sub("", token))).strip()
    return "" if _NO_WORD.match(token) else token


def mean_confidence(words: list[Word]) -> float | None:
    """Average word confidence, or None if the engine gave none."""
    values = [w.confidence for w in words if w.confidence is not None]
    return round(sum(values) / len(values), 4) if values else None
