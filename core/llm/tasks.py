"""What the product asks an LLM. Every task returns None on any failure; callers keep the rule-based result."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from core.llm.base import LLMBackend
from core.llm.blend import blend_evaluation
from core.llm.registry import get_llm
from core.llm.validate import (
    PROSE_KEYS,
    SCORE_KEYS,
    clean_text,
    judgement_problem,
    question_problem,
)

log = logging.getLogger(__name__)

__all__ = ["blend_evaluation", "generate_question", "judge_answer", "write_follow_up", "write_grading_key"]

LANGUAGES = ("ko", "en")
# Prompt excerpts are cut so that a 2048-token context still fits prompt + answer JSON.
MAX_ANSWER_CHARS = 2000
MAX_CONTEXT_CHARS = 1200
MAX_GROUNDING = 5

_SCORE = {"type": "integer", "enum": [1, 2, 3, 4, 5]}
JUDGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "technical_score": _SCORE,
        "communication_score": _SCORE,
        "strengths": {"type": "string", "minLength": 1, "maxLength": 160},
        "weaknesses": {"type": "string", "minLength": 1, "maxLength": 160},
        "feedback": {"type": "string", "minLength": 1, "maxLength": 320},
    },
    "required": [*SCORE_KEYS, *PROSE_KEYS],
    "additionalProperties": False,
}
QUESTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"question": {"type": "string", "minLength": 15, "maxLength": 300}},
    "required": ["question"],
    "additionalProperties": False,
}
JUDGE_MAX_TOKENS = 320
QUESTION_MAX_TOKENS = 160


@lru_cache(maxsize=1)
def prompts() -> dict[str, Any]:
    """The prompt templates from prompts.yaml."""
    return yaml.safe_load(Path(__file__).with_name("prompts.yaml").read_text(encoding="utf-8"))


def _language(language: str) -> str | None:
    code = language.split("-")[0].split("_")[0].lower()
    return code if code in LANGUAGES else None


def _excerpt(text: str | None, limit: int, lang: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        return prompts()["none"][lang]
    return text if len(text) <= limit else text[:limit] + "…"


def _bullets(items: Sequence[str], lang: str, limit: int = MAX_GROUNDING) -> str:
    lines = [f"- {' '.join(item.split())}" for item in items[:limit] if item.strip()]
    return "\n".join(lines) if lines else prompts()["none"][lang]


async def _ask(
    task: str, lang: str, fields: dict[str, str], schema: dict[str, Any], max_tokens: int, llm: LLMBackend | None
) -> tuple[dict[str, Any], str] | None:
    """Render the task prompt and call the backend; None (logged) on any failure."""
    backend = llm if llm is not None else get_llm()
    if backend is None:
        return None
    template = prompts()[task]
    try:
        data = await backend.generate_json(
            system=template["system"][lang],
            prompt=template["prompt"][lang].format_map(fields),
            schema=schema,
            max_tokens=max_tokens,
        )
    except Exception as exc:  # noqa: BLE001  any backend failure means "use the rubric", never an error page
        log.info("LLM %s via %s failed: %s: %s", task, backend.name, type(exc).__name__, exc)
        return None
    return data, backend.name


async def judge_answer(
    question: str,
    answer: str,
    language: str,
    key_points: Sequence[str],
    *,
    llm: LLMBackend | None = None,
) -> dict[str, Any] | None:
    """LLM grade {technical_score, communication_score 1-5, strengths, weaknesses, feedback, backend}, or None."""
    lang = _language(language)
    if lang is None:
        log.info("LLM judge skipped: unsupported language %r", language)
        return None
    fields = {
        "question": " ".join(question.split()),
        "answer": _excerpt(answer, MAX_ANSWER_CHARS, lang),
        "key_points": _bullets(key_points, lang, limit=10),
    }
    result = await _ask("judge", lang, fields, JUDGE_SCHEMA, JUDGE_MAX_TOKENS, llm)
    if result is None:
        return None
    data, backend = result
    problem = judgement_problem(data, lang, sources=[question, answer])
    if problem:
        log.info("LLM judgement from %s rejected: %s", backend, problem)
        return None
    judgement: dict[str, Any] = {key: data[key] for key in SCORE_KEYS}
    judgement.update({key: clean_text(data[key]) for key in PROSE_KEYS})
    judgement["backend"] = backend
    return judgement


async def _question_task(
    task: str, lang: str, fields: dict[str, str], grounding: Sequence[str], llm: LLMBackend | None
) -> str | None:
    result = await _ask(task, lang, fields, QUESTION_SCHEMA, QUESTION_MAX_TOKENS, llm)
    if result is None:
        return None
    data, backend = result
    raw = data.get("question")
    if not isinstance(raw, str):
        log.info("LLM %s from %s rejected: no question text", task, backend)
        return None
    text = clean_text(raw)
    problem = question_problem(text, lang, grounding)
    if problem:
        log.info("LLM %s from %s rejected: %s (%r)", task, backend, problem, text[:80])
        return None
    return text


async def generate_question(
    position: str,
    language: str,
    resume_text: str | None,
    job_description: str | None,
    grounding: Sequence[str],
    *,
    llm: LLMBackend | None = None,
) -> str | None:
    """One personalised question grounded in retrieved bank questions, validated, or None."""
    lang = _language(language)
    if lang is None:
        return None
    fields = {
        "position": " ".join(position.split()),
        "resume": _excerpt(resume_text, MAX_CONTEXT_CHARS, lang),
        "job": _excerpt(job_description, MAX_CONTEXT_CHARS, lang),
        "grounding": _bullets(grounding, lang),
    }
    return await _question_task("question", lang, fields, grounding, llm)


async def write_follow_up(
    question: str,
    answer: str,
    missed_points: Sequence[str],
    language: str,
    *,
    llm: LLMBackend | None = None,
) -> str | None:
    """One follow-up question about what the answer missed, validated, or None."""
    lang = _language(language)
    if lang is None:
        return None
    fields = {
        "question": " ".join(question.split()),
        "answer": _excerpt(answer, MAX_ANSWER_CHARS, lang),
        "missed": _bullets(missed_points, lang),
    }
    # The original question counts as grounding: repeating it is not a follow-up.
    return await _question_task("follow_up", lang, fields, [question], llm)


_TEXT = {"type": "string", "minLength": 1, "maxLength": 400}
MODEL_ANSWER_MAX_CHARS = 1000  # 4-6 sentences; the judge is shown the first 600
GRADING_KEY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "key_points": {"type": "array", "minItems": 3, "maxItems": 6, "items": {
            "type": "object", "properties": {"point": {"type": "string", "minLength": 2, "maxLength": 200},
                                             "terms": {"type": "array", "minItems": 1, "maxItems": 12,
                                                       "items": {"type": "string", "minLength": 1, "maxLength": 60}}},
            "required": ["point", "terms"], "additionalProperties": False}},
        "misconceptions": {"type": "array", "minItems": 0, "maxItems": 6, "items": {
            "type": "object", "properties": {"claim": _TEXT, "correction": _TEXT,
                                             "signals": {"type": "array", "maxItems": 8,
                                                         "items": {"type": "string", "minLength": 2, "maxLength": 80}}},
            "required": ["claim", "correction"], "additionalProperties": False}},
        # llama.cpp (in process, its server, Ollama) turns maxLength into a bounded repetition and refuses one over
        # 2000, then crashes at the first token (SIGSEGV): 2000 here killed the worker writing a grading key.
        "model_answer": {"type": "string", "minLength": 40, "maxLength": MODEL_ANSWER_MAX_CHARS},
    },
    "required": ["key_points", "misconceptions", "model_answer"],
    "additionalProperties": False,
}
GRADING_KEY_MAX_TOKENS = 900


def grading_key_problem(data: dict[str, Any], language: str) -> str | None:
    """Why an LLM-written grading key cannot be used (None when it can)."""
    from core.llm.validate import language_problem

    # The backend checks the shape shallowly: check every item here.
    points, mis, answer = data.get("key_points"), data.get("misconceptions"), data.get("model_answer")
    if not isinstance(points, list) or not 3 <= len(points) <= 6 or not all(
            isinstance(kp, dict) and isinstance(kp.get("point"), str) and kp["point"].strip()
            and isinstance(kp.get("terms"), list) and kp["terms"]
            and all(isinstance(t, str) and t.strip() for t in kp["terms"]) for kp in points):
        return "key_points must be 3..6 {point, terms[]}"
    if not isinstance(mis, list) or len(mis) > 6 or not all(
            isinstance(m, dict) and all(isinstance(m.get(k), str) and m[k].strip() for k in ("claim", "correction"))
            and all(isinstance(x, str) for x in m.get("signals") or []) for m in mis):
        return "misconceptions must be up to 6 {claim, correction, signals[]}"
    if not isinstance(answer, str) or len(answer.strip()) < 40:
        return "model_answer too short"
    problem = language_problem(answer, language)
    if problem:
        return f"model_answer: {problem}"
    points = data.get("key_points") or []
    labels = [" ".join(str(kp.get("point", "")).split()).lower() for kp in points]
    if len(set(labels)) != len(labels):
        return "duplicate key points"
    for mc in data.get("misconceptions") or []:
        if " ".join(str(mc["claim"]).split()).lower() == " ".join(str(mc["correction"]).split()).lower():
            return "a correction repeats its claim"
    return None


async def write_grading_key(question: str, language: str, *, llm: LLMBackend | None = None) -> dict[str, Any] | None:
    """Key points, misconceptions and a model answer for a question without a reference, validated, or None."""
    lang = _language(language)
    if lang is None:
        return None
    result = await _ask("grading_key", lang, {"question": " ".join(question.split())}, GRADING_KEY_SCHEMA,
                        GRADING_KEY_MAX_TOKENS, llm)
    if result is None:
        return None
    data, backend = result
    problem = grading_key_problem(data, lang)
    if problem:
        log.info("LLM grading key from %s rejected: %s", backend, problem)
        return None
    return {
        "key_points": [{"point": clean_text(kp["point"]), "terms": [clean_text(t) for t in kp["terms"] if t.strip()]}
                       for kp in data["key_points"]],
        "misconceptions": [{"claim": clean_text(m["claim"]), "correction": clean_text(m["correction"]),
                            "signals": [clean_text(s) for s in m.get("signals") or [] if s.strip()]}
                           for m in data["misconceptions"]],
        "model_answer": clean_text(data["model_answer"]),
        "backend": backend,
    }
