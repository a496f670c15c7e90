"""Live media pipeline benchmark: WebRTC -> STT latency/WER, stop -> draft, CPU per call, emotion, uploads.

Usage: uv run python bench/media_pipeline.py [--calls 1 3] [--no-video]

Real aiortc peers on loopback (client and server in this process, so CPU figures include the
client's Opus/VP8 encoding: an upper bound), the server side wired exactly like media/live.py
(open_session(...).feed_frame -> Silero segments -> the recognition pool; analyse_video_frame in the
shared executor) minus the database. "end of speech -> final" is per sentence: the time from the end of
its audio to its final; "stop -> draft" plays an answer without trailing silence and flushes 0.25 s after
its end, as media.js does when the candidate presses stop.
"""
from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError

from core.config import settings
from media.audio import decode_to_pcm16
from media.live import _executor, analyse_video_frame
from media.stt.base import SttResult
from media.stt.pool import pool
from media.stt.session import open_session, transcribe_pcm
from media.stt.wer import word_error_rate
from tests.media.conftest import (
    GAP_SILENCE_S,
    LEAD_SILENCE_S,
    SENTENCES_EN,
    AstronautTrack,
    CallClient,
    flite_wav,
    to_webm_opus,
)


def _cpu() -> float:
    """CPU seconds of this process and its live children (the recognition pool's workers)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    total = r.ru_utime + r.ru_stime
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


async def one_call(wav: Path, speech_ends: list[float], video: bool, stop_at: float | None = None) -> dict:
    """One client->server call; returns WER, final latencies after each sentence end, frames analysed."""
    server = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    results: list[tuple[float, SttResult]] = []
    first_audio: list[float] = []
    frames: list[float] = []

    async def on_result(r: SttResult) -> None:
        results.append((time.monotonic(), r))

    stt = open_session("en", on_result)
    tasks: list[asyncio.Task] = []

    async def audio(track) -> None:  # type: ignore[no-untyped-def]
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            if not first_audio:
                first_audio.append(time.monotonic())
            await stt.feed_frame(frame)

    async def video_consumer(track) -> None:  # type: ignore[no-untyped-def]
        loop, next_at, busy = asyncio.get_running_loop(), 0.0, False
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            if time.monotonic() < next_at or busy:
                continue
            next_at = time.monotonic() + settings.emotion_frame_interval_seconds
            t = time.monotonic()
            await loop.run_in_executor(_executor, analyse_video_frame, frame, None)
            frames.append(time.monotonic() - t)

    @server.on("track")
    def on_track(track) -> None:  # type: ignore[no-untyped-def]
        tasks.append(asyncio.ensure_future(audio(track) if track.kind == "audio" else video_consumer(track)))

    client = CallClient(wav, video=video)
    await client.pc.setLocalDescription(await client.pc.createOffer())
    await server.setRemoteDescription(client.pc.localDescription)
    await server.setLocalDescription(await server.createAnswer())
    await client.pc.setRemoteDescription(RTCSessionDescription(server.localDescription.sdp, "answer"))
    total = speech_ends[-1] + 2.5
    while not first_audio:
        await asyncio.sleep(0.05)
    stop_latency = None
    if stop_at is not None:
        await asyncio.sleep(stop_at + 0.25)  # media.js keeps the track open 250 ms after "stop"
        t = time.monotonic()
        await stt.flush()
        stop_latency = time.monotonic() - t
        total = max(0.0, total - stop_at - 0.25)
    await asyncio.sleep(total)
    await client.close()
    await server.close()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await stt.close()
    finals = [(t, r) for t, r in results if r.is_final]
    partials = [(t, r) for t, r in results if not r.is_final]
    text = " ".join(r.text for _, r in finals)
    latencies = []
    for end in speech_ends:
        after = [t - (first_audio[0] + end) for t, r in finals if r.end >= end - 0.3]
        if after:
            latencies.append(min(after))
    first_partial = partials[0][0] - (first_audio[0] + LEAD_SILENCE_S) if partials else None
    return {"wer": word_error_rate(" ".join(SENTENCES_EN), text), "final_latency": latencies,
            "first_partial": first_partial, "frames": frames, "text": text, "stop_latency": stop_latency}


async def calls(n: int, wav: Path, speech_ends: list[float], video: bool, no_tail: Path, no_tail_ends: list[float],
                rounds: int) -> None:
    cpu0, wall0 = _cpu(), time.monotonic()
    out = await asyncio.gather(*(one_call(wav, speech_ends, video) for _ in range(n)))
    cpu, wall = _cpu() - cpu0, time.monotonic() - wall0
    stops = []
    for _ in range(rounds):
        stopped = await asyncio.gather(*(one_call(no_tail, no_tail_ends, video, stop_at=no_tail_ends[-1])
                                         for _ in range(n)))
        stops += [o["stop_latency"] for o in stopped]
    stop_wer = statistics.mean(o["wer"] for o in stopped)
    for o in stopped:
        if o["wer"] > 0:
            print(f"  stop-case words that differ (n={n}): {o['text']!r}")
    lat = [x for o in out for x in o["final_latency"]]
    frames = [x for o in out for x in o["frames"]]
    stops.sort()
    p95 = stops[max(0, round(0.95 * len(stops)) - 1)]
    print(f"| {n} | {'yes' if video else 'no'} | {statistics.mean(o['wer'] for o in out):.2f} / {stop_wer:.2f} "
          f"| {statistics.median(lat) if lat else float('nan'):.2f} s / {max(lat) if lat else float('nan'):.2f} s "
          f"| {statistics.median(stops):.2f} s / {p95:.2f} s ({len(stops)}) "
          f"| {(statistics.median(frames) * 1000) if frames else 0:.0f} ms ({len(frames)}) "
          f"| {cpu / wall:.2f} |")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, nargs="+", default=[1, 3])
    parser.add_argument("--rounds", type=int, default=4, help="stop -> draft repetitions per call count")
    parser.add_argument("--no-video", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="media-bench-"))
    wav = flite_wav(SENTENCES_EN, tmp / "answer.wav")
    # Where each sentence ends in the WAV (for end-of-speech -> final latency).
    ends, t = [], LEAD_SILENCE_S
    for sentence in SENTENCES_EN:
        t += len(decode_to_pcm16(flite_wav([sentence], tmp / "one.wav", lead=0, gap=0, tail=0))) / 32000
        ends.append(t)
        t += GAP_SILENCE_S

    no_tail = flite_wav(SENTENCES_EN, tmp / "no_tail.wav", tail=0.0)
    pool.warm("faster_whisper")

    # Uploads: decode + recognise, what POST /answers/{id}/audio does (there in the recognition pool).
    webm = to_webm_opus(wav, tmp / "answer.webm")
    for path in (wav, webm):
        start = time.monotonic()
        pcm = decode_to_pcm16(path.read_bytes())
        decoded = time.monotonic()
        transcript = transcribe_pcm(pcm, "en")
        done = time.monotonic()
        print(f"upload {path.suffix}: {len(pcm) / 32000:.1f} s audio, decode {1000 * (decoded - start):.0f} ms, "
              f"recognise {done - decoded:.2f} s, WER {word_error_rate(' '.join(SENTENCES_EN), transcript.text):.2f}")

    frame = await AstronautTrack(size=640).recv()
    timings = []
    for _ in range(5):
        start = time.monotonic()
        analyse_video_frame(frame)
        timings.append(time.monotonic() - start)
    print(f"emotion frame 640x640: median {1000 * statistics.median(timings):.0f} ms (first {1000 * timings[0]:.0f} ms)")

    print("| calls | video | WER (pause / stop) | end of speech -> final p50 / max | stop -> draft p50 / p95 (n) "
          "| emotion frame (n) | CPU cores used |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for n in args.calls:
        await calls(n, wav, ends, not args.no_video, no_tail, ends, args.rounds)
    pool.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
