"""Explainable answer scoring without an LLM: rubric criteria, scores and coach feedback."""
from core.scoring.context import (
    QuestionContext,
    context_for_text,
    context_from_bank,
    follow_up_context,
)
from core.scoring.engine import (
    CRITERIA,
    ENGINE,
    evaluate_answer,
    evaluate_answer_async,
    grade,
    passing,
    warm_up,
)

__all__ = [
    "CRITERIA",
    "ENGINE",
    "QuestionContext",
    "context_for_text",
    "context_from_bank",
    "evaluate_answer",
    "evaluate_answer_async",
    "follow_up_context",
    "grade",
    "passing",
    "warm_up",
]
