"""Which speech-to-text provider serves a language, honouring settings and falling back offline."""
from __future__ import annotations

import logging
from typing import Any

from core.config import settings
from media.stt.base import ProviderUnavailable, SttProvider, SttStream
from media.stt.deepgram import DeepgramProvider
from media.stt.faster_whisper import FasterWhisperProvider
from media.stt.pocketsphinx_en import PocketSphinxEnglishProvider
from media.stt.vosk_ko import VoskKoreanProvider

log = logging.getLogger(__name__)

LANGUAGES = ("ko", "en")
# English: faster-whisper (WER 0.52 -> see bench/README.md); Korean stays on Vosk until Korean speech can be measured.
OFFLINE_DEFAULT = {"ko": "vosk", "en": "faster_whisper"}
FALLBACK = {"faster_whisper": "pocketsphinx"}  # when the packaged model is missing

_providers: dict[str, SttProvider] = {
    "vosk": VoskKoreanProvider(),
    "pocketsphinx": PocketSphinxEnglishProvider(),
    "deepgram": DeepgramProvider(),
    "faster_whisper": FasterWhisperProvider(),
}


def normalize_language(language: str) -> str:
    """'ko-KR' -> 'ko', 'EN' -> 'en'; ValueError for languages we have no recogniser for."""
    code = language.strip().lower().replace("_", "-").split("-")[0]
    if code not in LANGUAGES:
        raise ValueError(f"unsupported speech language: {language!r}")
    return code


def provider_by_name(name: str) -> SttProvider:
    """A provider instance by its registry name (KeyError if unknown)."""
    return _providers[name]


def offline_provider(language: str) -> SttProvider:
    """The bundled offline provider for a language (never needs a network or a key)."""
    provider = _providers[OFFLINE_DEFAULT[normalize_language(language)]]
    if provider.name in FALLBACK and not provider.status().ready:
        return _providers[FALLBACK[provider.name]]
    return provider


def configured_name(language: str) -> str:
    """The raw setting: settings.stt_provider_ko / stt_provider_en."""
    code = normalize_language(language)
    return str(getattr(settings, f"stt_provider_{code}", "auto") or "auto").strip().lower()


def get_provider(language: str) -> SttProvider:
    """The provider to use now: the configured one if ready, else the offline default."""
    code = normalize_language(language)
    wanted = configured_name(code)
    if wanted == "auto":
        cloud = _providers["deepgram"]
        return cloud if cloud.status().ready else offline_provider(code)
    provider = _providers.get(wanted)
    if provider is None or code not in provider.languages:
        log.warning("stt_provider_%s=%r is not a provider for %s; using offline default", code, wanted, code)
        return offline_provider(code)
    status = provider.status()
    if not status.ready:
        log.warning("stt provider %s not ready (%s); using offline default", wanted, status.detail)
        return offline_provider(code)
    return provider


def open_stream(language: str, provider: SttProvider | None = None) -> tuple[SttStream, SttProvider]:
    """Open a stream on `provider` (default: get_provider); falls back offline if opening fails."""
    code = normalize_language(language)
    chosen = provider or get_provider(code)
    try:
        return chosen.open_stream(code), chosen
    except ProviderUnavailable as exc:
        fallback = offline_provider(code)
        if chosen is fallback:
            raise
        log.warning("stt provider %s failed to open (%s); falling back to %s", chosen.name, exc, fallback.name)
        return fallback.open_stream(code), fallback


def all_statuses() -> dict[str, Any]:
    """Every provider's readiness, plus which one each language would use now."""
    providers = {
        name: {
            "ready": (status := provider.status()).ready,
            "detail": status.detail,
            "languages": list(provider.languages),
            "offline": provider.offline,
        }
        for name, provider in _providers.items()
    }
    selected = {code: {"configured": configured_name(code), "using": get_provider(code).name} for code in LANGUAGES}
    return {"providers": providers, "selected": selected}
