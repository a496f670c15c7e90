"""Map a free-text job title ("Java 백엔드", "React 개발자", "SRE") onto a position slug."""
from __future__ import annotations

import logging
import re
import threading

import numpy as np

from core.question_bank.loader import (
    DEFAULT_POSITION,
    JOB_POSITIONS,
    POSITION_ALIASES,
    POSITIONS,
)

log = logging.getLogger(__name__)

# Below this cosine the embedding fallback is a guess, and the default is the honest answer.
_EMBED_MIN_SIMILARITY = 0.6
_EMBED_MIN_MARGIN = 0.06
# Role words every label shares; left in, they dominate the similarity ("QA 엔지니어" ≈ "ML 엔지니어").
_GENERIC = re.compile(r"(개발자|개발|엔지니어|프로그래머|담당자|engineer|developer|programmer|dev)", re.IGNORECASE)


def _alias_pattern(alias: str) -> re.Pattern[str]:
    text = alias.lower()
    if text.isascii():
        # Whole-word match, so "ml" does not fire inside "html" and "ai" not inside "email".
        return re.compile(r"(?<![a-z0-9])" + re.escape(text) + r"(?![a-z0-9])")
    # Korean attaches particles/suffixes, so a substring match; spaces are optional.
    return re.compile(r"\s*".join(re.escape(part) for part in text.split()))


# Longest aliases first, so "react native" claims its span before "react" can.
_PATTERNS: list[tuple[str, str, re.Pattern[str]]] = sorted(
    # Behavioural-only interviews are chosen by their own aliases (e.g. "인성 면접"), never by embedding guess.
    ((slug, alias, _alias_pattern(alias)) for slug in POSITIONS for alias in POSITION_ALIASES.get(slug, ())),
    key=lambda item: -len(item[1]),
)


def _alias_scores(text: str) -> dict[str, float]:
    """Sum of matched alias lengths per slug; a matched span is not reused by shorter aliases."""
    remaining = text.lower()
    scores: dict[str, float] = {}
    for slug, alias, pattern in _PATTERNS:
        for match in pattern.finditer(remaining):
            scores[slug] = scores.get(slug, 0.0) + len(alias)
            span = match.end() - match.start()
            remaining = remaining[: match.start()] + "\x00" * span + remaining[match.end():]
    return scores


_label_lock = threading.Lock()
_label_cache: dict[str, tuple[list[str], np.ndarray]] = {}


def _labels(embedder_name: str) -> tuple[list[str], np.ndarray]:
    """Embedded position names + aliases, one row per label (built once per embedder)."""
    with _label_lock:
        found = _label_cache.get(embedder_name)
        if found is None:
            from core.embeddings import get_embedder

            slugs, texts = [], []
            for slug in JOB_POSITIONS:
                for label in (POSITIONS[slug]["ko"], POSITIONS[slug]["en"], *POSITION_ALIASES[slug]):
                    core = _GENERIC.sub(" ", label).strip()
                    if core:
                        slugs.append(slug)
                        texts.append(core)
            found = (slugs, get_embedder(embedder_name).embed(texts, kind="passage"))
            _label_cache[embedder_name] = found
        return found


def _embedding_guess(text: str) -> str | None:
    from core.embeddings import canonical_name, get_embedder

    name = canonical_name()
    slugs, matrix = _labels(name)
    core = _GENERIC.sub(" ", text).strip()
    if not core:
        return None
    query = get_embedder(name).embed([core], kind="query")[0]
    sims = matrix @ query
    best_per_slug: dict[str, float] = {}
    for slug, sim in zip(slugs, sims.tolist(), strict=True):
        best_per_slug[slug] = max(best_per_slug.get(slug, -1.0), sim)
    ranked = sorted(best_per_slug.items(), key=lambda kv: -kv[1])
    (slug, top), second = ranked[0], ranked[1][1] if len(ranked) > 1 else -1.0
    if top >= _EMBED_MIN_SIMILARITY and top - second >= _EMBED_MIN_MARGIN:
        return slug
    return None


def resolve_position(free_text: str | None, *, use_embeddings: bool = True) -> str:
    """A job-position slug for free text: slug/alias match, else nearest label by embedding, else the default."""
    text = (free_text or "").strip()
    if not text:
        return DEFAULT_POSITION
    lowered = text.lower().replace("_", " ").replace("/", " ")
    if lowered.replace(" ", "_") in POSITIONS:
        return lowered.replace(" ", "_")
    scores = _alias_scores(lowered)
    if scores:
        return max(scores.items(), key=lambda kv: (kv[1], kv[0] == DEFAULT_POSITION))[0]
    if use_embeddings:
        try:
            guess = _embedding_guess(text)
        except Exception:  # an unloadable model must not break interview setup
            log.exception("embedding fallback for position %r failed", text)
            guess = None
        if guess:
            return guess
    return DEFAULT_POSITION
