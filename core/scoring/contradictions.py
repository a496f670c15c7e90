"""Wrong facts the bank does not list: a clause that contradicts the grading key by swapping terms.

The bank's misconceptions cover the errors someone foresaw. Most confidently wrong answers instead swap
two terms that belong together ("UDP retransmits lost packets", "SIGKILL can be caught", "raising
ef_search makes search faster"): the clause says about term B what the key says about term A.
`confusables.yaml` lists such pairs (protocols, memory areas, roles, directions, sync/async…) for any
question; the key's own statements — the model answer, the misconceptions' corrections and the key
points, in both languages — say which side each fact belongs to.

A clause contradicts the key when one side of a pair is in it, a key statement with the same polarity
binds the *other* side to at least `_MIN_SHARED` of the clause's words, and those words are not what the
key also says about the clause's own side (so "TCP retransmits; UDP does not" in a correct answer is
not a swap, and neither is a clause that shares only the topic's vocabulary). A negated clause against
a positive key statement is consistent ("UDP does not retransmit") and is not flagged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.scoring.claims import Claim, split_claims
from core.scoring.lexicon import _read
from core.scoring.misconceptions import (
    Found,
    _parts,
    _same,
    _words,
    answer_parts,
    has_same,
)
from core.scoring.text import Prepared, find_term, prepare, sentences, tokens

_MIN_SHARED = 2  # words of the clause the key binds to the other side (one is a coincidence)
_MIN_SHARE = 0.4  # ... and this share of the clause's own words


@dataclass(frozen=True)
class Statement:
    """One clause of the grading key: which side of each pair it names, its polarity and words."""

    text: str  # the whole sentence, shown as the correction
    negated: bool
    sides: tuple[int, ...]  # per pair: -1 none or both, 0 / 1 the side it names
    words: frozenset[str]


@lru_cache(maxsize=1)
def pairs() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """The confusable pairs: (side A spellings, side B spellings)."""
    return tuple((tuple(str(t) for t in a), tuple(str(t) for t in b)) for a, b in _read("confusables.yaml")["pairs"])


def _hit(term: str, text: Prepared) -> bool:
    if term.isascii():
        return find_term(term, text)
    # Korean: the start of an eojeol, so "동기" is not found inside "비동기" and "후에" not in "이후에".
    compact = term.replace(" ", "")
    # A token that starts with the term holds it, so the compact text does too: one substring test spares the scan.
    return ((compact in text.compact and any(t.startswith(compact) for t in text.toks))
            or (" " in term and find_term(term, text)))


@lru_cache(maxsize=16384)
def _sides_of(text: str) -> tuple[int, ...]:
    prepared = prepare(text)
    out = []
    for a, b in pairs():
        in_a = any(_hit(t, prepared) for t in a)
        in_b = any(_hit(t, prepared) for t in b)
        out.append(0 if in_a and not in_b else 1 if in_b and not in_a else -1)
    return tuple(out)


# A key sentence shown as a correction reads on its own without its connective ("So …", "그래서 …").
_LEADING = re.compile(r"^(?:so|thus|therefore|hence|그래서|따라서|그러므로|즉)[,\s]+", re.IGNORECASE)
_SUBJECT_PARTICLES = frozenset({"은", "는", "이", "가", "도"})
_RELATIVE = frozenset({"where", "which", "that", "who", "whose", "when", "whom"})
_LEAD = 3  # English: a side named in the first words is what the clause is about
_PREPOSITIONS = frozenset({"after", "before", "during", "between", "from", "than", "unlike", "like", "into", "over",
                           "under", "until", "with", "without", "through", "of"})


def _is_subject(term: str, toks: list[str]) -> bool:
    """Whether the clause is *about* the term: English names it among its first words, Korean marks it
    with a topic/subject particle ("UDP는", "스레드가"). A side named in passing ("the Authorization
    header", "addEventListener … in the bubble phase") binds nothing."""
    if term.isascii():
        n = len(tokens(term))
        if all(t.isascii() for t in toks[:1]):
            # Not after a preposition: "after each macrotask, the loop drains the microtask queue" is about the loop.
            return any(find_term(term, prepare(" ".join(toks[i:i + n])))
                       and not any(t in _PREPOSITIONS for t in toks[:i]) for i in range(min(_LEAD, len(toks))))
        return any(find_term(term, prepare(" ".join(toks[i:i + n]))) and i + n < len(toks)
                   and toks[i + n] in _SUBJECT_PARTICLES for i in range(len(toks)))
    compact = term.replace(" ", "")
    return any(t.startswith(compact) and t[len(compact):] in _SUBJECT_PARTICLES for t in toks)


@lru_cache(maxsize=16384)
def _subject_sides(text: str) -> tuple[int, ...]:
    """Per pair, the side the text is about (-1: none, or it names both)."""
    prepared = prepare(text)
    plain = _sides_of(text)
    out = []
    for (a, b), side in zip(pairs(), plain):
        if side < 0:
            out.append(-1)
            continue
        terms = a if side == 0 else b
        out.append(side if any(_hit(t, prepared) and _is_subject(t, prepared.toks) for t in terms) else -1)
    return tuple(out)


@lru_cache(maxsize=4096)
def _pair_words(index: int, language: str) -> frozenset[str]:
    """The pair's own spellings as content words (they are the swap, not the context)."""
    a, b = pairs()[index]
    return frozenset(w for t in (*a, *b) for w in _words(t, language)) | frozenset(
        w for t in (*a, *b) for w in _words(t, "en" if language == "ko" else "ko"))


def _context(words: frozenset[str], index: int, language: str) -> frozenset[str]:
    own = _pair_words(index, language)
    return frozenset(w for w in words if not any(_same(w, p) or w.startswith(p) or p.startswith(w) for p in own))


@lru_cache(maxsize=512)
def statements(texts: tuple[tuple[str, str], ...]) -> tuple[Statement, ...]:
    """The grading key's clauses, from (text, language) pairs; each keeps its sentence as the correction."""
    out = []
    for text, _language in texts:
        for sentence in (_LEADING.sub("", x) for x in sentences(text)):
            for claim in split_claims(sentence):
                if not claim.predicate or claim.reported:
                    continue
                # The key's propositions one by one: a sentence that names both roles ("the server stores
                # the session and the client holds its ID") binds each to its own part only.
                parts = _parts(claim)
                for part in parts[1:] or parts:
                    # A Korean key sentence often names its subject as an object ("…에는 TCP를 씁니다").
                    sides = _sides_of(part.text) if part.language == "ko" else _subject_sides(part.text)
                    out.append(Statement(text=sentence, negated=part.negated, sides=sides,
                                         words=_words(part.text, part.language)))
    return tuple(out)


def _shared(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    return frozenset(x for x in a if has_same(x, b))


@dataclass(frozen=True)
class Swap:
    """A clause that binds one side of a pair to what the key binds to the other."""

    said: str  # the side the clause named
    right: str  # the side the key binds those words to
    correction: str
    clause: Claim
    shared: frozenset[str]


def _check(part: Claim, key: tuple[Statement, ...], inherited: tuple[int, ...] = (),
           qwords: frozenset[str] = frozenset()) -> Swap | None:
    # A part without a side of its own is about the clause's subject ("UDP는 …재전송이 있어서").
    plain = _sides_of(part.text)
    # A relative clause ("…, where every byte matters") describes an object, not the clause's subject.
    if part.prepared.toks[:1] and part.prepared.toks[0] in _RELATIVE:
        inherited = ()
    sides = tuple(s if s >= 0 else (inherited[i] if inherited and p < 0 else -1)
                  for i, (s, p) in enumerate(zip(_subject_sides(part.text), plain)))
    # The question's own words are the topic both a right and a wrong clause share: not evidence.
    words = frozenset(w for w in _words(part.text, part.language) if not has_same(w, qwords))
    best: Swap | None = None
    for i, side in enumerate(sides):
        if side < 0:
            continue
        ctx = _context(words, i, part.language)
        if not ctx:
            continue
        # What the key says about the clause's own side (same polarity), or denies of the other side:
        # words found there are consistent with the clause, not evidence of a swap.
        consistent: set[str] = set()
        for s in key:
            if (s.sides[i] == side and s.negated == part.negated) or (s.sides[i] == 1 - side and s.negated != part.negated):
                consistent |= _shared(ctx, s.words)
        for s in key:
            # Only a swap: the key binds those words to the other side with the same polarity. (Also flagging a
            # clause the key denies of its own side was measured: 2 correct dev answers flagged, no wrong one —
            # Korean negation inside conditionals, "핸들러 없으면", is too easy to misread.)
            if s.sides[i] != 1 - side or s.negated != part.negated:
                continue
            shared = frozenset(w for w in _shared(ctx, s.words) if w not in consistent)
            if len(shared) < _MIN_SHARED or len(shared) < _MIN_SHARE * len(ctx):
                continue
            if best is None or len(shared) > len(best.shared):
                a, b = pairs()[i]
                said, right = (a, b) if side == 0 else (b, a)
                best = Swap(said=_spelled(said, part), right=_spelled(right, prepare(s.text)),
                            correction=s.text, clause=part, shared=shared)
    return best


def _spelled(terms: tuple[str, ...], where: Claim | Prepared) -> str:
    """The side's spelling as it occurs in the text (else its first)."""
    prepared = where.prepared if isinstance(where, Claim) else where
    return next((t for t in terms if _hit(t, prepared)), terms[0])


def find_contradictions(claims: list[Claim], key: tuple[Statement, ...], skip: frozenset[int] = frozenset(),
                        qwords: frozenset[str] = frozenset()) -> list[tuple[Swap, Claim]]:
    """Clauses (not already flagged: `skip` holds their start offsets) that swap a pair against the key."""
    if not key:
        return []
    out = []
    for claim in claims:
        if not claim.asserts or claim.listing or claim.start in skip:
            continue
        # Proposition by proposition, each with its own polarity ("연결 없이 보내서, … 순서도 보장 안 되는데"
        # has two negations that cancel out over the whole clause). A proposition without a subject of its own
        # continues the last one named ("SIGKILL은 핸들러로 받아서, 정리 작업을 할 수 있고, SIGTERM은 …").
        running = list(_subject_sides(claim.text))
        parts = answer_parts(claim)
        for part in parts[1:] or parts:
            swap = _check(part, key, tuple(running), qwords)
            if swap is not None:
                out.append((swap, claim))
                break
            for i, side in enumerate(_subject_sides(part.text)):
                if side >= 0:
                    running[i] = side
    return out


def as_found(swap: Swap, claim: Claim, claim_text: str, severity: float) -> Found:
    """A swap as a stated wrong claim (named and corrected like a misconception)."""
    return Found(claim=claim_text, correction=swap.correction, quote=claim.text, start=claim.start,
                 end=claim.end, method="contradiction", severity=severity, said=swap.said, right=swap.right)
