"""How much of a technical answer the grading key accounts for.

A confidently wrong answer and an answer to another question both use the topic's terms, but much of what
they say is nowhere in the key: technologies the key never names ("UDP" in an answer on HTTP/2's
head-of-line blocking, "Promise.all" in an answer on the event loop's queues), words the key never uses, and
clauses no single key sentence supports. A correct answer, short or long, mostly restates what the key says
in its own words. None of these is a verdict on its own (an excellent answer adds its own examples); they are
inputs of the fitted combiner (core/scoring/combiner.py), which learns how far each counts, measured
leave-one-set-out on the blind-graded sets (bench/README.md, round 7); the foreign names also feed one feedback
line, for an answer that states none of the key points (engine._about_elsewhere).

The key is everything the question's reference says, in both languages: the question, the model answer (or,
outside the bank, the related questions' model answers it is judged by), the key points with their terms and
the misconceptions with their corrections.
"""
from __future__ import annotations

from functools import lru_cache
from statistics import mean
from typing import Any

from core.question_bank.loader import read_by_meaning
from core.scoring.analysis import Answer
from core.scoring.context import QuestionContext
from core.scoring.criteria import named_technologies
from core.scoring.misconceptions import _words
from core.scoring.text import Prepared, detect_language, find_term, prepare, sentences

# A clause needs this many words beyond the question's own to say whether the key supports it.
_MIN_CLAUSE_WORDS = 3
# Clause support is reported centred on a typical correct answer's (about 0.4 of a clause's words are in
# its best-matching key sentence), so a question without clauses to judge reads as "typical" (0).
_SUPPORT_CENTRE = 0.4


def _other(language: str) -> str:
    return "en" if language == "ko" else "ko"


_Words = tuple[frozenset[str], frozenset[str]]  # content words, and the two-syllable stems of the Korean ones


def _with_stems(words: frozenset[str]) -> _Words:
    return words, frozenset(w[:2] for w in words if not w.isascii() and len(w) >= 2)


def _in(word: str, words: _Words) -> bool:
    # Korean verb and noun forms differ in their endings: the two-syllable stem is the word (as in misconceptions).
    return word in words[0] or (not word.isascii() and len(word) >= 2 and word[:2] in words[1])


def _key_texts(ctx: QuestionContext) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(text, language) of everything the key says, and of its statements of fact (the model answers and the
    corrections; not the misconceptions' wrong claims); both empty when there is nothing to compare with."""
    other = _other(ctx.language)
    answers = [(ctx.model_answer, ctx.language), (ctx.alt_model_answer, other)] if ctx.model_answer else [
        (a, ctx.language) for a in ctx.reference_answers]
    if not any(text for text, _ in answers):
        return (), ()
    texts = [(ctx.text, ctx.language), (ctx.alt_text, other), *answers]
    texts += [(f"{kp.point} {' '.join(kp.terms)}", ctx.language) for kp in ctx.key_points]
    facts = list(answers)
    for language, found in ctx.misconceptions.items():
        found = read_by_meaning(found)
        texts += [(f"{m.claim} {m.correction}", language) for m in found]
        facts += [(m.correction, language) for m in found]
    return tuple((t, lang) for t, lang in texts if t), tuple((t, lang) for t, lang in facts if t)


@lru_cache(maxsize=256)
def _key(texts: tuple[tuple[str, str], ...], facts: tuple[tuple[str, str], ...]) -> tuple[Prepared, _Words, tuple[_Words, ...]]:
    """The key's whole text, its content words, and each sentence of its statements of fact as content words."""
    whole = prepare(" ".join(t for t, _ in texts))
    words = _with_stems(frozenset(w for t, lang in texts for w in _words(t, lang)))
    return whole, words, tuple(_with_stems(_words(s, lang)) for t, lang in facts for s in sentences(t))


def key_support(ctx: QuestionContext, ans: Answer) -> dict[str, Any]:
    """Evidence for the combiner: shares of the answer's named technologies and content words the key never
    uses, and how well its clauses are supported sentence by sentence. Zeros where there is no key to read
    against (a behavioural question, or no model answer or yardstick)."""
    texts, facts = _key_texts(ctx) if ctx.kind == "technical" else ((), ())
    if not texts:
        return {"checked": False, "names": 0, "unsupported_names": [], "name_share": 0.0, "word_share": 0.0,
                "claim_support": 0.0}
    whole, words, per_sentence = _key(texts, facts)
    names = named_technologies(ans.clean, ans.clean)
    unsupported = [n for n in names if not find_term(n, whole) and n.lower() not in whole.lower]
    language = detect_language(ans.clean, default=ctx.language)
    own = _words(ans.clean, language)
    novel = [w for w in own if not _in(w, words)]
    question = _with_stems(_words(ctx.text, ctx.language)
                           | (_words(ctx.alt_text, _other(ctx.language)) if ctx.alt_text else frozenset()))
    support = []
    for claim in ans.claims:
        if not claim.predicate:
            continue
        said = [w for w in _words(claim.text, claim.language) if not _in(w, question)]
        if len(said) >= _MIN_CLAUSE_WORDS:
            support.append(max((sum(_in(w, s) for w in said) / len(said) for s in per_sentence), default=0.0))
    return {
        "checked": True,
        "names": len(names),
        "unsupported_names": unsupported[:8],
        "name_share": round(len(unsupported) / len(names), 3) if names else 0.0,
        "word_share": round(len(novel) / len(own), 3) if own else 0.0,
        "claim_support": round(mean(support) - _SUPPORT_CENTRE, 3) if support else 0.0,
    }
