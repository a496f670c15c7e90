"""Embeddings of what an answer is compared with (question, model answer, key-point evidence), cached."""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from core.embeddings import cached_embedder, canonical_name
from core.scoring.context import QuestionContext, bank_index
from core.scoring.lexicon import expand_terms
from core.scoring.text import find_term, prepare, sentences


@dataclass
class References:
    """Vectors for one question context."""

    question: np.ndarray
    model_answer: np.ndarray | None  # rows: the model answer, or related questions' as hidden yardsticks
    model_weights: np.ndarray  # trust in each model_answer row (1 for the question's own)
    profile: np.ndarray  # the question's similarity to every bank question (topic fingerprint)
    kp_vecs: list[np.ndarray]  # per key point: rows of evidence texts
    kp_terms: list[tuple[str, ...]]  # per key point: terms + synonyms
    bg_questions: np.ndarray  # bank question vectors in the context language (contrast)
    bg_answers: np.ndarray  # bank model-answer vectors in the context language
    bg_answers_to_question: np.ndarray  # how close each bank answer comes to this question


def _kp_vectors(ctx: QuestionContext, reference: str | None) -> list[np.ndarray]:
    """How each key point reads: its label with terms, plus the reference-answer sentences that
    express it (those naming its terms, else the single closest one)."""
    enc = cached_embedder()
    ref_sents = sentences(reference) if reference else []
    ref_vecs = enc.embed(ref_sents, kind="passage") if ref_sents else None
    out = []
    for kp in ctx.key_points:
        label = enc.embed([f"{kp.point}: {', '.join(kp.terms[:6])}"], kind="passage")
        if kp.point in ctx.term_only:
            out.append(np.zeros((0, label.shape[1]), dtype=np.float32))
            continue
        rows = [label]
        if ref_vecs is not None:
            picked = [i for i, s in enumerate(ref_sents) if any(find_term(t, prepare(s)) for t in kp.terms)]
            if not picked:
                picked = [int(np.argmax(ref_vecs @ label[0]))]
            rows.append(ref_vecs[picked[:4]])
        out.append(np.vstack(rows))
    return out


def _build(ctx: QuestionContext) -> References:
    enc = cached_embedder()
    index = bank_index()
    rows = index.rows(ctx.language)
    references_ = [ctx.model_answer] if ctx.model_answer else list(ctx.reference_answers)
    weights = [1.0] if ctx.model_answer else list(ctx.reference_weights or [1.0] * len(references_))
    kp_terms = [expand_terms(kp.terms) for kp in ctx.key_points]
    kp_vecs = _kp_vectors(ctx, references_[0] if references_ else None)
    question = enc.embed([ctx.text], kind="query")[0]
    bg_answers = index.answer_vecs[rows]
    return References(
        question=question,
        model_answer=enc.embed(references_, kind="passage") if references_ else None,
        model_weights=np.array(weights, dtype=np.float32),
        profile=index.question_vecs[rows] @ question,
        kp_vecs=kp_vecs,
        kp_terms=kp_terms,
        bg_questions=index.question_vecs[rows],
        bg_answers=bg_answers,
        bg_answers_to_question=bg_answers @ question,
    )


_lock = threading.Lock()
_cache: OrderedDict[tuple, References] = OrderedDict()
_MAX = 512


def references(ctx: QuestionContext) -> References:
    """Reference vectors for ctx (memoised per embedder and context content)."""
    key = (canonical_name(), ctx.language, ctx.text, ctx.model_answer, ctx.reference_answers,
           ctx.reference_weights, ctx.key_points,
           ctx.term_only)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    built = _build(ctx)
    with _lock:
        _cache[key] = built
        while len(_cache) > _MAX:
            _cache.popitem(last=False)
    return built
