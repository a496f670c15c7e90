"""Finding wrong claims in an answer: the bank's misconceptions, stated in a clause.

A sentence embedding puts "HTTP/2 removes head-of-line blocking" and "HTTP/2 does not remove
head-of-line blocking" next to each other (cosine ≈ 0.9, see docs/scoring.md), so it cannot tell a
misconception from its correction. Matching here is lexical and polarity-aware instead: a clause
states a misconception when it contains one of its signal phrases, or most of the claim's own words,
with the same polarity (negated or not) as the misconception, and it is closer to the claim than to
the correction. Reported beliefs ("many think …, but …") are not assertions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from core.question_bank.loader import Misconception
from core.scoring.claims import Claim, negation_parity, split_claims, without_rejected
from core.scoring.lexicon import lexicon
from core.scoring.text import (
    Prepared,
    content_words,
    find_term,
    is_particle,
    member_of,
    prepare,
    stem_en,
    strip_josa,
    tokens,
)

_OVERLAP = 0.7  # share of the misconception's own words a clause must state
_MIN_SHARED = 3
_SIGNAL_SUPPORT = 0.25  # claim-word share that must back a short signal
# One-syllable predicate stems a signal may end on ("필요 없", "쓰지 않"): they match with any ending.
_PREDICATE_STEMS = frozenset("없않못있같되됩돼")
# Extra words allowed between a signal's words, per language. Korean stays at 1 (2 was measured: 1 more wrong dev answer,
# 3 more true key statements flagged). English words are smaller units (articles, auxiliaries, adverbs: "the cleanup
# *function is only* called"), so a signal of three words or more may spread over 3 (round 20, the twenty-three dev sets:
# 9 more confidently wrong and 4 more partially wrong answers flagged, no tier-3/4 one; two-word signals that far apart
# flagged a correct CORS answer; Korean at 3 flagged 7 tier-3/4 answers).
_GAP = {"en": 3, "ko": 1}
_PREDICATE = re.compile(r"(니다|습니다|어요|아요|에요|해요|죠|다|요)$")
# Korean connective endings that close a proposition ("써서", "하고"; not "순서", "문서", "-다고" quotations).
_KO_CONNECTIVES = ("[^순문]서", "니까", "므로", "때문에", "도록", "며", "[^다라냐자]고")
# Where a clause joins two propositions ("X, so Y", "X해서 Y", "재발하지 않도록 Y"): each part has its
# own polarity, so an aside ("so it doesn't happen again") must not flip the part that states the error.
# Conditionals and quotations ("-면", "-다고", "if") are not split: their parts are not asserted.
_SUB_SPLIT = {
    "en": re.compile(r",?\s+(?:so that|so|because|since|which means|which|and then|and|then|as)\s+|,\s+", re.IGNORECASE),
    "ko": re.compile("(?:" + "|".join(f"(?<={ending})" for ending in _KO_CONNECTIVES) + r")[,\s]+"),
}
# A Korean eojeol that closes a proposition inside a clause.
_KO_PROPOSITION_END = re.compile("(?:" + "|".join(_KO_CONNECTIVES) + ")$")


@dataclass(frozen=True)
class Found:
    """A misconception stated in one claim."""

    claim: str  # the misconception as the bank words it, in the session language
    correction: str
    quote: str  # the candidate's clause
    start: int
    end: int
    method: str  # signal | claim | contradiction
    severity: float
    said: str = ""  # contradiction: the term the clause used …
    right: str = ""  # … where the key has this one


@lru_cache(maxsize=8192)
def _words(text: str, language: str) -> frozenset[str]:
    # Korean predicates ("뜹니다", "좋습니다") say little about *what* is claimed: match on the rest.
    return frozenset(w for w in content_words(text, lexicon(language).all_stopwords)
                     if w.isascii() or not _PREDICATE.search(w))


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    # Korean verb forms differ in their endings ("사라집니다" / "사라지고"): compare the stem.
    if not a.isascii() and not b.isascii() and min(len(a), len(b)) >= 2:
        return a[:2] == b[:2]
    return False


@lru_cache(maxsize=8192)
def _lookup(words: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The words, and the two-syllable stems of their Korean words: `_same` against a set as two set lookups (the
    pairwise scan was the costliest part of reading an answer against its misconceptions)."""
    return words, frozenset(w[:2] for w in words if not w.isascii() and len(w) >= 2)


def has_same(word: str, words: frozenset[str]) -> bool:
    """Whether any of `words` is `_same` as `word`."""
    exact, stems = _lookup(words)
    return word in exact or (not word.isascii() and len(word) >= 2 and word[:2] in stems)


def _shared(a: frozenset[str], b: frozenset[str]) -> int:
    return sum(1 for x in a if has_same(x, b))


@lru_cache(maxsize=8192)
def _signal_words(signal: str) -> tuple[str, ...]:
    """A signal's words as matched loosely: English stems, Korean eojeol without particles. A Korean word that
    stripping would leave one syllable long keeps its written form ("필요", "차이"; "앱이" is matched by
    `_word_hit` with any particle): a one-syllable stem only ever matched a bare one-syllable word."""
    out = []
    for tok in tokens(signal):
        if tok.isascii():
            out.append(stem_en(tok))
            continue
        # "만" is "only": "R8 난독화만" says something "R8 난독화" does not, so it is never stripped.
        stem = tok if tok.endswith("만") else strip_josa(tok)
        out.append(stem if len(stem) >= 2 else tok)
    return tuple(w for w in out if w)


def _span(signal: str, text: Prepared, gap: int) -> tuple[int, int] | None:
    """Token span of the signal's words in order, at most `gap` extra words between them."""
    words = _signal_words(signal)
    # `_word_hit` matches an English word only as itself and a Korean one only on a token that starts with its first
    # syllable: a word without either in the text cannot be matched anywhere.
    if not words or any((w if w.isascii() else w[0]) not in text.heads for w in words):
        return None
    toks = text.stem_toks
    for start in range(len(toks)):
        if not _word_hit(words[0], toks[start]):
            continue
        pos, ok = start, True
        for w in words[1:]:
            nxt = next((j for j in range(pos + 1, min(len(toks), pos + 2 + gap)) if _word_hit(w, toks[j])), None)
            if nxt is None:
                ok = False
                break
            pos = nxt
        if ok:
            return start, pos
    return None


def _gap(signal: str, language: str) -> int:
    """Extra words allowed between the signal's words in a clause of `language` (_GAP). Two words far apart are no
    phrase ("with … credentials" in "with cookies you need credentials"): a shorter signal keeps one."""
    return _GAP[language] if len(_signal_words(signal)) >= 3 else 1


def _loose(signal: str, claim: Claim) -> bool:
    """The signal's words in order with at most _GAP extra words between them ("column order doesn't
    *really* matter", "순서는 *별로* 상관없")."""
    gap = _gap(signal, claim.language)
    if len(_signal_words(signal)) < 2 or _span(signal, claim.prepared, gap) is None:
        return False
    if "," not in claim.text:
        return True
    # Not across a comma: "데이터는 ViewModel에, 프로세스 종료까지 견뎌야 하는 상태는 SavedStateHandle에" names two
    # places, it does not say "ViewModel 프로세스 종료에도" (two blind tier-3 answers were flagged so).
    return any(_span(signal, part, gap) is not None for part in _comma_parts(claim.text))


@lru_cache(maxsize=4096)
def _comma_parts(text: str) -> tuple[Prepared, ...]:
    """A clause's comma-separated parts, prepared once for every signal read against them."""
    return tuple(prepare(part) for part in text.split(","))


def _negated_near(signal: str, claim: Claim) -> bool:
    """Polarity where the signal sits: a negation elsewhere in the clause ("… so I *never* store it")
    does not flip it. English negates before the verb, Korean after it."""
    span = _span(signal, claim.prepared, _gap(signal, claim.language) + 2)
    if span is None:
        return claim.negated
    toks = claim.prepared.toks
    a, b = span
    if claim.language == "en":
        return negation_parity(" ".join(toks[max(0, a - 3):b + 2]), "en")
    # Korean closes a proposition with its (negated) predicate: look from the signal to the end of its own
    # proposition, not the clause's. Read to the clause end, "브라우저는 gRPC를 직접 못 써서 … 볼 수 없어서 … 됩니다"
    # counted two negations, found the browser misconception in a right answer (blind54, round 40).
    end = next((j for j in range(b, len(toks)) if _KO_PROPOSITION_END.search(toks[j])), len(toks) - 1)
    return negation_parity(" ".join(toks[max(0, a - 1):end + 1]), "ko")


def _purpose_only(signal: str, claim: Claim) -> bool:
    """Korean: the signal's last word is the goal of a "-려면" ("체크 예외에도 롤백하려면 rollbackFor를 지정해야": *to* roll
    back on them, you must …), which says what it takes, not that it happens."""
    if claim.language != "ko":
        return False
    span = _span(signal, claim.prepared, _gap(signal, claim.language))
    return span is not None and claim.prepared.toks[span[1]].endswith("려면")


def _word_hit(word: str, tok: str) -> bool:
    if word.isascii():
        return tok == word or ("." in tok and member_of(tok) == word)
    if len(word) >= 2 and tok.startswith(word):
        return True
    if len(word) == 1:
        # A one-syllable word: itself, with a particle ("앱은"), or a predicate's endings ("없습니다", "않아요").
        return tok.startswith(word) and (tok == word or is_particle(tok[1:]) or word in _PREDICATE_STEMS)
    # A written two-syllable form that is a one-syllable noun with its particle ("앱이"): any particle.
    stem = strip_josa(word)
    return len(stem) == 1 and tok.startswith(stem) and is_particle(tok[len(stem):])


def _in_truth(signal: str, correction: str, reference: str, language: str) -> bool:
    """A signal that the correction or the model answer itself states, loosely ("committing before processing
    gives at-most-once" for the signal "commit before processing"), is not a sign of the wrong claim: a correct
    answer says it too. Measured on the bank: 12 of 1722 true statements (model answers, corrections) were
    flagged by such signals before this check."""
    return _stated_in(signal, correction, language) or _stated_in(signal, reference, language)


@lru_cache(maxsize=16384)
def _stated_in(signal: str, text: str, language: str) -> bool:
    parity = negation_parity(signal, language)
    return any((find_term(signal, part.prepared) or _loose(signal, part)) and _negated_near(signal, part) == parity
               for part in _statement_parts(text, language))


@lru_cache(maxsize=2048)
def _statement_parts(text: str, language: str) -> tuple[Claim, ...]:
    """A key text's clauses in `language` and their propositions: split once, read against every signal."""
    if not text:
        return ()
    return tuple(part for claim in split_claims(text) if claim.language == language for part in _parts(claim))


@lru_cache(maxsize=8192)
def _in_reference(signal: str, reference: str) -> bool:
    return bool(reference) and find_term(signal, prepare(reference))


def _states(claim: Claim, mc: Misconception, language: str, qwords: frozenset[str],
            reference: str, ref_words: frozenset[str], signals_only: bool = False) -> tuple[str, float] | None:
    """How strongly the clause states the misconception: ("signal" | "claim", strength), or None."""
    said = _words(claim.text, claim.language)
    own = _words(mc.claim, language) - qwords
    # The claim words the clause shares are the costly part, and a clause holds none of most misconceptions'
    # signals: they are counted once, when a signal is found or for the claim's own wording.
    shared: int | None = None
    for signal in mc.signals:
        if not (find_term(signal, claim.prepared) or (language == claim.language and _loose(signal, claim))):
            continue
        # A signal the model answer itself says is not a sign of a wrong answer (data slip). Checked only for a
        # signal the clause contains: reading the key against every signal is the costly part.
        if _in_reference(signal, reference) or _in_truth(signal, mc.correction, reference, language):
            continue
        if negation_parity(signal, language) != _negated_near(signal, claim):
            continue
        if _purpose_only(signal, claim):
            continue
        # A short signal is only evidence next to the claim's own wording (a phrase like "one at a
        # time" also occurs in correct answers).
        shared = _shared(own, said) if shared is None else shared
        overlap = shared / len(own) if own else 0.0
        if len(_signal_words(signal)) >= 4 or overlap >= _SIGNAL_SUPPORT or claim.language != language:
            return "signal", 1.0 + overlap
    if signals_only or len(own) < _MIN_SHARED or negation_parity(mc.claim, language) != claim.negated:
        return None
    shared = _shared(own, said) if shared is None else shared
    overlap = shared / len(own)  # own holds at least _MIN_SHARED words here
    if shared < _MIN_SHARED or overlap < _OVERLAP:
        return None
    # The clause must also say what only the wrong claim says (not the correction, not the model
    # answer): sharing the topic's vocabulary is not stating the error.
    # Compared loosely, as the clause is ("기본" is in the correction's "기본값은"): exact set difference would
    # leave shared topic words behind and flag a correct statement of the same facts.
    right = _words(mc.correction, language) | ref_words
    wrong_only = frozenset(w for w in own if not has_same(w, right))
    if not wrong_only or _shared(wrong_only, said) == 0:
        return None
    corr = _words(mc.correction, language) - own - qwords
    if _shared(corr, said) > shared:
        return None
    return "claim", overlap


def _parts(claim: Claim) -> list[Claim]:
    """The clause itself, then its propositions when it joins several (each with its own polarity)."""
    pieces = []
    pos = 0
    for m in _SUB_SPLIT[claim.language].finditer(claim.text):
        if m.start() > pos:
            pieces.append((pos, m.start()))
        pos = m.end()
    if not pieces:
        return [claim]
    pieces.append((pos, len(claim.text)))
    out = [claim]
    for a, b in pieces:
        text = claim.text[a:b].strip()
        if len(tokens(text)) < 2:
            continue
        out.append(replace(claim, text=text, start=claim.start + a, end=claim.start + b, prepared=prepare(text),
                           negated=negation_parity(text, claim.language)))
    return out


def answer_parts(claim: Claim) -> list[Claim]:
    """`_parts` of an answer's clause, each without what it names only to set aside ("IDs like Snowflake instead of
    auto-increment", "the problem with plain hash mod N", "배치 통계 대신"): a right answer that rejects the wrong
    claim's words does not state it (a tier-4 sharding answer was told it said both, round 41). The key's own
    texts keep their parts as written."""
    out = []
    for part in _parts(claim):
        kept = without_rejected(part.text, part.language)
        out.append(part if kept == part.text else replace(part, text=kept, prepared=prepare(kept),
                                                             negated=negation_parity(kept, part.language)))
    return out


def _held_by_one(parts: list[Claim], mc: Misconception, language: str, question_words: frozenset[str]) -> bool:
    """Whether one proposition of a joined clause holds every word the clause shares with the wrong claim. Then that
    proposition's reading is the clause's: a negation in another one ("…, 분할은 피할 수 없으니 …") says nothing
    about the claim's words, though it flips the whole clause's parity."""
    if len(parts) < 2:
        return False
    own = _words(mc.claim, language) - question_words
    shared = _shared(own, _words(parts[0].text, parts[0].language))
    return any(_shared(own, _words(p.text, p.language)) == shared for p in parts[1:])


def find_misconceptions(
    claims: list[Claim],
    by_language: dict[str, tuple[Misconception, ...]],
    session_language: str,
    question_words: frozenset[str],
    references: dict[str, str] | None = None,
    signals_only: bool = False,
) -> list[Found]:
    """Misconceptions stated in the answer's clauses, in either language, named in the session language.

    Each clause states at most one misconception (the best match); each misconception is reported
    once. `references`: the model answer per language, whose own phrases never count as wrong. `signals_only`: by
    their signal phrases alone (a close question's misconceptions, not this question's own).
    """
    references = references or {}
    found: list[Found] = []
    seen: set[int] = set()
    local = by_language.get(session_language, ())
    for claim in claims:
        # An echo clause is still checked: "let and const are not hoisted" is mostly the question's words.
        if not claim.asserts:
            continue
        best: tuple[float, int, str, Misconception] | None = None
        parts = answer_parts(claim)
        for lang, items in by_language.items():
            ref = references.get(lang) or ""
            ref_words = _words(ref, lang) if ref else frozenset()
            for i, mc in enumerate(items):
                if i in seen:
                    continue
                for n, part in enumerate(parts):
                    hit = _states(part, mc, lang, question_words, ref, ref_words, signals_only or mc.signals_only)
                    if hit is not None and hit[0] == "claim" and n == 0 and _held_by_one(parts, mc, lang, question_words):
                        continue
                    if hit is not None and (best is None or hit[1] > best[0]):
                        best = (hit[1], i, hit[0], mc if lang == session_language or i >= len(local) else local[i])
        if best is None:
            continue
        _, i, method, shown = best
        # Named and corrected in the session language (same position in the other language's file).
        found.append(Found(claim=shown.claim, correction=shown.correction, quote=claim.text,
                           start=claim.start, end=claim.end, method=method, severity=1.0))
        seen.add(i)
    return found
