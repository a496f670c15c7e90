"""The overall score's last step: a fitted read of the rubric's criteria and evidence.

The rubric's own overall (criteria combined by hand-set weights, gates and the correctness scale) stays the
strongest single signal, but hand-set weights cannot say how much a stated misconception, an echo of the
question or a missing model answer should move the verdict relative to each other. `bench/fit_combiner.py`
fits that once over the blind-graded development sets (answers written by sessions that never read this code):
a ridge regression of the graded tier on the features below, blended with gradient-boosted regression trees on
the same features (they read interactions a line cannot, such as "names what the key never does *and* states none
of its points"; measured leave-one-set-out, bench/README.md round 7; the blend weight is in the fit). It writes the
weights and the trees to `combiner.json` per embedder, with a second fit (its `far` block, which weighs its trees more:
all of it for a technical answer, 0.7 for a story, since round 20) for answers judged without a key close to their question (`far_from_key`, round 18),
and a third (its `bare` block, round 32) for answers with no model answer or yardstick at all, bounded in how far it
moves the rubric's overall (`combined_overall`). The predicted
tier maps to 0-100 through knots at each graded tier's mean prediction, so that bands keep their meaning (docs/scoring.md, "The combiner"). Length is deliberately not a feature, nor are
counts that grow with it (claims, named technologies, numbers): a short precise answer must not lose for being
short. Nor are fillers: the graded sets' filler-heavy answers are all correct ones, so a fit would learn to
reward fillers. The other criteria enter through the rubric's own overall.
"""
from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

# A point covered this well counts as fully stated (coverage evidence score, 0..1) …
FULL_POINT = 0.75
# … and this well as stated at all (engine._MATCHED).
MATCHED_POINT = 0.5
# Decay rate of the overall below the first knot, per predicted tier (e^-2: 18 → 2.4 one tier below it).
_TAIL = 2.0
# Statuses the fit may lower but never lift above the rubric's own overall: a list of terms, or an answer about
# something else, stays a non-answer (its features say little, e.g. an imputed model cosine).
NEVER_LIFTED = frozenset({"keyword_list", "off_topic"})
# Outside the bank, an answer held only to generic points, or to the answer of a question this far from its own
# (the closest reference answer's trust below this), is read by a fit of its own, the `far` block (round 18): the
# inputs mean less there (a cosine to a distant question's answer, key points borrowed from nowhere), and one fit
# for all answers learnt their weights from the many answers with a close reference.
FAR_TRUST = 0.5
# At most this much of a tier per unhedged absolute ("always", "무조건"), whatever the fit reads: an absolute is a nudge,
# never a verdict (docs/scoring.md, round 4; as common in excellent answers as in wrong ones), while two or three still
# mark a confidently wrong answer outside the bank. Round 54's refit read one "always" in a right answer at 0.31 of a
# tier, 16 points on the map's steepest stretch; capped at 0.25, the never-fitted sets read 0.733 / 0.820 / 0.620
# against 0.733 / 0.820 / 0.621 uncapped (bench/README.md, "Fifty-fourth round").
ABSOLUTE_NUDGE = 0.25


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
    points_full = sum(p["score"] >= FULL_POINT for p in points) / n_points
    support = evidence.get("key_support", {})
    return {
        "rubric": rubric_overall / 100,
        "correctness": criteria["correctness"] / 100,
        "verified": float(bool(correctness.get("verified"))),
        "wrong_claims": float(len(correctness.get("found", []))),
        # None where the question lists no wrong claims: the fit's mean stands in (core/scoring/misconception_cosine.py).
        "misconception_cosine": (float(correctness["misconception_cosine"])
                                 if "misconception_cosine" in correctness else None),
        # None in an evaluation stored before this input existed: the fit's mean stands in.
        "bank_misconception_lean": (float(correctness["bank_misconception_lean"])
                                    if "bank_misconception_lean" in correctness else None),
        # Unhedged absolutes, those that wave a requirement away ("you don't need …", "it happens automatically") apart:
        # on the development sets a confidently wrong answer holds one 5-25 times as often as a tier-3/4 answer, while
        # "never" and "반드시" are nearly as common in right answers (round 47). None in an evaluation stored before the
        # split (its absolutes all count as the rest).
        "overclaims": float(len(correctness.get("overclaims", [])) - correctness.get("dismissals", 0)),
        "dismissals": float(correctness["dismissals"]) if "dismissals" in correctness else None,
        # Phrases that settle the question with one step ("…만 하면 됩니다", "that's all you need"; claims.yaml): far more
        # common in wrong and partly wrong answers (round 51). None in an evaluation stored before this input existed.
        "sufficiency": float(correctness["sufficiency"]) if "sufficiency" in correctness else None,
        "novel_share": float(relevance.get("novel_share", 1.0)),
        # Share of what the question asks that the answer takes up, and its lean from the scene's words
        # (core/scoring/novelty.py). None for a question with no topic words (the lean: with no scene), or in an
        # evaluation stored before these inputs existed: the fit's mean stands in.
        "ask_share": float(relevance["ask_share"]) if "ask_share" in relevance else None,
        "ask_lean": float(relevance["ask_lean"]) if "ask_lean" in relevance else None,
        # The same shares with each word weighed by its rarity over the bank's keys, over the whole question and over
        # its asking sentences (core/scoring/novelty.rare_shares). None for a question with no such word, or in an
        # evaluation stored before these inputs existed.
        "rare_share": float(relevance["rare_share"]) if "rare_share" in relevance else None,
        "rare_ask_share": float(relevance["rare_ask_share"]) if "rare_ask_share" in relevance else None,
        "question_cosine": float(relevance.get("s_q", 0.0)),
        # The same closeness against how close the bank's own answers come to this question, the share of the bank's
        # questions the answer is closer to than to its own, and its closeness to the nearest bank answer
        # (core/scoring/criteria.relevance): an answer on the field's usual topic instead of this question's comes no
        # closer than the bank's answers do, nearer other questions, and close to one of their answers. None in an
        # evaluation stored before these inputs existed.
        "question_z_answers": float(relevance["z_qa"]) if "z_qa" in relevance else None,
        "closer_questions": float(relevance["rank_q"]) if "rank_q" in relevance else None,
        "nearest_bank_answer": float(relevance["s_bank"]) if "s_bank" in relevance else None,
        # None without a model answer or yardstick: the fit is not read for such an answer (`combined_overall`).
        "model_cosine": float(relevance["s_m"]) if "s_m" in relevance else None,
        # Outside the bank that answer belongs to a related question, trusted as far as that question is close; read
        # alone the cosine to a distant question's answer rewarded fluent answers on the field's usual topics. None
        # without a model answer, or in an evaluation stored before this input existed.
        "model_trust": float(relevance["m_trust"]) if "m_trust" in relevance else None,
        "model_cosine_trusted": (float(relevance["s_m"]) * float(relevance["m_trust"])
                                 if "m_trust" in relevance else None),
        "keyword_list": float(status == "keyword_list"),
        "off_topic": float(status == "off_topic"),
        "behavioral": float(behavioral),
        "bank": float(reference == "bank"),
        "points_full": points_full,
        "points_named_only": sum(bool(p.get("named_only")) for p in points) / n_points,
        # Key points stated per creditable claim (a ratio, not a count): a short precise answer states a point in
        # nearly every clause, a long vague or partly wrong one in few. None in an evaluation stored before it.
        "point_density": (min(1.0, sum(p["score"] >= MATCHED_POINT for p in points) / max(1, claims))
                          if (claims := evidence.get("coverage", {}).get("claims")) is not None else None),
        # How much of the answer the key accounts for (core/scoring/key_support.py), alone and where the key
        # points are not stated: an answer that names what the key never does and states none of its points is
        # about something else, or wrong.
        "unsupported_names": float(support.get("name_share", 0.0)),
        "unsupported_words": float(support.get("word_share", 0.0)),
        "claim_support": float(support.get("claim_support", 0.0)),
        "unsupported_names_uncovered": float(support.get("name_share", 0.0)) * (1 - points_full),
        "unsupported_words_uncovered": float(support.get("word_share", 0.0)) * (1 - points_full),
    }


def far_from_key(values: dict[str, float | None], reference: str) -> bool:
    """Whether the answer was judged without a key close to its question (see FAR_TRUST)."""
    trust = values.get("model_trust")
    return reference != "bank" and (reference == "derived" or trust is None or trust < FAR_TRUST)


def fit_for(fit: dict[str, Any], values: dict[str, float | None], reference: str) -> dict[str, Any]:
    """The fit that reads this answer: the `bare` block for an answer with no model answer or yardstick, the `far`
    block for one judged without a close key, where the fit has them."""
    if without_yardstick(values):
        return fit.get("bare", fit)
    far = fit.get("far")
    return far if far is not None and far_from_key(values, reference) else fit


def predicted_tier(values: dict[str, float | None], fit: dict[str, Any]) -> float:
    """The fitted tier: the ridge read, blended with the boosted trees' where the fit has them; a missing input
    takes the mean it had in the fit."""
    filled = {name: float(fit["means"][name] if values[name] is None else values[name]) for name in fit["weights"]}
    linear = float(fit["intercept"]) + sum(float(w) * filled[name] for name, w in fit["weights"].items())
    trees = fit.get("trees")
    if not trees:
        return linear
    row = [filled[name] for name in trees["features"]]
    boosted = float(trees["baseline"]) + sum(tree_value(tree, row) for tree in trees["trees"])
    # A fit may weigh its trees differently for a story (a behavioural answer): see bench/fit_combiner.FAR_STORY_BLEND.
    blend = float(trees["story_blend"] if values.get("behavioral") and "story_blend" in trees else trees["blend"])
    return (1 - blend) * linear + blend * boosted


def tree_value(tree: list[list[float]], row: list[float]) -> float:
    """Walk one regression tree: nodes are [feature, threshold, left, right, value], a leaf has feature -1;
    a row goes left when its value is at most the threshold."""
    node = tree[0]
    while node[0] >= 0:
        node = tree[int(node[2]) if row[int(node[0])] <= node[1] else int(node[3])]
    return float(node[4])


def without_yardstick(values: dict[str, float | None]) -> bool:
    """No model answer or yardstick to read the answer against: read by the `bare` fit, within its bound."""
    return values.get("model_cosine") is None


def combined_overall(
    values: dict[str, float | None], rubric_overall: float, status: str, fit: dict[str, Any],
) -> tuple[float, float]:
    """(overall 0-100, predicted tier) for one answer. An answer with no model answer or yardstick is read by the
    `bare` fit (learnt from such answers alone, without the model cosines), which may move the rubric's overall by
    at most its `bound` (round 32); a fit without one leaves the rubric's overall alone. Unbounded, a fit of a few
    hundred answers read a correct, concise Korean Bloom-filter answer at 24 (rubric 70) and "I enjoy hiking" to a
    skip-list question at 42 (round 31); with the mean cosine standing in, the round-11 fit read the latter at 44."""
    tier = predicted_tier(values, fit)
    if values.get("overclaims"):
        calm = predicted_tier({**values, "overclaims": 0.0}, fit)
        tier = max(tier, calm - ABSOLUTE_NUDGE * float(values["overclaims"]))
    if without_yardstick(values):
        if "bound" not in fit:
            return rubric_overall, tier
        moved = tier_to_overall(tier, fit["overall_at_tier"]) - rubric_overall
        overall = rubric_overall + max(-fit["bound"], min(fit["bound"], moved))
    else:
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
