"""How far the answer's clauses lean towards the key's listed wrong claims, by meaning rather than by wording.

The signal phrases (core/scoring/misconceptions.py) name a wrong claim only when the candidate words it the way the
bank expects; a paraphrase ("the engine runs the async function on a separate worker thread") slips past them. A
cosine cannot tell a claim from its negation, so this is never a verdict and is never named in the feedback: it is
one more input to the fitted combiner (direction fixed: it may only lower the score), read as the highest cosine of
a clause to a wrong claim that the clause is closer to than to that claim's correction. On the dev sets' bank answers
it ranks confidently wrong answers above tier-3/4 ones at AUC 0.76, and at 0.70 among those no signal caught
(docs/scoring.md, "The combiner").

`bank_leaning` reads the same lean against every wrong claim in the bank, for any question: an answer to a question
the bank lacks still tends to echo wrong claims the bank lists elsewhere ("adding an index on every column always makes
queries faster", asked about a slow report, sits at 0.85 from the query-optimisation question's "adding an index
always makes a query faster"), and a correct one tends not to. Measured in docs/scoring.md, "The combiner".
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from core.embeddings import cached_embedder, canonical_name, stored_embeddings
from core.question_bank.loader import read_by_meaning
from core.scoring.analysis import Answer
from core.scoring.claims import without_absolute_adverbs
from core.scoring.context import QuestionContext, bank_index


def _lean_matrix(vecs: np.ndarray, n: int) -> np.ndarray:
    """Wrong claims (rows :n) and their corrections (rows n:) as one contiguous d × 2n matrix: the claims, then each
    claim minus its correction, positive against a clause closer to the claim. One product with it reads both."""
    wrong, right = vecs[:n], vecs[n:]
    return np.ascontiguousarray(np.vstack([wrong, wrong - right]).T)


def _clause_leaning(claim_vecs: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Per clause: the highest cosine to a wrong claim the clause is closer to than to its correction (0 for none)."""
    n = matrix.shape[1] // 2
    product = claim_vecs @ matrix
    return (product[:, :n] * (product[:, n:] > 0)).max(axis=1)


@lru_cache(maxsize=1024)
def _pair_matrix(embedder: str, claims: tuple[str, ...], corrections: tuple[str, ...]) -> np.ndarray:
    """One question's wrong claims and their corrections (both languages). A bank question's are rows of the bank's
    stored matrix; only texts the bank does not hold (an LLM-written key, an edit not yet stored) are embedded here —
    embedding a question's ~20 texts on its first answer was that answer's largest cost."""
    texts = [*claims, *corrections]
    rows, stored = _bank_pair_vectors(embedder)
    missing = [t for t in dict.fromkeys(texts) if t not in rows]
    fresh = dict(zip(missing, cached_embedder(embedder).embed(missing, kind="passage"))) if missing else {}
    vecs = np.stack([stored[rows[t]] if t in rows else fresh[t] for t in texts])
    return _lean_matrix(vecs, len(claims))


def misconception_leaning(ctx: QuestionContext, ans: Answer) -> float | None:
    """The highest cosine of a creditable clause to a listed wrong claim it is closer to than to the correction;
    0.0 when no clause leans that way, None when the question lists no wrong claims (nothing to lean towards)."""
    items = read_by_meaning(m for found in ctx.misconceptions.values() for m in found)
    if not items or ans.claim_vecs is None or not len(ans.claim_vecs):
        return None if not items else 0.0
    matrix = _pair_matrix(canonical_name(), tuple(m.claim for m in items), tuple(m.correction for m in items))
    return float(max(0.0, _clause_leaning(ans.claim_vecs, matrix).max()))


@lru_cache(maxsize=4)
def _bank_pair_vectors(embedder: str) -> tuple[dict[str, int], np.ndarray]:
    """Every bank question's wrong claims, then their corrections (both languages), embedded once and kept on disk,
    with each text's row."""
    items = read_by_meaning(m for q in bank_index(embedder).questions for m in q.misconceptions)
    texts = [*(m.claim for m in items), *(m.correction for m in items)]
    return {t: i for i, t in enumerate(texts)}, stored_embeddings(embedder, texts)


@lru_cache(maxsize=4)
def _bank_pair_matrix(embedder: str) -> np.ndarray:
    """The bank-wide lean matrix; ~3000 claims cost a few milliseconds per answer."""
    _, vecs = _bank_pair_vectors(embedder)
    return _lean_matrix(vecs, len(vecs) // 2)


def warm_up_bank_pairs(embedder: str | None = None) -> None:
    """Embed (or load) the bank's wrong claims now, so the first evaluation does not wait for them."""
    _bank_pair_matrix(canonical_name(embedder))


def bank_leaning(ans: Answer) -> float:
    """The mean over the creditable clauses of the highest cosine to any wrong claim in the bank that the clause is
    closer to than to that claim's correction (0.0 for a clause that leans towards none, or an answer without one).

    A clause with an absolute adverb is read without it: "always" alone tied a correct clause about message queues
    to the bank's "a serial queue always runs its tasks on one thread" (GCD). The absolute itself is counted once,
    as an overclaim."""
    matrix = _bank_pair_matrix(canonical_name())
    if ans.claim_vecs is None or not len(ans.claim_vecs) or not matrix.shape[1]:
        return 0.0
    return float(max(0.0, _clause_leaning(_without_absolutes(ans), matrix).mean()))


def _without_absolutes(ans: Answer) -> np.ndarray:
    """The creditable clauses' vectors, those with an absolute adverb embedded again without it."""
    assert ans.claim_vecs is not None
    texts = [ans.claims[i].text for i in ans.credit]
    stripped = {k: plain for k, text in enumerate(texts)
                if (plain := without_absolute_adverbs(text, ans.claims[ans.credit[k]].language)) != text and plain}
    if not stripped:
        return ans.claim_vecs
    vecs = ans.claim_vecs.copy()
    vecs[list(stripped)] = cached_embedder().embed(list(stripped.values()), kind="passage")
    return vecs
