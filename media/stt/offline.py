"""Whole-recording transcription for the recognition pool: decode any container, cut at pauses, decode segments."""
from __future__ import annotations

from typing import Any

from media.audio import BYTES_PER_SECOND, decode_to_pcm16
from media.stt.segment_engines import ENGINES, decode
from media.stt.vad import Segmenter

SEGMENT_ENGINES = frozenset(ENGINES)


def transcribe_segments(pcm16: bytes, language: str, engine: str) -> dict[str, Any]:
    """{engine, duration, segments: [{start, end, words, dropped, cpu}]} — plain data, so it crosses processes."""
    segmenter = Segmenter()
    pieces = []
    for i in range(0, len(pcm16), BYTES_PER_SECOND):
        pieces += segmenter.process(pcm16[i:i + BYTES_PER_SECOND])
    pieces += segmenter.flush()
    segments: list[dict[str, Any]] = []
    for piece in pieces:
        out = decode(engine, language, piece.pcm16, previous_text(segments))
        segments.append({"start": piece.start, "end": piece.end, "words": out["words"], "dropped": out["dropped"],
                         "cpu": out["cpu"]})
    return {"engine": engine, "duration": round(len(pcm16) / BYTES_PER_SECOND, 3), "segments": segments}


def previous_text(segments: list[dict[str, Any]]) -> str:
    """The last recognised words before a segment (the decoder's context)."""
    for seg in reversed(segments):
        if seg["words"]:
            return " ".join(w[0] for w in seg["words"])
    return ""


def transcribe_file_job(data: bytes, language: str, engine: str, max_seconds: float | None) -> dict[str, Any]:
    """Pool job for an upload: container decoding is heavy work too, so it runs here, not in the app."""
    return transcribe_segments(decode_to_pcm16(data, max_seconds=max_seconds), language, engine)
