"""Honest readiness report of the speech and emotion engines (for `doctor` CLIs and /health)."""
from __future__ import annotations

from typing import Any

from media.emotion.detector import backends, get_backend
from media.stt.registry import all_statuses


def stt_status() -> dict[str, Any]:
    """Every STT provider with ready + detail, and the provider each language uses now."""
    return all_statuses()


def emotion_status() -> dict[str, Any]:
    """Every emotion engine with ready + detail, and the one analyze_frame uses now."""
    engines = {name: {"ready": (s := b.status()).ready, "detail": s.detail} for name, b in backends().items()}
    return {"engines": engines, "using": get_backend().name}


if __name__ == "__main__":
    import json

    print(json.dumps({"stt": stt_status(), "emotion": emotion_status()}, indent=2, ensure_ascii=False))
