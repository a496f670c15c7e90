"""The fast paths of term and word matching agree with the plain definitions they replace, on the bank's own texts."""
from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from core.question_bank import bank
from core.scoring.contradictions import _hit
from core.scoring.contradictions import pairs as confusable_pairs
from core.scoring.misconceptions import (
    _same,
    _span,
    _words,
    has_same,
)
from core.scoring.text import Prepared, find_term, prepare, sentences, stem_en


def _bank_sentences(limit: int = 600) -> list[tuple[str, str]]:
    out = []
    for q in bank():
        for text in (q.model_answer, *(m.correction for m in q.misconceptions)):
            out += [(s, q.language) for s in sentences(text or "")]
    return out[:: max(1, len(out) // limit)]


@pytest.fixture(scope="module")
def bank_sentences() -> list[tuple[str, str]]:
    found = _bank_sentences()
    assert len(found) > 300
    return found


def _plain_hit(term: str, text: Prepared) -> bool:
    """`contradictions._hit` as first written: every token scanned, no substring test first."""
    if term.isascii():
        return find_term(term, text)
    compact = term.replace(" ", "")
    return any(t.startswith(compact) for t in text.toks) or (" " in term and find_term(term, text))


class _Everything(frozenset):
    """Holds every word: `_span` with it never exits early."""

    def __contains__(self, item: object) -> bool:
        return True


def _plain_span(signal: str, text: Prepared, gap: int) -> tuple[int, int] | None:
    """`misconceptions._span` without its early exit, on tokens stemmed here rather than kept on the text."""
    plain = replace(text)
    plain.stem_toks = tuple(stem_en(t) if t.isascii() else t for t in text.toks)
    plain.__dict__["heads"] = _Everything()
    return _span(signal, plain, gap)


def test_confusable_terms_are_found_as_before(bank_sentences: list[tuple[str, str]]) -> None:
    terms = [t for a, b in confusable_pairs() for t in (*a, *b)]
    hits = 0
    for text, _ in bank_sentences:
        prepared = prepare(text)
        for term in terms:
            fast = _hit(term, prepared)
            assert fast == _plain_hit(term, prepared), (term, text)
            hits += fast
    assert hits > 100  # the bank's sentences do name the pairs


def test_signal_spans_are_found_as_before(bank_sentences: list[tuple[str, str]]) -> None:
    # Each wrong claim against its own signals (they mostly match) and a sample of the bank's true sentences.
    listed = [m for q in bank() for m in q.misconceptions][::5]
    others = [prepare(text) for text, _ in bank_sentences[::20]]
    found = 0
    for m in listed:
        for prepared in (prepare(m.claim), *others):
            for signal in m.signals:
                for gap in (1, 3):
                    span = _span(signal, prepared, gap)
                    assert span == _plain_span(signal, prepared, gap), (signal, prepared.raw)
                    found += span is not None
    assert found > 100


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_word_sets_compare_as_before(lang: str, bank_sentences: list[tuple[str, str]]) -> None:
    sets = [_words(text, lang) for text, language in bank_sentences if language == lang][:80]
    shared = 0
    for a, b in itertools.product(sets[:40], sets[40:]):
        for word in a:
            fast = has_same(word, b)
            assert fast == any(_same(word, other) for other in b), (word, sorted(b))
            shared += fast
    assert shared > 50


@pytest.mark.parametrize(("term", "text"), [
    ("B-tree", "B-trees update pages in place"),
    ("LSM-tree", "LSM trees buffer writes in a memtable"),
    ("lsm tree", "an LSM-tree engine"),
    ("node", "three nodes in the cluster"),
    ("page", "the pages stay hot"),
    ("status", "HTTP statuses"),
    ("cancel", "the project was cancelled"),
    ("control", "a controlled input"),
    ("install", "we installed it"),
    ("remote", "one engineer working remotely"),
    ("automatic", "it retries automatically"),
    ("anomaly", "anomalies in the stream"),
])
def test_a_term_meets_its_plural_and_its_hyphenated_spelling(term: str, text: str) -> None:
    assert find_term(term, prepare(text))


@pytest.mark.parametrize(("word", "stem"), [("caches", "cach"), ("cache", "cach"), ("boxes", "box"), ("nodes", "node"),
                                            ("processes", "process"), ("b-trees", "b-tree"), ("statuses", "status")])
def test_the_stemmer_strips_es_only_after_a_sibilant(word: str, stem: str) -> None:
    assert stem_en(word) == stem
