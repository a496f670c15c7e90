"""The overall score's last step: one linear read of the rubric's criteria and evidence.

The rubric's own overall (criteria combined by hand-set weights, gates and the correctness scale) stays the
strongest single signal, but hand-set weights cannot say how much a stated misconception, an echo of the
question or a missing model answer should move the verdict relative to each other. `bench/fit_combiner.py`
fits that once, by ridge regression of the graded tier on the features below, over the blind-graded
development sets (answers written by sessions that never read this code), reports it leave-one-set-out, and
writes the weights to `combiner.yaml` per embedder. The predicted tier maps to 0-100 through knots at each graded
tier's mean prediction, so that bands keep their meaning (docs/scoring.md, "The combiner"). Length is deliberately not a feature, nor are
counts that grow with it (claims, named technologies, numbers): a short precise answer must not lose for being
short. Nor are fillers: the graded sets' filler-heavy answers are all correct ones, so a fit would learn to
reward fillers. The other criteria enter through the rubric's own overall.
"""
from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

# A point covered this well counts as fully stated (coverage evidence score, 0..1).
_FULL_POINT = 0.75
# Decay rate of the overall below the first knot, per predicted tier (e^-2: 18 → 2.4 one tier below it).
_TAIL = 2.0
# Statuses the fit may lower but never lift above the rubric's own overall: a list of terms, or an answer about
# something else, stays a non-answer (its features say little, e.g. an imputed model cosine).
NEVER_LIFTED = frozenset({"keyword_list", "off_topic"})


def features(
    rubric_overall: float, criteria: dict[str, float], evidence: dict[str, Any], *, status: str, reference: str,
    behavioral: bool,
) -> dict[str, float | None]:
    """The combiner's inputs, all read from what the evaluation already reports (so a stored evaluation can
    be re-read by the fit script exactly as the engine read it)."""
    points = evidence.get("coverage", {}).get("points", [])
    correctness = evidence.get("correctness", {})
    relevance = evidence.get("relevance", {})
    n_points = max(1, len(points))
    return {
        "rubric": rubric_overall / 100,
        "correctness": criteria["correctness"] / 100,
        "verified": float(bool(correctness.get("verified"))),
        "wrong_claims": float(len(correctness.get("found", []))),
        "overclaims": float(len(correctness.get("overclaims", []))),
        "novel_share": float(relevance.get("novel_share", 1.0)),
        "question_cosine": float(relevance.get("s_q", 0.0)),
        # None without a model answer or yardstick: the fit's mean stands in, so a question nobody wrote a
        # model answer for neither gains nor loses by it.
        "model_cosine": float(relevance["s_m"]) if "s_m" in relevance else None,
        "keyword_list": float(status == "keyword_list"),
        "off_topic": float(status == "off_topic"),
        "behavioral": float(behavioral),
        "bank": float(reference == "bank"),
        "points_full": sum(p["score"] >= _FULL_POINT for p in points) / n_points,
        "points_named_only": sum(bool(p.get("named_only")) for p in points) / n_points,
    }


def predicted_tier(values: dict[str, float | None], fit: dict[str, Any]) -> float:
    """The fitted tier; a missing input takes the mean it had in the fit."""
    total = float(fit["intercept"])
    for name, weight in fit["weights"].items():
        value = values[name]
        total += float(weight) * float(fit["means"][name] if value is None else value)
    return total


def combined_overall(
    values: dict[str, float | None], rubric_overall: float, status: str, fit: dict[str, Any],
) -> tuple[float, float]:
    """(overall 0-100, predicted tier) for one answer."""
    tier = predicted_tier(values, fit)
    overall = tier_to_overall(tier, fit["overall_at_tier"])
    return (min(overall, rubric_overall) if status in NEVER_LIFTED else overall), tier


def tier_to_overall(tier: float, knots: list[list[float]]) -> float:
    """Piecewise-linear map from the predicted tier (1 poor .. 4 excellent) to 0-100, clamped at the top.
    Below the first knot the score decays towards 0 without reaching it, so two poor answers keep their order
    instead of tying at 0."""
    x0, y0 = knots[0]
    if tier <= x0:
        return y0 * math.exp(_TAIL * (tier - x0))
    for (x0, y0), (x1, y1) in pairwise(knots):
        if tier <= x1:
            return y0 + (y1 - y0) * (tier - x0) / (x1 - x0)
    return float(knots[-1][1])
