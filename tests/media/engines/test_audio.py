"""Audio conversion and voice-activity detection on real signals."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import av
import numpy as np
import pytest
import soundfile as sf

from media.audio import (
    BYTES_PER_SECOND,
    SAMPLE_RATE,
    EnergyVad,
    FrameResampler,
    decode_to_pcm16,
    float_to_pcm16,
    pcm16_duration,
    pcm16_to_float,
    speech_segments,
)


def _webrtc_frames(seconds: float, freq: float = 440.0, rate: int = 48000) -> list[av.AudioFrame]:
    """20 ms stereo s16 frames like aiortc delivers (48 kHz, interleaved)."""
    per_frame = rate // 50
    t = np.arange(int(seconds * rate)) / rate
    tone = (0.5 * np.sin(2 * np.pi * freq * t) * 32767).astype(np.int16)
    frames = []
    for i in range(0, len(tone) - per_frame + 1, per_frame):
        chunk = tone[i : i + per_frame]
        interleaved = np.repeat(chunk, 2).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(interleaved, format="s16", layout="stereo")
        frame.sample_rate = rate
        frame.pts = i
        frames.append(frame)
    return frames


def _peak_hz(pcm: bytes) -> float:
    x = pcm16_to_float(pcm)
    spectrum = np.abs(np.fft.rfft(x * np.hanning(x.size)))
    return float(np.argmax(spectrum) * SAMPLE_RATE / x.size)


def test_webrtc_frames_become_16k_mono_with_pitch_and_length_kept() -> None:
    resampler = FrameResampler()
    pcm = b"".join(resampler.push(f) for f in _webrtc_frames(2.0)) + resampler.flush()
    # Mislabelling 48 kHz stereo as 16 kHz mono (the seed's bug) would give 6 s at 147 Hz.
    assert abs(pcm16_duration(pcm) - 2.0) < 0.02
    assert abs(_peak_hz(pcm) - 440.0) < 3.0


def test_resampler_restarts_when_the_track_format_changes() -> None:
    resampler = FrameResampler()
    first = b"".join(resampler.push(f) for f in _webrtc_frames(0.5, rate=48000))
    second = b"".join(resampler.push(f) for f in _webrtc_frames(0.5, rate=32000)) + resampler.flush()
    assert abs(pcm16_duration(first + second) - 1.0) < 0.02


def test_decode_wav_file_resamples_to_16k(english_wav: Path) -> None:
    info = sf.info(str(english_wav))
    pcm = decode_to_pcm16(english_wav)
    assert info.samplerate != SAMPLE_RATE  # flite's default voice is 8 kHz
    assert abs(pcm16_duration(pcm) - info.duration) < 0.02


@pytest.mark.parametrize("extension", ["webm", "ogg", "mp3"])
def test_decode_compressed_bytes(english_wav: Path, tmp_path: Path, extension: str) -> None:
    assert shutil.which("ffmpeg"), "ffmpeg is required (apt-get install ffmpeg)"
    out = tmp_path / f"clip.{extension}"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(english_wav), str(out)], check=True)
    pcm = decode_to_pcm16(out.read_bytes())
    assert abs(pcm16_duration(pcm) - sf.info(str(english_wav)).duration) < 0.1
    assert np.abs(pcm16_to_float(pcm)).max() > 0.05


def test_decode_respects_max_seconds(english_wav: Path) -> None:
    assert pcm16_duration(decode_to_pcm16(english_wav, max_seconds=1.0)) == pytest.approx(1.0)


def test_decode_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        decode_to_pcm16(b"this is not audio at all" * 100)


def test_vad_ignores_silence_and_white_noise(silence: bytes, white_noise: bytes) -> None:
    assert speech_segments(silence) == []
    assert speech_segments(white_noise) == []
    loud = float_to_pcm16(pcm16_to_float(white_noise) * 4)
    assert speech_segments(loud) == []


def test_vad_finds_speech_between_silences(english_clips: list[tuple[str, bytes]], silence: bytes) -> None:
    _text, speech = english_clips[0]
    segments = speech_segments(silence + speech + silence)
    assert segments, "speech was not detected"
    assert segments[0][0] == pytest.approx(2.0, abs=0.4)
    assert segments[-1][1] == pytest.approx(2.0 + pcm16_duration(speech), abs=0.7)


def test_vad_output_reproduces_input_in_any_chunking(english_clips: list[tuple[str, bytes]], silence: bytes) -> None:
    audio = silence + english_clips[1][1] + silence
    vad = EnergyVad()
    runs = []
    for i in range(0, len(audio), 999):  # odd chunk size: frames straddle calls
        runs += vad.process(audio[i : i + 999])
    runs += vad.flush()
    assert b"".join(pcm for pcm, _ in runs) == audio
    assert any(speech for _, speech in runs) and not runs[0][1]


def test_float_pcm_round_trip() -> None:
    x = np.linspace(-1, 1, 101, dtype=np.float32)
    back = pcm16_to_float(float_to_pcm16(x))
    assert np.allclose(back, x, atol=1 / 16000)
    assert len(float_to_pcm16(x)) == 101 * 2 == 101 * BYTES_PER_SECOND // SAMPLE_RATE
