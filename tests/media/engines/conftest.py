"""Engine-test fixtures: real speech from flite, silence and noise, made once per test session."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from media.audio import SAMPLE_RATE, decode_to_pcm16, float_to_pcm16
from tests.media.engines.speech_data import SENTENCES, VOICES, flite_wav


@pytest.fixture(scope="session")
def speech_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("speech")


@pytest.fixture(scope="session")
def english_clips(speech_dir: Path) -> list[tuple[str, bytes]]:
    """(reference text, 16 kHz mono s16 pcm) for every sentence x voice."""
    clips = []
    for voice in VOICES:
        for i, text in enumerate(SENTENCES):
            wav = flite_wav(text, voice, speech_dir / f"{voice}_{i}.wav")
            clips.append((text, decode_to_pcm16(wav)))
    return clips


@pytest.fixture(scope="session")
def english_wav(speech_dir: Path) -> Path:
    """One flite sentence as an 8 kHz WAV file (flite's native rate for the default voice)."""
    return flite_wav(SENTENCES[2], "kal", speech_dir / "native.wav")


@pytest.fixture(scope="session")
def white_noise() -> bytes:
    """3 s of loud white noise (-20 dBFS)."""
    rng = np.random.default_rng(7)
    return float_to_pcm16(rng.normal(0.0, 0.1, SAMPLE_RATE * 3).astype(np.float32))


@pytest.fixture(scope="session")
def silence() -> bytes:
    """2 s of digital silence."""
    return bytes(SAMPLE_RATE * 2 * 2)
