"""Word error rate, for tests and benchmarks of recognisers."""
from __future__ import annotations

import re

_TOKEN = re.compile(r"[\w']+", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-cased words without punctuation."""
    return _TOKEN.findall(text.lower())


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / reference words, by Levenshtein alignment."""
    ref, hyp = tokens(reference), tokens(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        current = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h))
        previous = current
    return previous[-1] / len(ref)
