"""Decode one speech segment, whole, with an offline engine. Runs inside the recognition pool's processes."""
from __future__ import annotations

import json
import math
import os
import re
import threading
import time
import zlib
from typing import Any

import numpy as np

from core.config import settings
from media.audio import BYTES_PER_SECOND, SAMPLE_RATE, pcm16_to_float
from media.stt.base import clean_word

ENGINES = ("faster_whisper", "vosk", "pocketsphinx")
_lock = threading.Lock()  # one decode at a time per process (pool processes are single-threaded anyway)
_whisper: Any = None
_frames = {"n": 3000}
LOOP_KEEP_NO_SPEECH = 0.2
PAD_GUARD_S = 0.1  # a word starting this close to the end of the segment's audio (or later) is not in it  # below this no-speech probability a looping segment keeps its words before the loop  # encoder window for the current decode (see _short_window)



def clean_token(token: str) -> str:
    """A recognised token without markup («-», «~», «(천)», «♪», «[Music]»); empty if no word is left."""
    return clean_word(token)


def _short_window() -> None:
    """Let faster-whisper encode only the segment, not a 30 s window padded with silence.

    CTranslate2's Whisper encoder accepts fewer than 3000 frames, and faster-whisper honours
    `chunk_length` everywhere except one call to pad_or_trim; that call pads to the window chosen per
    decode. Measured: the same words and word times, 5-7x less encoder work on a 5 s segment.
    """
    import faster_whisper.transcribe as fwt
    from faster_whisper.audio import pad_or_trim

    if getattr(fwt.pad_or_trim, "_short_window", False):
        return

    def padded(array: np.ndarray, length: int = 3000, *, axis: int = -1) -> np.ndarray:
        return pad_or_trim(array, _frames["n"], axis=axis)

    padded._short_window = True  # type: ignore[attr-defined]
    fwt.pad_or_trim = padded


def _cap_onednn_isa() -> None:
    """Cap oneDNN's instruction set before CTranslate2 loads it (oneDNN reads the variable once per process);
    an ONEDNN_MAX_CPU_ISA the operator set wins."""
    if settings.stt_whisper_max_cpu_isa:
        os.environ.setdefault("ONEDNN_MAX_CPU_ISA", settings.stt_whisper_max_cpu_isa)


def whisper_model() -> Any:
    """The process's WhisperModel (int8, one thread: the pool gives parallelism, one process per core)."""
    global _whisper
    if _whisper is None:
        _cap_onednn_isa()
        from faster_whisper import WhisperModel

        from media.stt.whisper_model import model_dir

        _short_window()
        _whisper = WhisperModel(str(model_dir()), device="cpu", compute_type="int8", cpu_threads=1,
                                local_files_only=True)
    return _whisper


def loop_start(tokens: list[str], min_repeats: int = 3) -> int | None:
    """Index where the first repetition of a looping 1-4-gram begins («요리다, 요리다, 요리다» -> 1), else None."""
    words = [re.sub(r"\W", "", t.lower()) for t in tokens]
    for n in range(1, 5):
        for i in range(len(words) - n * min_repeats + 1):
            gram = words[i:i + n]
            if any(gram) and all(words[i + k * n:i + (k + 1) * n] == gram for k in range(1, min_repeats)):
                return i + n
    # A short segment that is one word said twice is also a loop, not an answer («요리다, 요리다»).
    return 1 if len(words) == 2 and words[0] and words[0] == words[1] else None


def repeated_ngrams(tokens: list[str], min_repeats: int = 3) -> bool:
    """True if some 1-4-gram repeats back to back `min_repeats` times."""
    return loop_start(tokens, min_repeats) is not None


def _compression_ratio(text: str) -> float:
    raw = text.encode("utf-8")
    return len(raw) / max(1, len(zlib.compress(raw)))


def decode_whisper(pcm16: bytes, language: str, prompt: str = "") -> dict[str, Any]:
    """Greedy, one temperature, window fitted to the segment; guarded segments come back with `dropped`."""
    model = whisper_model()
    audio = pcm16_to_float(pcm16)
    seconds = len(audio) / SAMPLE_RATE
    # 3 s of silence after the speech: with only 1 s whisper ended some segments early ("We deploy" for a
    # whole sentence); from +3 s on the words match the full 30 s window's (tests/media/speech_set.py voices).
    chunk = min(30, math.ceil(seconds + 3.0))
    _frames["n"] = chunk * 100
    # The CPU budget of one decode: at most ~12 tokens per second of audio (a loop cannot run on).
    max_new = min(400, int(12 * seconds) + 24)
    segments, _info = model.transcribe(
        audio, language=language, beam_size=int(settings.stt_whisper_beam_size), temperature=0.0,
        condition_on_previous_text=False, vad_filter=False, word_timestamps=True, chunk_length=chunk,
        max_new_tokens=max_new, without_timestamps=False,
        # The previous segment's words: a 1 s phrase alone is often misheard («Ever tried» -> «Slide»).
        initial_prompt=prompt[-200:] or None)
    words: list[list[Any]] = []
    dropped: list[str] = []
    previous = None
    for seg in segments:
        reason = None
        if seg.text.strip() == previous:
            reason = "repeats the previous segment"  # a decoding loop: the words were kept once already
        elif seg.no_speech_prob > settings.stt_no_speech_max and seg.avg_logprob < -0.5:
            reason = f"no_speech_prob {seg.no_speech_prob:.2f}"
        elif seg.avg_logprob < settings.stt_avg_logprob_min:
            reason = f"avg_logprob {seg.avg_logprob:.2f}"
        seg_words = list(seg.words or [])
        cut = loop_start([w.word for w in seg_words])
        looping = cut is not None or _compression_ratio(seg.text) > settings.stt_compression_ratio_max
        if reason is None and looping:
            if seg.no_speech_prob < LOOP_KEEP_NO_SPEECH and cut is not None:
                # Sure it is speech and the loop starts after real words: keep them once, drop the loop.
                dropped.append(f"{seg.text.strip()!r}: loop cut after {cut} words")
                seg_words = seg_words[:cut]
            else:
                reason = f"loop (compression_ratio {_compression_ratio(seg.text):.2f})"
        previous = seg.text.strip()
        if reason:
            dropped.append(f"{seg.text.strip()!r}: {reason}")
            continue
        for w in seg_words:
            token = clean_token(w.word)
            if token and w.start >= seconds - PAD_GUARD_S:
                # Timed inside the silence padding after the audio: invented, typically after a cut-off word
                # («…limit required I'm going to go ahead and do it.» when "stop" cut the sentence).
                dropped.append(f"{token!r}: after the end of the audio")
                continue
            if token:
                words.append([token, round(float(w.start), 3), round(float(w.end), 3), round(float(w.probability), 4)])
    return {"words": words, "dropped": dropped}


_vosk_model: Any = None


def decode_vosk(pcm16: bytes, language: str, prompt: str = "") -> dict[str, Any]:
    """A fresh KaldiRecognizer per segment: no state carried over, so the same audio gives the same words."""
    global _vosk_model
    import vosk

    from media.stt.vosk_ko import load_model

    if _vosk_model is None:
        _vosk_model = load_model()
    rec = vosk.KaldiRecognizer(_vosk_model, SAMPLE_RATE)
    rec.SetWords(True)
    rec.AcceptWaveform(pcm16)
    data = json.loads(rec.FinalResult())
    words = []
    for item in data.get("result", []):
        token = clean_token(str(item.get("word", "")))
        if token:
            words.append([token, round(float(item.get("start", 0.0)), 3), round(float(item.get("end", 0.0)), 3),
                          round(float(item["conf"]), 4) if "conf" in item else None])
    return {"words": words, "dropped": []}


def decode_pocketsphinx(pcm16: bytes, language: str, prompt: str = "") -> dict[str, Any]:
    """A fresh decoder per segment (pooled decoders kept noise-normalisation state between calls)."""
    from pocketsphinx import Decoder

    decoder = Decoder(loglevel="FATAL")
    decoder.start_utt()
    decoder.process_raw(pcm16, False, True)
    decoder.end_utt()
    words = []
    for seg in decoder.seg():
        token = clean_token(seg.word)
        if token:
            words.append([token, round(seg.start_frame / 100, 3), round((seg.end_frame + 1) / 100, 3),
                          round(min(1.0, max(0.0, float(seg.prob))), 4)])
    return {"words": words, "dropped": []}


_DECODERS = {"faster_whisper": decode_whisper, "vosk": decode_vosk, "pocketsphinx": decode_pocketsphinx}


def decode(engine: str, language: str, pcm16: bytes, prompt: str = "") -> dict[str, Any]:
    """{words: [[word, start, end, confidence]], dropped: [why], cpu: CPU-s, seconds: audio-s, engine}."""
    if engine not in ENGINES:
        raise ValueError(f"unknown segment engine {engine!r}")
    t0 = time.process_time()
    with _lock:
        out = _DECODERS[engine](pcm16, language, prompt)
    out.update(engine=engine, cpu=round(time.process_time() - t0, 4),
               seconds=round(len(pcm16) / BYTES_PER_SECOND, 3))
    return out


def warm(engine: str) -> str:
    """Load the engine's model in this process (so the first segment does not pay for it)."""
    if engine == "faster_whisper":
        whisper_model()
    elif engine == "vosk":
        decode("vosk", "ko", bytes(3200))
    return engine
