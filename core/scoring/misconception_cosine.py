"""How far the answer's clauses lean towards the key's listed wrong claims, by meaning rather than by wording.

The signal phrases (core/scoring/misconceptions.py) name a wrong claim only when the candidate words it the way the
bank expects; a paraphrase ("the engine runs the async function on a separate worker thread") slips past them. A
cosine cannot tell a claim from its negation, so this is never a verdict and is never named in the feedback: it is
one more input to the fitted combiner (direction fixed: it may only lower the score), read as the highest cosine of
a clause to a wrong claim that the clause is closer to than to that claim's correction. On the dev sets' bank answers
it ranks confidently wrong answers above tier-3/4 ones at AUC 0.76, and at 0.70 among those no signal caught
(docs/scoring.md, "The combiner").
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from core.embeddings import cached_embedder, canonical_name
from core.scoring.analysis import Answer
from core.scoring.context import QuestionContext


@lru_cache(maxsize=1024)
def _pair_vecs(embedder: str, claims: tuple[str, ...], corrections: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Embeddings of one question's wrong claims and their corrections (both languages), once per process."""
    vecs = cached_embedder(embedder).embed([*claims, *corrections], kind="passage")
    return vecs[:len(claims)], vecs[len(claims):]


def misconception_leaning(ctx: QuestionContext, ans: Answer) -> float | None:
    """The highest cosine of a creditable clause to a listed wrong claim it is closer to than to the correction;
    0.0 when no clause leans that way, None when the question lists no wrong claims (nothing to lean towards)."""
    items = [m for found in ctx.misconceptions.values() for m in found]
    if not items or ans.claim_vecs is None or not len(ans.claim_vecs):
        return None if not items else 0.0
    wrong, right = _pair_vecs(canonical_name(), tuple(m.claim for m in items), tuple(m.correction for m in items))
    to_wrong = ans.claim_vecs @ wrong.T
    leaning = to_wrong * (to_wrong > ans.claim_vecs @ right.T)
    return float(max(0.0, leaning.max()))
