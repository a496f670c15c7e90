"""Everything measured about one answer once: cleaned text, sentences, embeddings, cue hits."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from core.embeddings import cached_embedder, embed_runs, run_texts
from core.scoring.claims import Claim, answer_shape, split_claims
from core.scoring.context import QuestionContext, question_words
from core.scoring.fillers import FillerResult, count_fillers
from core.scoring.lexicon import Lexicon, lexicon
from core.scoring.text import (
    Prepared,
    content_words,
    detect_language,
    find_term,
    hangul_share,
    normalise,
    prepare,
    sentences,
    word_count,
)

_MAX_UNITS = 28  # sentence windows embedded per answer; bounds latency on very long answers
_WHOLE_MAX_CHARS = 1500  # longer answers get their overall vector from the windows


def _units(sents: list[str]) -> list[tuple[int, int]]:
    """Sentences and two-sentence windows (as runs of sentence indices), sampled evenly across a long answer."""
    singles = [(i, i + 1) for i in range(len(sents))]
    pairs = [(i, i + 2) for i in range(len(sents) - 1)]
    if len(singles) + len(pairs) <= _MAX_UNITS:
        return singles + pairs
    half = _MAX_UNITS // 2
    step = len(sents) / half
    picked = sorted({int(i * step) for i in range(half)})
    return [singles[i] for i in picked] + [pairs[i] for i in picked if i < len(pairs)]


_PUNCT_ONLY = re.compile(r"^[\W_]*$")


@dataclass
class Answer:
    """An answer prepared for every criterion."""

    raw: str
    language: str  # the question's
    written_in: str  # the answer's own (detected from raw; the question's when undecided)
    fillers: FillerResult
    clean: str  # fillers removed
    prepared: Prepared  # of clean
    sentences: list[str]
    words: int  # whitespace words of the raw answer (for length/pace)
    content: list[str]  # content words of clean
    status: str = "ok"  # ok | empty | non_answer | copied_question
    units: list[str] = field(default_factory=list)  # sentences and 2-sentence windows
    unit_prepared: list[Prepared] = field(default_factory=list)
    unit_dismissive: list[bool] = field(default_factory=list)  # the unit waves a concept away
    vec: np.ndarray | None = None  # whole answer
    unit_vecs: np.ndarray | None = None
    claims: list[Claim] = field(default_factory=list)  # clauses, with spans in the answer text
    shape: str = "statements"  # statements | keyword_list | restated
    claim_vecs: np.ndarray | None = None  # rows: the creditable claims (ans.credit order)
    credit: list[int] = field(default_factory=list)  # indices of claims key points may be credited from
    # STAR parts found per cue language (criteria.story_parts): an answer in the other language is read in both.
    story_parts: dict[str, dict[str, bool]] = field(default_factory=dict)


def _admission(clean: str, lex: Lexicon) -> tuple[bool, int]:
    """Whether the answer opens as a non-answer ("I don't know", "pass"), and how many don't-know phrases it holds."""
    text = normalise(clean).lower().strip(" .,!?…~")
    return any(p.search(text) for p in lex.non_answer_patterns), sum(text.count(p) for p in lex.dont_know_phrases)


def _non_answer(clean: str, content: list[str], lex: Lexicon) -> bool:
    if not content:
        return True
    opens, admits = _admission(clean, lex)
    if opens:
        # "I don't know" followed by a real attempt is still an answer.
        return len(content) < 8
    return admits > 0 and len(content) < 5


def _ngrams(text: str, n: int) -> list[str]:
    compact = re.sub(r"[\W_]+", "", text.lower())
    return [compact[i:i + n] for i in range(len(compact) - n + 1)]


def _copied(answer: str, content: list[str], question: str, qwords: frozenset[str]) -> bool:
    """The answer mostly re-reads the question: its characters (bigrams for Korean, where verb endings
    change; trigrams for Latin text) and most of its content words come from the question."""
    n = 2 if hangul_share(answer) > 0.5 else 3
    a, q = _ngrams(answer, n), set(_ngrams(question, n))
    if not a or not q or not content:
        return False
    chars = sum(1 for g in a if g in q) / len(a)
    words = sum(1 for w in content if w in qwords) / len(content)
    return chars >= 0.75 and words >= 0.6 and len(a) <= 1.4 * len(q) + 4


def analyse(ctx: QuestionContext, answer: str) -> Answer:
    """Pre-process an answer: fillers, status (empty / non-answer / echo), sentences and embeddings."""
    lang = ctx.language
    lex = lexicon(lang)
    raw = (answer or "").strip()
    fillers = count_fillers(raw, lang)
    clean = normalise(fillers.cleaned)
    content = content_words(clean, lex.stopwords)
    sents = [s for s in sentences(fillers.cleaned) if not _PUNCT_ONLY.match(s)]
    result = Answer(
        raw=raw, language=lang, written_in=detect_language(raw, default=lang), fillers=fillers, clean=clean,
        prepared=prepare(clean), sentences=sents, words=word_count(raw), content=content,
    )
    if not raw or _PUNCT_ONLY.match(raw) or not content:
        # "I don't know." is all stopwords, yet not empty: the candidate said they do not know.
        result.status = "non_answer" if raw and any(_admission(clean, lex)) else "empty"
        return result
    if _non_answer(clean, content, lex):
        result.status = "non_answer"
    elif _copied(clean, content, ctx.text, question_words(ctx)):
        result.status = "copied_question"
    # Runs of sentences; an answer without a sentence of its own is one piece.
    pieces = sents or [clean]
    runs = _units(pieces)
    result.units = run_texts(pieces, runs)
    lex_q = lexicon(lang)
    result.claims = split_claims(answer or "", question_words(ctx), lex_q.question_stopwords)
    result.shape = answer_shape(result.claims)
    dismissive, adverbs = lex.specificity["dismissive"], lex.specificity["not_dismissive"]
    result.credit = [i for i, c in enumerate(result.claims)
                     if c.creditable and not cue_hits(c.prepared, dismissive, adverbs)]
    credit_texts = [result.claims[i].text for i in result.credit]
    embedder = cached_embedder().embedder
    short = len(clean) <= _WHOLE_MAX_CHARS
    # The whole answer (when short enough) is the run of all its sentences whenever they make it up exactly.
    whole_run = [(0, len(pieces))] if short and " ".join(pieces) == clean else []
    whole_text = [clean] if short and not whole_run else []
    # Creditable claims that are a sentence or window reuse its vector; the rest are embedded on their own.
    unit_at = {u.rstrip(" .!?。…"): i for i, u in enumerate(result.units)}
    extra = list(dict.fromkeys(t for t in credit_texts if t not in unit_at))
    run_vecs = embed_runs(embedder, pieces, [*whole_run, *runs])
    direct = embedder.embed([*whole_text, *extra], kind="passage") if whole_text or extra else run_vecs[:0]
    result.unit_vecs = run_vecs[len(whole_run):]
    extra_vecs = direct[len(whole_text):]
    extra_at = {t: k for k, t in enumerate(extra)}
    rows = [result.unit_vecs[unit_at[t]] if t in unit_at else extra_vecs[extra_at[t]] for t in credit_texts]
    result.claim_vecs = np.stack(rows) if rows else run_vecs[:0]
    if whole_run or whole_text:
        result.vec = run_vecs[0] if whole_run else direct[0]
    else:
        # Embedding thousands of tokens costs more than it tells: average the sampled windows.
        mean = result.unit_vecs.mean(axis=0)
        result.vec = (mean / (np.linalg.norm(mean) or 1.0)).astype(np.float32)
    result.unit_prepared = [prepare(u) for u in result.units]
    result.unit_dismissive = [bool(cue_hits(p, dismissive, adverbs)) for p in result.unit_prepared]
    return result


def cue_hits(prepared: Prepared, cues: tuple[str, ...], unless: tuple[str, ...] = ()) -> list[str]:
    """The cues (from a lexicon list) that occur in the text; with `unless`, not those found only inside one of these
    phrases ("NULL과 상관없이" is "regardless of NULL", not the cue "상관없" that waves a point away)."""
    hits = [c for c in cues if find_term(c, prepared)]
    if not hits or not unless:
        return hits
    masked = prepared.lower
    for phrase in unless:
        masked = masked.replace(phrase, " ")
    if masked == prepared.lower:
        return hits
    rest = prepare(masked)
    return [c for c in hits if find_term(c, rest)]


def first_position(prepared: Prepared, cues: tuple[str, ...]) -> int:
    """Character offset of the earliest cue in the compact lower text (-1 if none)."""
    best = -1
    for c in cues:
        key = c.lower().replace(" ", "")
        pos = prepared.compact.find(key)
        if pos >= 0 and (best < 0 or pos < best):
            best = pos
    return best


def repeated_words(ans: Answer, ignore: set[str], min_count: int = 3) -> list[dict[str, int | str]]:
    """Content words used at least `min_count` times (excluding the question's key terms)."""
    counts = Counter(w for w in ans.content if w not in ignore)
    return [{"word": w, "count": c} for w, c in counts.most_common(5) if c >= min_count]
