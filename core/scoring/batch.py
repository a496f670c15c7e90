"""Score JSON-lines items {question, answer, position?, lang?} (backs `main.py evaluate FILE.jsonl`)."""
from __future__ import annotations

from typing import Any

from core.scoring.context import context_for_text
from core.scoring.engine import evaluate_answer
from core.scoring.text import detect_language


def evaluate_item(obj: dict[str, Any]) -> dict[str, Any]:
    """Evaluate one item; the result is the item's fields plus `evaluation` (or `error`)."""
    question = obj.get("question")
    answer = obj.get("answer")
    if not isinstance(question, str) or not question.strip():
        return {**obj, "error": "missing 'question'"}
    if answer is not None and not isinstance(answer, str):
        return {**obj, "error": "'answer' must be a string"}
    lang = obj.get("lang") or obj.get("language")
    if lang not in ("ko", "en"):
        # The answer's language decides when the question is in the other one; the question breaks ties.
        lang = detect_language(answer or "", default=detect_language(question, default="en"))
    ctx = context_for_text(question, lang, obj.get("position"))
    speech = obj.get("speech_metrics") if isinstance(obj.get("speech_metrics"), dict) else None
    return {**obj, "lang": lang, "evaluation": evaluate_answer(ctx, answer or "", speech_metrics=speech)}
