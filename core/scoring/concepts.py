"""The concept glossary: which concepts a question names, and the words that explain them.

A question outside the bank has no key points; its derived topic point and the relevance backstop only knew the
question's own words, so a precise answer that explains the concept without repeating its name ("a bit array with k
hash functions; a no is certain, a yes only probable" for a Bloom filter) read as off-topic.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from core.scoring.lexicon import _read
from core.scoring.text import Prepared, find_term, prepare


@dataclass(frozen=True)
class Concept:
    names: tuple[str, ...]  # both languages
    words: tuple[str, ...]  # both languages: an answer in the other language explains it too


@lru_cache(maxsize=1)
def glossary() -> tuple[Concept, ...]:
    rows = _read("concepts.yaml")["concepts"]
    return tuple(Concept(names=tuple(dict.fromkeys(n for lang in ("en", "ko") for n in r["names"].get(lang, ()))),
                         words=tuple(dict.fromkeys(w for lang in ("en", "ko") for w in r["words"].get(lang, ()))))
                 for r in rows)


@lru_cache(maxsize=4096)
def concepts_in(question: str) -> tuple[Concept, ...]:
    """The glossary concepts the question names (by any of their names, in either language)."""
    text = prepare(question)
    return tuple(c for c in glossary() if any(find_term(n, text) for n in c.names))


@lru_cache(maxsize=4096)
def explaining_words(question: str) -> tuple[str, ...]:
    """The words that explain the concepts the question names, minus words the question itself says."""
    text = prepare(question)
    return tuple(dict.fromkeys(w for c in concepts_in(question) for w in c.words if not find_term(w, text)))


def explained(question: str, answer: Prepared) -> list[str]:
    """The explaining words of the question's concepts that the answer uses."""
    return [w for w in explaining_words(question) if find_term(w, answer)]
