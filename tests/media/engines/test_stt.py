"""Offline recognisers end to end on real speech (flite), silence and noise."""
from __future__ import annotations

import itertools
import shutil
import subprocess
from pathlib import Path

import av
import numpy as np
import pytest

from core.config import settings
from media.audio import BYTES_PER_SECOND, SAMPLE_RATE, pcm16_duration
from media.stt import pocketsphinx_en, registry, vosk_ko
from media.stt.base import SttResult
from media.stt.faster_whisper import FasterWhisperProvider
from media.stt.session import TranscriptionSession, transcribe_audio, transcribe_pcm
from media.stt.wer import word_error_rate
from tests.media.engines.speech_data import SENTENCES, flite_wav

# Measured corpus WER of PocketSphinx on these 8 flite clips: 0.12 (kal16 0.14, rms 0.09).
MAX_CORPUS_WER = 0.25
MAX_CLIP_WER = 0.45  # for single-clip checks (worst clip measured: 0.25)
CHUNK = 640  # 20 ms, like WebRTC


def _corpus_wer(pairs: list[tuple[str, str]]) -> float:
    errors = sum(word_error_rate(ref, hyp) * len(ref.split()) for ref, hyp in pairs)
    return errors / sum(len(ref.split()) for ref, _ in pairs)


async def _run_session(language: str, audio: bytes, **kwargs: object) -> tuple[list[SttResult], list[SttResult], TranscriptionSession]:
    events: list[SttResult] = []

    async def on_result(result: SttResult) -> None:
        events.append(result)

    session = TranscriptionSession(language, on_result, **kwargs)  # type: ignore[arg-type]
    for i in range(0, len(audio), CHUNK):
        await session.feed(audio[i : i + CHUNK])
    finals = await session.close()
    return events, finals, session


def test_pocketsphinx_stream_partials_then_final(english_clips: list[tuple[str, bytes]]) -> None:
    text, pcm = english_clips[1]
    stream = pocketsphinx_en.PocketSphinxEnglishProvider().open_stream("en")
    results: list[SttResult] = []
    for i in range(0, len(pcm), CHUNK):
        results += stream.accept(pcm[i : i + CHUNK])
    results += stream.finish()
    stream.close()
    partials = [r for r in results if not r.is_final]
    finals = [r for r in results if r.is_final]
    assert len(partials) >= 3 and finals
    assert results.index(partials[0]) < results.index(finals[0])
    assert all(r.confidence is None for r in partials)
    assert all(0.0 <= (w.confidence or 0) <= 1.0 for r in finals for w in r.words)
    assert word_error_rate(text, " ".join(r.text for r in finals)) < MAX_CLIP_WER


def test_english_word_error_rate(english_clips: list[tuple[str, bytes]]) -> None:
    pairs = [(text, transcribe_pcm(pcm, "en").text) for text, pcm in english_clips]
    assert _corpus_wer(pairs) < MAX_CORPUS_WER, pairs


async def test_english_session_events_and_timeline(english_clips: list[tuple[str, bytes]], silence: bytes) -> None:
    (text1, clip1), (text2, clip2) = english_clips[0], english_clips[2]
    audio = silence[: BYTES_PER_SECOND] + clip1 + silence + clip2 + silence[: BYTES_PER_SECOND]
    events, finals, session = await _run_session("en", audio)
    assert session.provider_name == "pocketsphinx" and session.error is None
    first_final = next(i for i, r in enumerate(events) if r.is_final)
    assert any(not r.is_final for r in events[:first_final]), "no partial before the first final"
    assert finals == [r for r in events if r.is_final]
    assert len(finals) >= 2
    # Times are on the input timeline: 1 s of leading silence, the second clip after 2 s more.
    assert 0.9 <= finals[0].start < 1.6
    second_start = 1.0 + pcm16_duration(clip1) + 2.0
    assert any(abs(r.start - second_start) < 0.6 for r in finals)
    assert all(a.end <= b.start + 0.01 for a, b in itertools.pairwise(finals))
    transcript = session.transcript()
    assert transcript is not None and transcript.provider == "pocketsphinx"
    assert transcript.duration == pytest.approx(pcm16_duration(audio), abs=0.05)
    assert word_error_rate(f"{text1} {text2}", transcript.text) < MAX_CLIP_WER


async def test_korean_pipeline_produces_events(english_clips: list[tuple[str, bytes]], silence: bytes) -> None:
    # No intelligible Korean TTS is available: check the pipeline, not accuracy.
    audio = silence[: BYTES_PER_SECOND] + english_clips[1][1] + silence
    events, finals, session = await _run_session("ko", audio)
    assert session.provider_name == "vosk" and session.error is None
    assert any(not r.is_final for r in events) and finals
    assert all(r.provider == "vosk" and r.text for r in events)
    assert finals[0].start >= 0.9 and all(w.start <= w.end for r in finals for w in r.words)


@pytest.mark.parametrize("language", ["en", "ko"])
async def test_silence_and_noise_produce_no_text(language: str, silence: bytes, white_noise: bytes) -> None:
    events, finals, _session = await _run_session(language, silence + white_noise + silence)
    assert events == [] and finals == []
    transcript = transcribe_pcm(white_noise + silence, language)
    assert transcript.text == "" and transcript.words == [] and not transcript.low_confidence


async def test_webrtc_frames_through_session(english_clips: list[tuple[str, bytes]]) -> None:
    text, pcm = english_clips[3]
    up = av.AudioResampler(format="s16", layout="stereo", rate=48000)
    frame = av.AudioFrame.from_ndarray(np.frombuffer(pcm, dtype="<i2").reshape(1, -1), format="s16", layout="mono")
    frame.sample_rate = SAMPLE_RATE
    stereo = np.concatenate([f.to_ndarray() for f in up.resample(frame) + up.resample(None)], axis=1)[0]
    session = TranscriptionSession("en")
    for i in range(0, stereo.size - 1920 + 1, 1920):  # 20 ms of 48 kHz stereo
        webrtc = av.AudioFrame.from_ndarray(stereo[i : i + 1920].reshape(1, -1), format="s16", layout="stereo")
        webrtc.sample_rate = 48000
        await session.feed_frame(webrtc)
    finals = await session.close()
    assert word_error_rate(text, " ".join(r.text for r in finals)) < MAX_CLIP_WER


def test_transcribe_uploaded_webm(english_clips: list[tuple[str, bytes]], speech_dir: Path) -> None:
    assert shutil.which("ffmpeg"), "ffmpeg is required (apt-get install ffmpeg)"
    wav = flite_wav(SENTENCES[2], "rms", speech_dir / "upload.wav")
    webm = speech_dir / "upload.webm"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), str(webm)], check=True)
    transcript = transcribe_audio(webm.read_bytes(), "en")
    assert word_error_rate(SENTENCES[2], transcript.text) < MAX_CLIP_WER
    assert transcript.confidence is not None and transcript.words
    assert transcript.words[0].start < transcript.words[-1].end <= transcript.duration + 0.01


def test_low_confidence_follows_the_setting(english_clips: list[tuple[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    _text, pcm = english_clips[2]
    monkeypatch.setattr(settings, "stt_min_confidence", 0.999)
    strict = transcribe_pcm(pcm, "en")
    assert strict.low_confidence and all(r.low_confidence for r in strict.results)
    monkeypatch.setattr(settings, "stt_min_confidence", 0.0)
    lenient = transcribe_pcm(pcm, "en")
    assert not lenient.low_confidence and not any(r.low_confidence for r in lenient.results)
    assert lenient.text == strict.text


def test_models_load_once_and_decoders_are_reused() -> None:
    assert vosk_ko.load_model() is vosk_ko.load_model()
    pocketsphinx_en.preload()
    before = pocketsphinx_en._created
    for _ in range(3):
        pocketsphinx_en.PocketSphinxEnglishProvider().open_stream("en").close()
    assert pocketsphinx_en._created == before


def test_registry_defaults_and_fallbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "deepgram_api_key", "")
    assert registry.get_provider("ko").name == "vosk"
    assert registry.get_provider("en-US").name == "pocketsphinx"
    monkeypatch.setattr(settings, "stt_provider_en", "faster_whisper")  # not installed here
    assert registry.get_provider("en").name == "pocketsphinx"
    monkeypatch.setattr(settings, "stt_provider_ko", "pocketsphinx")  # wrong language
    assert registry.get_provider("ko").name == "vosk"
    with pytest.raises(ValueError):
        registry.get_provider("fr")
    statuses = registry.all_statuses()
    assert statuses["providers"]["vosk"]["ready"] and statuses["providers"]["pocketsphinx"]["ready"]
    assert statuses["selected"]["en"] == {"configured": "faster_whisper", "using": "pocketsphinx"}


def test_faster_whisper_not_ready_says_why(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    status = FasterWhisperProvider().status()
    assert not status.ready and status.detail
    monkeypatch.setattr(settings, "faster_whisper_model_dir", str(tmp_path / "missing"))
    assert not FasterWhisperProvider().status().ready


async def test_session_feed_returns_before_recognition(english_clips: list[tuple[str, bytes]]) -> None:
    # feed() only enqueues: right after it returns, the audio is still waiting for the worker.
    session = TranscriptionSession("en")
    pcm = b"".join(p for _, p in english_clips[:2])
    await session.feed(pcm)
    assert session.backlog_seconds == pytest.approx(pcm16_duration(pcm))
    finals = await session.close()
    assert session.backlog_seconds == 0 and finals
