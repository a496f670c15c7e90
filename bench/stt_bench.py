"""Speech-to-text benchmark on the generated test set: WER, term recall, latency and real-time factor per engine.

    uv run python bench/stt_bench.py [--engines faster_whisper pocketsphinx vosk] [--sentences 20]
                                     [--voices all] [--snr 20] [--beam 1] [--json out.json]

Clips come from tests/media/speech_set.py: 20 interview sentences with technical terms x synthetic voices
(flite slt/rms/awb/kal16, festival kal_diphone, espeak-ng en-us, piper joe), clean and with white noise at
--snr dB, the human recordings shipped in moonshine-voice, and non-speech clips (silence, hum, clicks,
noise, tones) with 20 s of trailing silence, heard as English and as Korean. Every clip goes through the
production path (Silero segments -> one decode per segment -> guards), one process, one thread per decode.

Latency: there are no partials (see docs/speech.md); "stop->final" is the time from a flush ("stop") with the
whole answer fed to the last final, i.e. the decode of the last segment, measured through SegmentSession
and the recognition pool.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.config import settings
from media.audio import BYTES_PER_SECOND
from media.stt.offline import transcribe_segments
from media.stt.pool import pool
from media.stt.segment_engines import warm
from media.stt.session import SegmentSession
from media.stt.wer import tokens, word_error_rate
from tests.media import speech_set

TRAILING_SILENCE = bytes(20 * BYTES_PER_SECOND)


def corpus_wer(pairs: list[tuple[str, str]]) -> float:
    """Errors over reference words across clips (not a mean of per-clip rates)."""
    words = sum(len(tokens(r)) for r, _ in pairs)
    return sum(word_error_rate(r, h) * len(tokens(r)) for r, h in pairs) / max(1, words)


def term_recall(clips: list[speech_set.Clip], hyps: list[str]) -> float:
    found = total = 0
    for clip, hyp in zip(clips, hyps, strict=True):
        heard = set(tokens(hyp))
        total += len(clip.terms)
        found += sum(term in heard for term in clip.terms)
    return found / max(1, total)


def run_engine(engine: str, language: str, clips: list[speech_set.Clip]) -> tuple[list[str], float, float, list[int]]:
    """(hypotheses, CPU-s, audio-s, segments per clip) through the production segment path."""
    warm(engine)
    hyps, cpu, audio, segs = [], 0.0, 0.0, []
    for clip in clips:
        job = transcribe_segments(clip.pcm16, language, engine)
        hyps.append(" ".join(w[0] for s in job["segments"] for w in s["words"]))
        cpu += sum(s["cpu"] for s in job["segments"])
        audio += job["duration"]
        segs.append(len(job["segments"]))
    return hyps, cpu, audio, segs


async def stop_latency(engine: str, clips: list[speech_set.Clip]) -> list[float]:
    """Seconds from "stop" (flush) to the last final, each answer fed whole first (no trailing silence)."""
    for future in pool.warm(engine):  # a cold pool (spawn + model load) is start-up cost, not stop latency
        future.result()
    out = []
    for clip in clips:
        session = SegmentSession("en", engine=engine)
        await session.feed(clip.pcm16)
        await asyncio.sleep(0.05 + len(clip.pcm16) / BYTES_PER_SECOND * 0.01)  # let the VAD consume the audio
        start = time.perf_counter()
        await session.flush()
        out.append(time.perf_counter() - start)
        await session.close()
    return out


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)] if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", nargs="+", default=["faster_whisper", "pocketsphinx"])
    parser.add_argument("--sentences", type=int, default=20)
    parser.add_argument("--voices", nargs="*", default=None, help="engine:voice, e.g. flite:slt piper:joe")
    parser.add_argument("--snr", type=float, default=20.0)
    parser.add_argument("--beam", type=int, default=None, help="whisper beam size (default: the setting)")
    parser.add_argument("--latency-clips", type=int, default=10)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if args.beam:
        settings.stt_whisper_beam_size = args.beam
    voices = ([tuple(v.split(":", 1)) for v in args.voices] if args.voices else speech_set.VOICES)
    with tempfile.TemporaryDirectory() as tmp:
        synthetic = speech_set.synthetic(Path(tmp), voices, list(range(args.sentences)), args.snr)  # type: ignore[arg-type]
    real = speech_set.real_recordings()
    nonspeech = speech_set.non_speech()
    print(f"clips: {len(synthetic)} synthetic ({len(voices)} voices x {args.sentences} sentences, clean + "
          f"{args.snr:g} dB), {len(real)} real, {len(nonspeech)} non-speech (+20 s silence, en and ko)")
    rows: list[dict[str, Any]] = []
    for engine in args.engines:
        language = "ko" if engine == "vosk" else "en"
        row: dict[str, Any] = {"engine": engine, "beam": settings.stt_whisper_beam_size}
        if language == "en":
            hyps, cpu, audio, _ = run_engine(engine, "en", synthetic + real)
            by_kind: dict[str, list[tuple[str, str]]] = {}
            for clip, hyp in zip(synthetic + real, hyps, strict=True):
                by_kind.setdefault(clip.kind, []).append((clip.reference, hyp))
            for kind, pairs in by_kind.items():
                row[f"wer_{kind}"] = round(corpus_wer(pairs), 3)
            per_voice: dict[str, list[tuple[str, str]]] = {}
            synth_hyps = hyps[: len(synthetic)]
            for clip, hyp in zip(synthetic, synth_hyps, strict=True):
                if clip.kind == "clean":
                    per_voice.setdefault(clip.name.rsplit(":", 1)[0], []).append((clip.reference, hyp))
            row["wer_clean_by_voice"] = {v: round(corpus_wer(p), 3) for v, p in per_voice.items()}
            clean = [c for c in synthetic if c.kind == "clean"]
            row["term_recall_clean"] = round(term_recall(clean, [h for c, h in zip(synthetic, synth_hyps, strict=True)
                                                               if c.kind == "clean"]), 3)
            row["cpu_s_per_audio_s"] = round(cpu / audio, 3)
            lat = asyncio.run(stop_latency(engine, clean[: args.latency_clips]))
            row["stop_to_final_p50_s"] = round(statistics.median(lat), 3)
            row["stop_to_final_p95_s"] = round(p95(lat), 3)
            row["first_partial_s"] = "n/a (no partials)"
        for lang in ("en", "ko"):
            if engine == "vosk" and lang == "en" or engine == "pocketsphinx" and lang == "ko":
                continue
            texts = run_engine(engine, lang, [speech_set.Clip(c.name, "", [], c.pcm16 + TRAILING_SILENCE, c.kind)
                                              for c in nonspeech])[0]
            row[f"nonspeech_with_text_{lang}"] = [c.name for c, t in zip(nonspeech, texts, strict=True) if t.strip()]
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False))
    pool.shutdown()
    print("\n| engine | WER clean | WER 20 dB | WER real | term recall | CPU-s/audio-s | stop->final p50/p95 | "
          "non-speech with text |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        ns = sorted(set(r.get("nonspeech_with_text_en", []) + r.get("nonspeech_with_text_ko", [])))
        print(f"| {r['engine']} | {r.get('wer_clean', '-')} | {r.get(f'wer_snr{args.snr:g}', '-')} | "
              f"{r.get('wer_real', '-')} | {r.get('term_recall_clean', '-')} | {r.get('cpu_s_per_audio_s', '-')} | "
              f"{r.get('stop_to_final_p50_s', '-')}/{r.get('stop_to_final_p95_s', '-')} s | {', '.join(ns) or 'none'} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
