"""Speech-to-text benchmark: pipeline overhead, first-partial latency, memory and concurrency.

Usage: uv run python bench/stt_bench.py [--languages en ko] [--max-streams 8]

Audio is flite speech (the English test sentences, ~1 s silences between them); the Korean
model hears the same audio — its accuracy is meaningless, its speed is not.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from media.audio import BYTES_PER_SECOND, decode_to_pcm16, pcm16_duration
from media.stt import pocketsphinx_en, vosk_ko
from media.stt.session import Recognizer, TranscriptionSession

SENTENCES = [
    "Tell me about a time you solved a difficult problem at work.",
    "I led a small team that migrated our database to a new cluster, and we reduced the downtime to ten minutes.",
    "My greatest strength is that I communicate clearly with other people.",
    "I would like to work here because the company builds products that help people learn.",
]
KO_SENTENCES = [
    "어려운 문제를 해결했던 경험에 대해 말씀해 주세요.",
    "저는 작은 팀을 이끌고 데이터베이스를 새 클러스터로 옮겼고 다운타임을 십 분으로 줄였습니다.",
    "제 가장 큰 강점은 다른 사람들과 명확하게 소통한다는 것입니다.",
    "이 회사는 사람들의 배움을 돕는 제품을 만들기 때문에 여기서 일하고 싶습니다.",
]
CHUNK = 640  # 20 ms, what WebRTC delivers
PROVIDER = {"en": "pocketsphinx", "ko": "vosk"}


def make_audio(language: str) -> tuple[bytes, bytes, str]:
    """(speech with pauses, ~3 s clip with 0.5 s lead silence, source) as 16 kHz mono s16.

    Korean uses espeak-ng's Korean voice when installed (apt-get install espeak-ng): barely
    intelligible, but Korean phonetics make Vosk behave as it does on Korean speech.
    """
    gap = bytes(BYTES_PER_SECOND)
    parts = []
    korean = language == "ko" and shutil.which("espeak-ng") is not None
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(KO_SENTENCES if korean else SENTENCES):
            path = Path(tmp) / f"{i}.wav"
            if korean:
                subprocess.run(["espeak-ng", "-v", "ko", "-s", "150", "-w", str(path), text], check=True)
            else:
                subprocess.run(["flite", "-voice", "kal16", "-t", text, "-o", str(path)], check=True)
            parts.append(decode_to_pcm16(path))
    audio = gap + gap.join(parts) + gap
    short = bytes(BYTES_PER_SECOND // 2) + parts[0]
    return audio, short, "espeak-ng ko" if korean else "flite kal16 (English)"


def bare_recognizer(language: str, audio: bytes) -> float:
    """Seconds for the engine alone (no VAD, no partials) on the whole audio in 20 ms chunks."""
    if language == "ko":
        import vosk

        rec = vosk.KaldiRecognizer(vosk_ko.load_model(), 16000)
        rec.SetWords(True)
        start = time.perf_counter()
        for i in range(0, len(audio), CHUNK):
            if rec.AcceptWaveform(audio[i : i + CHUNK]):
                rec.Result()
        rec.FinalResult()
        return time.perf_counter() - start
    decoder = pocketsphinx_en._acquire()
    start = time.perf_counter()
    decoder.start_utt()
    for i in range(0, len(audio), CHUNK):
        decoder.process_raw(audio[i : i + CHUNK], False, False)
    decoder.end_utt()
    decoder.hyp()
    elapsed = time.perf_counter() - start
    pocketsphinx_en._release(decoder)
    return elapsed


def pipeline(language: str, audio: bytes) -> float:
    """Seconds for the session's synchronous core (VAD + stream + partials + timeline)."""
    return pipeline_times(language, audio)[0]


def pipeline_times(language: str, audio: bytes) -> tuple[float, float]:
    """(wall, CPU) seconds of the pipeline; CPU time is what other load on the box cannot inflate."""
    recognizer = Recognizer(language)
    start, cpu = time.perf_counter(), time.thread_time()
    for i in range(0, len(audio), CHUNK):
        recognizer.process(audio[i : i + CHUNK])
    recognizer.close()
    return time.perf_counter() - start, time.thread_time() - cpu


async def session_wall(language: str, audio: bytes) -> float:
    """Seconds through the async TranscriptionSession (worker thread + callbacks), fed at once."""
    session = TranscriptionSession(language)
    start = time.perf_counter()
    for i in range(0, len(audio), CHUNK):
        await session.feed(audio[i : i + CHUNK])
    await session.close()
    return time.perf_counter() - start


async def first_partial_latency(language: str, clip: bytes) -> float | None:
    """Wall seconds from the first speech chunk fed (in real time) to the first partial event."""
    got = asyncio.Event()
    stamp: list[float] = []

    async def on_result(_result: object) -> None:
        if not stamp:
            stamp.append(time.perf_counter())
            got.set()

    session = TranscriptionSession(language, on_result)
    speech_at = len(bytes(BYTES_PER_SECOND // 2))
    t_speech = None
    t0 = time.perf_counter()
    for n, i in enumerate(range(0, len(clip), CHUNK)):
        if i >= speech_at and t_speech is None:
            t_speech = time.perf_counter()
        await session.feed(clip[i : i + CHUNK])
        # Pace the feed like a microphone.
        delay = t0 + (n + 1) * CHUNK / BYTES_PER_SECOND - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if got.is_set():
            break
    await session.close()
    return (stamp[0] - t_speech) if stamp and t_speech else None


def rss_mb() -> float:
    return psutil.Process(os.getpid()).memory_info().rss / 1e6


def memory_per_stream(language: str, audio: bytes, streams: int = 4) -> tuple[float, float]:
    """(RSS after the model is loaded, extra MB per open, fed stream)."""
    gc.collect()
    Recognizer(language).close()  # loads the model / one decoder
    base = rss_mb()
    open_ = [Recognizer(language) for _ in range(streams)]
    for rec in open_:
        rec.process(audio[: BYTES_PER_SECOND * 5])
    per_stream = (rss_mb() - base) / streams
    for rec in open_:
        rec.close()
    return base, per_stream


def concurrency(language: str, audio: bytes, max_streams: int) -> list[dict[str, float]]:
    """Run N pipelines in parallel threads, as fast as possible; real-time if wall < audio length."""
    rows = []
    seconds = pcm16_duration(audio)
    n = 1
    while n <= max_streams:
        recognizers = [Recognizer(language) for _ in range(n)]

        def run(rec: Recognizer) -> None:
            for i in range(0, len(audio), CHUNK):
                rec.process(audio[i : i + CHUNK])
            rec.close()

        threads = [threading.Thread(target=run, args=(r,)) for r in recognizers]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        rows.append({"streams": n, "wall_s": round(wall, 2), "audio_s": round(seconds, 2),
                     "rtf_per_stream": round(wall / seconds, 3), "real_time": wall < seconds})
        n = n * 2 if n < 4 else n + 2
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--languages", nargs="+", default=["en", "ko"])
    parser.add_argument("--max-streams", type=int, default=8, help="0 skips the concurrency run")
    args = parser.parse_args()
    print(f"cpu count {os.cpu_count()}; load avg before {os.getloadavg()[0]:.2f}")
    for language in args.languages:
        audio, clip, source = make_audio(language)
        seconds = pcm16_duration(audio)
        before = rss_mb()
        pipeline(language, audio[: BYTES_PER_SECOND * 2])  # warm-up: loads the model
        model_mb = rss_mb() - before
        bare = min(bare_recognizer(language, audio) for _ in range(2))
        piped, cpu = min(pipeline_times(language, audio) for _ in range(2))
        wall = asyncio.run(session_wall(language, audio))
        latency = asyncio.run(first_partial_latency(language, clip))
        _base, per_stream = memory_per_stream(language, audio)
        rows = concurrency(language, audio, args.max_streams) if args.max_streams else []
        result = {
            "provider": PROVIDER[language],
            "audio": f"{source}, {seconds:.1f} s",
            "bare_rtf": round(bare / seconds, 3),
            "pipeline_rtf": round(piped / seconds, 3),
            "pipeline_over_bare": round(piped / bare, 2),
            "pipeline_cpu_s_per_audio_s": round(cpu / seconds, 3),
            "session_rtf": round(wall / seconds, 3),
            "first_partial_after_speech_s": None if latency is None else round(latency, 2),
            "model_rss_mb": round(model_mb),
            "mb_per_stream": round(per_stream, 1),
            "concurrency": rows,
            "max_realtime_streams": max((r["streams"] for r in rows if r["real_time"]), default=0),
            "load_avg": round(os.getloadavg()[0], 2),
        }
        print(json.dumps({language: result}, indent=2))


if __name__ == "__main__":
    main()
