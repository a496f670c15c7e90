"""An acronym names the words it abbreviates: "CLT" in an answer names the question's "central limit theorem", and an
answer that says "server-side rendering" names the question's "SSR".

Read from the two texts themselves, with no list to keep up: a token of 2-6 capital letters (a plural "s" allowed)
stands for a run of as many consecutive words of the other text whose initials spell it. Words in the run must be
content words of three letters or more, so "IT" is not "in the" and "DB" not "difference between".
"""
from __future__ import annotations

import re
from functools import lru_cache

from core.scoring.lexicon import lexicon

_ACRONYM = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2,6})s?(?![A-Za-z0-9])")
# Hyphenated words are separate words here: "server-side rendering" spells SSR.
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9']*")
_MIN_WORD = 3


def _acronyms(text: str) -> frozenset[str]:
    return frozenset(_ACRONYM.findall(text))


def _spelled_out(acronym: str, text: str) -> tuple[str, ...] | None:
    """The run of words of `text` whose initials spell `acronym` (lower case), or None."""
    stop = lexicon("en").all_stopwords
    words = _WORD.findall(text)
    n = len(acronym)
    for i in range(len(words) - n + 1):
        run = words[i:i + n]
        if "".join(w[0] for w in run).upper() != acronym:
            continue
        if all(len(w) >= _MIN_WORD and w.lower() not in stop and not w.isupper() for w in run):
            return tuple(w.lower() for w in run)
    return None


@lru_cache(maxsize=4096)
def named_by_acronyms(question: str, answer: str) -> frozenset[str]:
    """The question's words (lower case) the answer names through an acronym, either way round: the words an
    acronym of the answer stands for, and the question's acronyms whose words the answer spells out."""
    named: set[str] = set()
    for acronym in _acronyms(answer):
        run = _spelled_out(acronym, question)
        if run is not None:
            named.update(run)
    for acronym in _acronyms(question):
        if _spelled_out(acronym, answer) is not None:
            named.add(acronym.lower())
    return frozenset(named)


def spelled_out_in(acronym: str, text: str) -> bool:
    """Whether `text` writes out the words `acronym` stands for ("PR" in "two pull requests")."""
    return bool(_ACRONYM.fullmatch(acronym)) and _spelled_out(acronym.rstrip("s"), text) is not None
