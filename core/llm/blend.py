"""Blend an LLM judgement into the rule-based (rubric) evaluation, keeping the rubric's numbers."""
from __future__ import annotations

import copy
import math
from typing import Any


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def score_to_percent(score: float) -> float:
    """Map a 1-5 score onto 0-100 (1 -> 0, 3 -> 50, 5 -> 100)."""
    return (score - 1.0) * 25.0


def blend_evaluation(rubric: dict[str, Any], judgement: dict[str, Any] | None, weight: float) -> dict[str, Any]:
    """Weighted blend of rubric and LLM scores; LLM prose becomes an extra feedback paragraph.

    Scores: round((1-w)*rubric + w*llm), kept as integers 1-5. Overall: (1-w)*rubric overall
    + w*(the LLM's mean score mapped to 0-100). With `judgement` None the rubric is returned as is.
    """
    if judgement is None:
        return rubric
    w = min(max(float(weight), 0.0), 1.0)
    blended = copy.deepcopy(rubric)
    blended["rubric_scores"] = {
        key: rubric.get(key) for key in ("technical_score", "communication_score", "overall")
    }
    for key in ("technical_score", "communication_score"):
        if isinstance(rubric.get(key), (int, float)):
            mixed = (1 - w) * rubric[key] + w * judgement[key]
            blended[key] = _clamp(_round_half_up(mixed), 1, 5)
    if isinstance(rubric.get("overall"), (int, float)):
        llm_overall = score_to_percent((judgement["technical_score"] + judgement["communication_score"]) / 2)
        blended["overall"] = _clamp(_round_half_up((1 - w) * rubric["overall"] + w * llm_overall), 0, 100)
    feedback = str(judgement.get("feedback", "")).strip()
    if feedback:
        existing = str(rubric.get("total_feedback") or "").rstrip()
        blended["total_feedback"] = f"{existing}\n\n{feedback}" if existing else feedback
    backend = judgement.get("backend", "llm")
    blended["engine"] = f"{rubric.get('engine', 'rubric')}+llm:{backend}"
    blended["llm"] = {
        "backend": backend,
        "weight": w,
        "technical_score": judgement["technical_score"],
        "communication_score": judgement["communication_score"],
        "strengths": judgement.get("strengths", ""),
        "weaknesses": judgement.get("weaknesses", ""),
        "feedback": feedback,
    }
    return blended
