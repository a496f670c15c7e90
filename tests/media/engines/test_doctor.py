"""The doctor report reflects what is really installed."""
from __future__ import annotations

from media.doctor import emotion_status, stt_status


def test_stt_status_reports_each_provider() -> None:
    report = stt_status()
    providers = report["providers"]
    assert set(providers) == {"vosk", "pocketsphinx", "deepgram", "faster_whisper"}
    assert providers["vosk"]["ready"] and "MB" in providers["vosk"]["detail"]
    assert providers["pocketsphinx"]["ready"]
    assert all(p["detail"] for p in providers.values())
    assert report["selected"]["ko"]["using"] in providers


def test_emotion_status_reports_each_engine() -> None:
    report = emotion_status()
    assert report["engines"]["fer_tflite"]["ready"]
    assert ".tflite" in report["engines"]["fer_tflite"]["detail"]
    assert not report["engines"]["deepface"]["ready"]
    assert report["using"] == "fer_tflite"
