"""Novelty: how much an answer says beyond the question's own words.

An answer that stays on the question's topic but only restates it ("HNSW 같은 ANN 인덱스를 쓰는 이유는
벡터 검색을 하기 위해서이고, 장단점이 있어 트레이드오프를 고려해야 합니다") names every concept of the
question and the generic cue words, so term and embedding signals credit it. What it lacks is content
of its own: measured on the blind set, restated answers have 17-77 % of their stated words outside the
question (median ≈ 35 %), every tier-3/4 answer 64-100 %.
"""
from __future__ import annotations

from core.scoring.analysis import Answer
from core.scoring.concepts import asking_part
from core.scoring.context import (
    QuestionContext,
    holds,
    question_words,
    topic_rarity,
    topic_terms,
)
from core.scoring.lexicon import lexicon
from core.scoring.text import content_words


def _in_question(word: str, qwords: frozenset[str]) -> bool:
    if word in qwords:
        return True
    # Korean words differ in their endings ("사용해야" / "사용"): the first two syllables decide.
    return not word.isascii() and len(word) >= 2 and any(not q.isascii() and q[:2] == word[:2] for q in qwords)


def novel_share(ctx: QuestionContext, ans: Answer) -> float:
    """Share of the words the answer states (predicate clauses, not term lists) that the question did
    not already contain, generic cue words (the "why / example" points' terms) counted as not novel."""
    stop = lexicon(ctx.language).all_stopwords
    qwords = question_words(ctx)
    cues: set[str] = set()
    for kp in ctx.key_points:
        if kp.point in ctx.term_only:
            for term in kp.terms:
                cues.update(content_words(term, frozenset()))
    words = [w for c in ans.claims if c.predicate and not c.listing for w in content_words(c.text, stop)]
    if not words:
        return 1.0  # nothing stated: other rules (keyword list, non-answer) judge that
    return sum(1 for w in words if not _in_question(w, qwords) and w not in cues) / len(words)


def ask_lean(ctx: QuestionContext, ans: Answer) -> tuple[float, float | None] | None:
    """How much of what the question asks the answer takes up: the share of the asking sentences' topic words it
    holds, and that share less the share of the scene's own words (None for a question with no scene).

    An answer about the neighbouring topic ("Redis maxmemory … what happened, how would you configure it?" answered
    with cache stampedes) holds the scene's words (Redis, cache) and few of the ask's: over the thirty-nine graded
    sets, off-topic answers to questions outside the bank hold 15 % of the ask's words, every other case 17-74 %, and
    lean 14 points towards the scene where the others lean by at most 9. An answer in the other language holds the
    words both languages write alike (Redis, maxmemory); the fit learnt its weights with such answers among the rest
    (their held-out means did not fall: tier 3 70.8 -> 71.1, tier 4 79.9 -> 80.1)."""
    if not ctx.text:
        return None
    asked = topic_terms(asking_part(ctx.text), ctx.language)
    if not asked:
        return None
    scene = [w for w in topic_terms(ctx.text, ctx.language) if w not in asked]
    share = sum(holds(ans.prepared, w) for w in asked) / len(asked)
    return share, (share - sum(holds(ans.prepared, w) for w in scene) / len(scene) if scene else None)


def rare_shares(ctx: QuestionContext, ans: Answer) -> tuple[float | None, float | None]:
    """The shares of the question's topic words the answer holds, each word weighed by how rare it is over the bank's
    keys (`context.topic_rarity`): over the whole question, and over its asking sentences. None where the question
    has no such word.

    `ask_lean` counts every topic word alike, so an answer on the neighbouring topic holds the common ones ("전환",
    "계획", "images") and reaches a third of the ask; the rare ones ("네임서버", "DKIM", "docker.sock") are what the
    question is about. Added as combiner inputs in round 50: fitted on blind2-59 and scored on the never-fitted
    blind60-64, 0.714 / 0.787 / 0.628 -> 0.724 / 0.791 / 0.642 (bench/README.md, "Fiftieth round")."""
    if not ctx.text:
        return None, None
    whole = topic_rarity(ctx.text, ctx.language)
    # A word's rarity does not depend on the sentence it is in: the asking sentences' words are looked up in the
    # whole question's weights (topic_terms is cached per text) rather than weighed a second time.
    asked = set(topic_terms(asking_part(ctx.text), ctx.language, with_verb_forms=True, every=True))
    return (_held_share(whole, ans), _held_share({t: w for t, w in whole.items() if t in asked}, ans))


def _held_share(weights: dict[str, float], ans: Answer) -> float | None:
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if holds(ans.prepared, t)) / total if total > 0 else None
