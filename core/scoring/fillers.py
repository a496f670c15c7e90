"""Count filler words ("음", "어", "um", "like") with the context rules from the lexicon files."""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.scoring.lexicon import Filler, lexicon

_WORD = re.compile(r"\S+")
_TRAILING = re.compile(r"[,.…!?~\-:;\"')\]]+$")
_LEADING = re.compile(r"^[\"'(\[]+")
_SENTENCE_END = re.compile(r"[.!?…]$")
# "음음", "으음", "어어어" are one hesitation.
_HESITATION = re.compile(r"^(?:으?음+|어+|아+|흠+|에+|um+|uh+m*|erm*|hmm+|ah+)$")
_HESITATION_BASE = {"음": "음", "으": "음", "어": "어", "아": "아", "흠": "흠", "에": "어",
                    "u": "um", "e": "erm", "h": "hmm", "a": "ah"}


@dataclass
class _Tok:
    word: str  # lower-cased, punctuation stripped
    punct_after: bool  # a comma/ellipsis/period follows (a spoken pause)
    sentence_end: bool


@dataclass
class FillerResult:
    """Filler counts of one answer."""

    counts: dict[str, int]
    weighted: float  # sum of counts × weights
    total_words: int
    cleaned: str  # the answer with counted fillers removed (for embeddings)

    @property
    def rate(self) -> float:
        """Weighted fillers per word."""
        return self.weighted / self.total_words if self.total_words else 0.0


def _tokenise(text: str) -> list[_Tok]:
    out = []
    for raw in _WORD.findall(text):
        stripped = _LEADING.sub("", raw)
        word = _TRAILING.sub("", stripped).lower()
        if not word:
            # A lone "..." or "," marks a pause after the previous word.
            if out:
                out[-1].punct_after = True
            continue
        out.append(_Tok(word=word, punct_after=stripped != word and len(stripped) > len(word),
                        sentence_end=bool(_SENTENCE_END.search(raw))))
    return out


def _normalise_hesitation(word: str) -> str:
    if _HESITATION.match(word):
        if word.startswith(("um", "uh")):
            return "um" if word.startswith("um") else "uh"
        return _HESITATION_BASE.get(word[0], word)
    return word


def _allowed(f: Filler, toks: list[_Tok], i: int, n: int, is_filler_at) -> bool:
    prev = toks[i - 1] if i > 0 else None
    last = toks[i + n - 1]
    nxt = toks[i + n] if i + n < len(toks) else None
    if f.not_after and prev is not None and prev.word in f.not_after:
        return False
    if f.only_after:
        ok = (prev is not None and prev.word in f.only_after)
        ok = ok or ("<start>" in f.only_after and (prev is None or prev.sentence_end))
        ok = ok or ("<punct>" in f.only_after and prev is not None and prev.punct_after)
        ok = ok or ("<end>" in f.only_after and (last.punct_after or nxt is None))
        if not ok:
            return False
    if f.marked:
        # Ordinary Korean words ("그 프로젝트", "아 그렇구나") count only when a pause, a repeat
        # or a neighbouring filler marks them as hesitation.
        repeated = nxt is not None and nxt.word == last.word
        chained = (nxt is not None and is_filler_at(i + n)) or (prev is not None and is_filler_at(i - 1))
        return last.punct_after or repeated or chained
    return True


def count_fillers(text: str, language: str) -> FillerResult:
    """Filler counts, their weighted sum and the answer without them."""
    lex = lexicon(language)
    toks = _tokenise(text)
    for t in toks:
        t.word = _normalise_hesitation(t.word)
    phrases = sorted(lex.fillers, key=lambda f: -len(f.word.split()))
    unmarked_single = {f.word for f in lex.fillers if not f.marked and " " not in f.word}

    def is_filler_at(j: int) -> bool:
        return 0 <= j < len(toks) and toks[j].word in unmarked_single

    counts: dict[str, int] = {}
    weighted = 0.0
    used = [False] * len(toks)
    for f in phrases:
        parts = f.word.split()
        n = len(parts)
        for i in range(len(toks) - n + 1):
            if any(used[i:i + n]) or [t.word for t in toks[i:i + n]] != parts:
                continue
            if not _allowed(f, toks, i, n, is_filler_at):
                continue
            for j in range(i, i + n):
                used[j] = True
            counts[f.word] = counts.get(f.word, 0) + 1
            weighted += f.weight
    # Rebuild the text without the counted fillers (keeps the other words' original form).
    raw_words = [w for w in _WORD.findall(text) if _TRAILING.sub("", _LEADING.sub("", w))]
    kept = [w for w, u in zip(raw_words, used, strict=False) if not u] if len(raw_words) == len(toks) else raw_words
    return FillerResult(counts=counts, weighted=weighted, total_words=len(toks), cleaned=" ".join(kept))
