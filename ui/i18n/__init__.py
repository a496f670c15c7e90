"""UI text by key, from ko.json / en.json next to this file (Korean is the default language)."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES: tuple[str, ...] = ("ko", "en")
DEFAULT_LANGUAGE = "ko"
_DIR = Path(__file__).resolve().parent


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in tree.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, full + "."))
        else:
            out[full] = str(value)
    return out


@cache
def catalog(language: str) -> dict[str, str]:
    """All texts of one language as {"dotted.key": text}."""
    return _flatten(json.loads((_DIR / f"{language}.json").read_text(encoding="utf-8")))


def normalize(language: str | None) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def translate(language: str, key: str, /, **values: Any) -> str:
    """The text for `key`; the other language, then the key itself, if it is missing."""
    text = catalog(normalize(language)).get(key)
    if text is None:
        text = next((catalog(lang)[key] for lang in LANGUAGES if key in catalog(lang)), key)
    return text.format(**values) if values else text


class Translator:
    """`t("key", n=3)` bound to one language."""

    def __init__(self, language: str | None) -> None:
        self.language = normalize(language)

    def __call__(self, key: str, /, **values: Any) -> str:
        return translate(self.language, key, **values)

    def has(self, key: str) -> bool:
        return key in catalog(self.language)
